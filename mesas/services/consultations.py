"""Consultations on drafts (§6, ToR 'contribution to preparatory documents'): opened to the
body's members until a date, commented paragraph by paragraph or as a whole, answered by the
coordinators; the draft keeps versions. Members are e-mailed when it opens and two days before
it closes (outbox, once each)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record
from mecanismo.outbox.services import absolute_url, recipient_language

from .. import permissions
from .. import permissions_outputs as perms
from .. import selectors_outputs as sel
from ..models import Body, Consultation, ConsultationComment, DraftVersion, Recommendation
from ._common import _email, _require


def key_consultation(consultation: Consultation, reason: str, user) -> str:
    return f"mesas:consultation:{consultation.pk}:{reason}:user:{user.pk}"


def _tell_members(consultation: Consultation, reason: str) -> int:
    sent = 0
    for user in sel.body_member_users(consultation.body):
        lang = recipient_language(user)
        with translation.override(lang):
            closes = formats.date_format(
                timezone.localtime(consultation.closes_at), "DATETIME_FORMAT"
            )
        sent += bool(
            _email(
                key=key_consultation(consultation, reason, user),
                user=user,
                template=f"consultation_{reason}",
                context={
                    "title": consultation.title,
                    "body_name": consultation.body.translated("name", lang),
                    "closes": closes,
                    "url": absolute_url("mesas:consultation_detail", lang, pk=consultation.pk),
                },
                category="minutes",
            )
        )
    return sent


@transaction.atomic
def consultation_open(
    *,
    actor: User,
    body: Body,
    title: str,
    kind: str,
    text: str,
    closes_at: datetime.datetime,
    recommendation: Recommendation | None = None,
) -> Consultation:
    _require(permissions.can_coordinate_body(actor, body))
    now = timezone.now()
    if closes_at <= now:
        raise ValidationError({"closes_at": _("The closing date must be in the future.")})
    if recommendation is not None and recommendation.body_id != body.pk:
        raise ValidationError({"recommendation": _("Choose one of this body.")})
    consultation = Consultation.objects.create(
        body=body,
        title=title,
        kind=kind,
        recommendation=recommendation,
        opens_at=now,
        closes_at=closes_at,
        created_by=actor,
    )
    DraftVersion.objects.create(consultation=consultation, number=1, text=text, created_by=actor)
    _tell_members(consultation, "opened")
    audit_record(actor=actor, action="consultation.open", target=consultation)
    return consultation


@transaction.atomic
def consultation_revise(
    *, actor: User, consultation: Consultation, text: str, note: str
) -> DraftVersion:
    """A new version of the draft; earlier versions and their comments stay."""
    _require(permissions.can_coordinate_body(actor, consultation.body))
    Consultation.objects.select_for_update(of=("self",)).filter(pk=consultation.pk).first()
    number = (consultation.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    return DraftVersion.objects.create(
        consultation=consultation, number=number, text=text, note=note, created_by=actor
    )


@transaction.atomic
def consultation_comment(
    *, actor: User, consultation: Consultation, text: str, paragraph: int | None = None
) -> ConsultationComment:
    """A member comments on one paragraph of the current version, or on the whole draft."""
    if not perms.can_view_consultation(actor, consultation):
        raise PermissionDenied(_("Only the body's members take part in this consultation."))
    if not consultation.is_open:
        raise ValidationError(_("This consultation is closed."))
    version = consultation.versions.order_by("-number").first()
    if paragraph is not None and not 1 <= paragraph <= len(version.paragraphs()):
        raise ValidationError({"paragraph": _("There is no such paragraph.")})
    if not (text or "").strip():
        raise ValidationError({"text": _("Write your comment.")})
    return ConsultationComment.objects.create(
        consultation=consultation, version=version, paragraph=paragraph, author=actor, text=text
    )


@transaction.atomic
def consultation_answer(
    *, actor: User, comment: ConsultationComment, answer: str, taken_into_account: bool
) -> ConsultationComment:
    _require(permissions.can_coordinate_body(actor, comment.consultation.body))
    comment.answer = answer
    comment.taken_into_account = taken_into_account
    comment.answered_by = actor
    comment.save(update_fields=["answer", "taken_into_account", "answered_by"])
    return comment


def consultation_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Two days before a consultation closes, its members are reminded (once each)."""
    now = now or timezone.now()
    sent = 0
    closing = Consultation.objects.filter(
        reminded_at__isnull=True,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=2),
    ).select_related("body")
    for consultation in closing:
        with transaction.atomic():
            sent += _tell_members(consultation, "closing")
            Consultation.objects.filter(pk=consultation.pk).update(reminded_at=now)
    return sent
