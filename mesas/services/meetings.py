"""Scheduling, moving and cancelling meetings (§6)."""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record
from mecanismo.core.validators import validate_portal_date
from mecanismo.outbox import keys

from .. import permissions
from ..models import (
    Body,
    Meeting,
    MeetingStatus,
    Modality,
    Speaker,
)
from ._common import _email, _require, meeting_email_context
from .invitations import invitations_sync


def meeting_modality_check(*, modality: str, place: str, video_link: str) -> None:
    """§6: a meeting in person says where it takes place; a virtual one gives the link to join.
    meeting_schedule and meeting_update refuse what breaks it; MeetingForm shows the same errors
    on its fields."""
    errors = {}
    if modality == Modality.IN_PERSON and not (place or "").strip():
        errors["place"] = _("Say where the meeting takes place.")
    if modality == Modality.VIRTUAL and not (video_link or "").strip():
        errors["video_link"] = _("Give the link to join the meeting.")
    if errors:
        raise ValidationError(errors)


def _validate_times(*, starts_at, ends_at, time_zone: str) -> None:
    errors = {}
    if time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = _("Choose a valid time zone.")
    for name, value in (("starts_at", starts_at), ("ends_at", ends_at)):
        try:
            # In UTC too: 9999-12-31T23:00 in Bogotá is past year 9999 once stored (finding 3).
            validate_portal_date(value)
            validate_portal_date(value.astimezone(datetime.UTC) if value else None)
        except ValidationError as exc:
            errors[name] = exc.messages[0]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if errors:
        raise ValidationError(errors)


def _validate_new_start(*, starts_at, recorded_afterwards: bool) -> None:
    """A meeting is scheduled ahead (invitations and reminders follow), or recorded after it
    took place (marked so; nobody is invited or reminded by e-mail)."""
    now = timezone.now()
    if not recorded_afterwards and starts_at <= now:
        raise ValidationError(
            {
                "starts_at": _(
                    "This start is in the past. To enter a meeting that already took place, "
                    "tick “Record a meeting that already took place”."
                )
            }
        )
    if recorded_afterwards and starts_at > now:
        raise ValidationError(
            {"starts_at": _("A meeting recorded afterwards must have started already.")}
        )


def _validate_move(*, meeting: Meeting, old_start) -> None:
    """An upcoming meeting is not moved into the past, nor a held one into the future (its
    attendance and minutes belong to the date it was held); other corrections are free."""
    now = timezone.now()
    if meeting.starts_at == old_start:
        return
    if old_start > now and meeting.starts_at <= now:
        raise ValidationError(
            {"starts_at": _("An upcoming meeting cannot be moved to a time already past.")}
        )
    if old_start <= now and meeting.starts_at > now:
        raise ValidationError(
            {"starts_at": _("A meeting that has taken place cannot be moved to the future.")}
        )


def _set_speakers(meeting: Meeting, speakers: Iterable[tuple[str, str, str]] | None) -> None:
    if speakers is None:
        return
    meeting.speakers.all().delete()
    Speaker.objects.bulk_create(
        [
            Speaker(meeting=meeting, name=name, affiliation=aff, role=role, position=i)
            for i, (name, aff, role) in enumerate(speakers)
            if name.strip()
        ]
    )


@transaction.atomic
def meeting_schedule(
    *,
    actor: User,
    body: Body,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    modality: str,
    place: str = "",
    video_link: str = "",
    description: str = "",
    is_open: bool = False,
    is_public: bool = True,
    speakers: Iterable[tuple[str, str, str]] | None = None,
    recorded_afterwards: bool = False,
) -> Meeting:
    """A coordinator of the body schedules a meeting (§6): it starts in the future and ends after
    it starts; the default audience is invited at once, each invitee by e-mail with the .ics.
    With `recorded_afterwards` it records a meeting that already took place: same invitees (so
    attendance can be recorded), no e-mail, no reminders."""
    _require(permissions.can_coordinate_body(actor, body))
    _validate_times(starts_at=starts_at, ends_at=ends_at, time_zone=time_zone)
    _validate_new_start(starts_at=starts_at, recorded_afterwards=recorded_afterwards)
    meeting_modality_check(modality=modality, place=place, video_link=video_link)
    meeting = Meeting.objects.create(
        body=body,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        modality=modality,
        place=place,
        video_link=video_link,
        description=description,
        is_open=is_open,
        is_public=is_public,
        recorded_afterwards=recorded_afterwards,
        created_by=actor,
    )
    _set_speakers(meeting, speakers)
    invitations_sync(meeting=meeting)
    audit_record(actor=actor, action="meeting.schedule", target=meeting, body=body.slug)
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: Meeting,
    speakers: Iterable[tuple[str, str, str]] | None = None,
    **fields,
) -> Meeting:
    """Edit a meeting. Moving it (new start or end) bumps its iCalendar sequence, re-arms the
    reminders for the new date and tells every invitee once per move (§6)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    _require(permissions.can_manage_meeting(actor, meeting))
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled; it cannot be changed."))
    allowed = {
        "title", "starts_at", "ends_at", "time_zone", "modality", "place", "video_link",
        "description", "is_open", "is_public",
    }  # fmt: skip
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    old_start, old_end = meeting.starts_at, meeting.ends_at
    for name, value in fields.items():
        setattr(meeting, name, value)
    moved = (meeting.starts_at, meeting.ends_at) != (old_start, old_end)
    _validate_times(
        starts_at=meeting.starts_at, ends_at=meeting.ends_at, time_zone=meeting.time_zone
    )
    meeting_modality_check(
        modality=meeting.modality, place=meeting.place, video_link=meeting.video_link
    )
    _validate_move(meeting=meeting, old_start=old_start)
    if moved:
        meeting.sequence += 1
    meeting.save()
    _set_speakers(meeting, speakers)
    invitations_sync(meeting=meeting)
    if moved and not meeting.has_started:
        # A held meeting whose times are corrected tells nobody; an upcoming one that moves
        # re-arms its reminders and tells every invitee.
        meeting.invitations.update(reminded_7d_at=None, reminded_1d_at=None)
        for inv in meeting.invitations.select_related("user"):
            _email(
                key=keys.meeting_moved(meeting, inv.user),
                user=inv.user,
                template="meeting_moved",
                context=meeting_email_context(meeting, inv.user),
                category="meeting_changes",
            )
    audit_record(actor=actor, action="meeting.update", target=meeting, moved=moved)
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a meeting and tell every invitee once (§6)."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    _require(permissions.can_manage_meeting(actor, meeting))
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is already cancelled."))
    if meeting.has_started:
        raise ValidationError(_("A meeting that has started cannot be cancelled."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    meeting.save(update_fields=["status", "cancel_reason", "sequence", "updated_at"])
    for inv in meeting.invitations.select_related("user"):
        _email(
            key=keys.meeting_cancelled(meeting, inv.user),
            user=inv.user,
            template="meeting_cancelled",
            context={**meeting_email_context(meeting, inv.user), "reason": reason},
            category="meeting_changes",
        )
    audit_record(actor=actor, action="meeting.cancel", target=meeting)
    return meeting
