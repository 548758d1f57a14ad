"""Replies (RSVP) and the attendance record of a meeting (§6)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record
from membership.selectors import member_for_user

from .. import permissions
from ..models import (
    AttendanceMark,
    Invitation,
    Meeting,
)
from ._common import _require


@transaction.atomic
def rsvp_set(*, actor: User, meeting: Meeting, response: str) -> Invitation:
    """An invitee replies (in person / online / not attending). In an open session a member's
    contact person who was not on the list gets an invitation with the reply."""
    if response not in dict(meeting.rsvp_choices):
        raise ValidationError(_("Choose one of the replies offered for this meeting."))
    # Serialise one person's replies: a double-submitted reply in an open session (no
    # invitation row to lock yet) must not create two rows or end in a 500.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    invitation = Invitation.objects.select_for_update().filter(meeting=meeting, user=actor).first()
    member = member_for_user(actor)
    if not permissions.can_rsvp(actor, meeting, invitation, member):
        raise PermissionDenied(_("You are not invited to this meeting."))
    if invitation is None:
        invitation = Invitation(meeting=meeting, user=actor, member=member)
    invitation.rsvp = response
    invitation.rsvp_at = timezone.now()
    invitation.save()
    return invitation


def attendance_open(meeting: Meeting) -> bool:
    """Attendance is recorded once the meeting has started (and never for a cancelled one)."""
    return not meeting.is_cancelled and meeting.has_started


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, marks: dict[int, str]) -> int:
    """Coordinators record attendance for invitees, after the meeting has started, in one bulk
    write: present (in person or online for a hybrid meeting), excused or absent, or nothing.
    An option the meeting does not offer, or an id that is not an invitation of this meeting,
    refuses the whole form."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    _require(permissions.can_manage_meeting(actor, meeting))
    if not attendance_open(meeting):
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    offered = {m.value for m in meeting.attendance_marks}
    if {v for v in marks.values() if v and v not in offered}:
        raise ValidationError(_("Choose one of the attendance options of this meeting."))
    invitations = {i.pk: i for i in meeting.invitations.filter(pk__in=list(marks))}
    strangers = set(marks) - set(invitations)
    if strangers:
        raise ValidationError(_("Attendance can only be recorded for people invited to it."))
    for pk, value in marks.items():
        mark = AttendanceMark(value) if value else None
        invitations[pk].attendance = mark.attendance if mark else ""
        invitations[pk].presence = mark.presence if mark else ""
    Invitation.objects.bulk_update(
        list(invitations.values()), ["attendance", "presence"], batch_size=1000
    )
    audit_record(actor=actor, action="meeting.attendance", target=meeting, rows=len(marks))
    return len(marks)


@transaction.atomic
def attendance_mark_all_present(*, actor: User, meeting: Meeting) -> int:
    """ "Mark all present": every invitee without a record yet becomes present; at a hybrid
    meeting in person or online as they replied (otherwise in person when the meeting has a
    place). Rows already recorded are kept. Returns how many rows were written."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    _require(permissions.can_manage_meeting(actor, meeting))
    if not attendance_open(meeting):
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    rows = list(meeting.invitations.filter(attendance=""))
    offered = set(meeting.attendance_marks)
    fallback = AttendanceMark.PRESENT
    if AttendanceMark.PRESENT not in offered:
        fallback = AttendanceMark.IN_PERSON if meeting.place else AttendanceMark.ONLINE
    for inv in rows:
        mark = AttendanceMark(inv.rsvp) if inv.rsvp in offered else fallback
        inv.attendance, inv.presence = mark.attendance, mark.presence
    Invitation.objects.bulk_update(rows, ["attendance", "presence"], batch_size=1000)
    audit_record(actor=actor, action="meeting.attendance_all", target=meeting, rows=len(rows))
    return len(rows)
