"""Follow-up of recommendations on two tracks (§6): the addressee's response and the
implementation, each entry dated with its source; reminders to the body's coordinators 30 days
before a response is due and on the due date (outbox, once per person and reason)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record
from mecanismo.outbox.services import absolute_url, recipient_language

from .. import permissions_outputs as perms
from .. import selectors
from ..models import (
    Addressee,
    FollowUp,
    FollowUpTrack,
    ImplementationStatus,
    Meeting,
    Recommendation,
    RecommendationStatus,
    ResponseStatus,
    SourceKind,
)
from ._common import _email
from .inputs import checked_upload, safe_stem

STATUSES = {
    FollowUpTrack.RESPONSE: ResponseStatus,
    FollowUpTrack.IMPLEMENTATION: ImplementationStatus,
}


def key_response_reminder(addressee: Addressee, label: str, user) -> str:
    return (
        f"mesas:recommendation:{addressee.recommendation_id}:addressee:{addressee.pk}"
        f":{label}:user:{user.pk}"
    )


def _validate_entry(
    *, rec, track, status, on, source_kind, source_url, upload, source_meeting, addressee
):
    errors: dict[str, str] = {}
    if on is None:
        errors["on"] = _("Give the date of this entry.")
    elif on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    choices = STATUSES.get(track)
    if choices is not None and status not in choices.values:
        errors["status"] = _("Choose a status of this track.")
    if track == FollowUpTrack.RESPONSE:
        if addressee is None or addressee.recommendation_id != rec.pk:
            errors["addressee"] = _("The recommendation is not addressed to this government.")
    if source_kind == SourceKind.LINK and not source_url:
        errors["source_url"] = _("Give the link to the source.")
    if source_kind == SourceKind.DOCUMENT and not upload:
        errors["source_file"] = _("Attach the source document.")
    if source_kind == SourceKind.MEETING and source_meeting is None:
        errors["source_meeting"] = _("Choose the meeting.")
    if source_kind not in SourceKind.values:
        errors["source_kind"] = _("Choose the kind of source.")
    if errors:
        raise ValidationError(errors)


def _refresh_current(rec: Recommendation, addressee: Addressee | None, track: str) -> None:
    """The current status of a track is its latest entry by date (a late-recorded older entry does
    not override a newer one)."""
    entries = FollowUp.objects.filter(recommendation=rec, track=track)
    if track == FollowUpTrack.RESPONSE:
        latest = entries.filter(addressee=addressee).order_by("-on", "-id").first()
        addressee.response_status = latest.status if latest else ResponseStatus.NONE
        addressee.save(update_fields=["response_status"])
    elif track == FollowUpTrack.IMPLEMENTATION:
        latest = entries.order_by("-on", "-id").first()
        rec.implementation_status = latest.status if latest else ImplementationStatus.NOT_STARTED
        rec.save(update_fields=["implementation_status"])


@transaction.atomic
def follow_up_record(
    *,
    actor: User | None,
    rec: Recommendation,
    track: str,
    on: datetime.date | None,
    status: str = "",
    summary: str = "",
    source_kind: str = SourceKind.LINK,
    source_url: str = "",
    upload=None,
    source_meeting: Meeting | None = None,
    addressee: Addressee | None = None,
    check_permission: bool = True,
) -> FollowUp:
    """One dated entry with its source. A response names one of the recommendation's
    addressees; dates in the future are refused; a draft has no follow-up."""
    rec = Recommendation.objects.select_for_update(of=("self",)).get(pk=rec.pk)
    if check_permission and not perms.can_record_follow_up(actor, rec):
        raise PermissionDenied(_("You may not record the follow-up of this recommendation."))
    if rec.status == RecommendationStatus.DRAFT:
        raise ValidationError(_("A draft has no follow-up yet."))
    _validate_entry(
        rec=rec,
        track=track,
        status=status,
        on=on,
        source_kind=source_kind,
        source_url=source_url,
        upload=upload,
        source_meeting=source_meeting,
        addressee=addressee,
    )
    entry = FollowUp(
        recommendation=rec,
        track=track,
        addressee=addressee if track != FollowUpTrack.IMPLEMENTATION else None,
        status=status if track in STATUSES else "",
        on=on,
        summary=summary,
        source_kind=source_kind,
        source_url=source_url if source_kind == SourceKind.LINK else "",
        source_meeting=source_meeting if source_kind == SourceKind.MEETING else None,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if source_kind == SourceKind.DOCUMENT:
        entry.source_file_kind = checked_upload(upload)
        entry.source_file.save(
            f"{safe_stem(upload.name)}.{entry.source_file_kind}", upload, save=False
        )
    entry.save()
    if track in STATUSES:
        _refresh_current(rec, addressee, track)
    # Ids only in the data: the audit page shows it as it is, untranslated.
    audit_record(actor=actor, action="recommendation.follow_up", target=rec, follow_up_id=entry.pk)
    return entry


def recommendation_reminders_send(*, today: datetime.date | None = None) -> int:
    """Coordinators of the body are reminded 30 days before a response is due and on the due date,
    for addressees still without a response. Each reminder once per person (outbox key); a
    sweep that runs late still sends it (up to 7 days after the day)."""
    today = today or timezone.localdate()
    sent = 0
    due = (
        Addressee.objects.filter(
            response_status=ResponseStatus.NONE,
            response_due_on__gte=today - datetime.timedelta(days=7),
            response_due_on__lte=today + datetime.timedelta(days=30),
            recommendation__status__in=[
                RecommendationStatus.ADOPTED,
                RecommendationStatus.PUBLISHED,
            ],
        )
        .select_related("recommendation__body", "country")
        .order_by("pk")
    )
    for addressee in due:
        label = "due" if addressee.response_due_on <= today else "30d"
        if label == "30d" and addressee.response_due_on - today > datetime.timedelta(days=30):
            continue
        rec = addressee.recommendation
        with transaction.atomic():
            for user in selectors.body_coordinators(rec.body):
                lang = recipient_language(user)
                with translation.override(lang):
                    name = str(addressee)
                    due_on = formats.date_format(addressee.response_due_on, "DATE_FORMAT")
                sent += bool(
                    _email(
                        key=key_response_reminder(addressee, label, user),
                        user=user,
                        template=f"response_due_{label}",
                        context={
                            "title": rec.title,
                            "addressee": name,
                            "due_on": due_on,
                            "url": absolute_url("mesas:recommendation_detail", lang, pk=rec.pk),
                        },
                        category="coordinator_reminders",
                    )
                )
    return sent
