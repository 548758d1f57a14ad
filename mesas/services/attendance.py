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
    Attendance,
    Invitation,
    Meeting,
    Rsvp,
)
from ._common import _require


@transaction.atomic
def rsvp_set(*, actor: User, meeting: Meeting, response: str) -> Invitation:
    """An invitee replies (in person / online / not attending). In an open session a member's
    contact person who was not on the list gets an invitation with the reply."""
    if response not in Rsvp.values:
        raise ValidationError(_("Choose a reply."))
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


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, marks: dict[int, str]) -> int:
    """Coordinators record present/excused/absent for invitees, after the meeting has started,
    in one bulk write. An id that is not an invitation of this meeting refuses the whole form."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
    )
    _require(permissions.can_manage_meeting(actor, meeting))
    if meeting.is_cancelled or not meeting.has_started:
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    bad_values = {v for v in marks.values() if v and v not in Attendance.values}
    if bad_values:
        raise ValidationError(_("Choose present, excused or absent."))
    invitations = {i.pk: i for i in meeting.invitations.filter(pk__in=list(marks))}
    strangers = set(marks) - set(invitations)
    if strangers:
        raise ValidationError(_("Attendance can only be recorded for people invited to it."))
    for pk, value in marks.items():
        invitations[pk].attendance = value or ""
    Invitation.objects.bulk_update(list(invitations.values()), ["attendance"], batch_size=1000)
    audit_record(actor=actor, action="meeting.attendance", target=meeting, rows=len(marks))
    return len(marks)
