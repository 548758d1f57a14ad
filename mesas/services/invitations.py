"""Who is invited to a meeting (§6), and how invitations follow membership changes."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone, translation

from mecanismo.core.models import User
from mecanismo.outbox import categories, keys
from mecanismo.outbox.services import recipient_language
from membership.selectors import approved_contacts, current_mesas, member_contacts, mesa_contacts
from vinculacion import selectors as linking_table

from .. import feeds
from ..models import (
    Body,
    BodyKind,
    Invitation,
    Meeting,
    MeetingStatus,
)
from ..selectors import body_coordinators
from ._common import _email, meeting_email_context


def default_invitees(body: Body, *, is_open: bool) -> dict[int, int | None]:
    """{user_id: member_id or None}. Mesa: contact persons of approved members of the mesa.
    Open session: contact persons of every member. Linking table: the seat holders (current
    mandates and agency designations). Dialogues and the indicators commission: linking-table
    members and GT-SC staff. Whoever coordinates the body is always invited."""
    people: dict[int, int | None] = {}
    if is_open:
        rows = approved_contacts().values_list("user_id", "member_id")
    elif body.kind == BodyKind.MESA:
        rows = mesa_contacts(body.mesa_id).values_list("user_id", "member_id")
    else:
        rows = []
    for user_id, member_id in rows:
        people[user_id] = member_id
    extra = set(body_coordinators(body).values_list("pk", flat=True))
    if body.kind == BodyKind.DIALOGUE:
        # Linking-table members sit in the dialogues that GT-SC staff coordinate.
        extra |= set(linking_table.linking_table_users().values_list("pk", flat=True))
    if extra:
        member_of = dict(
            approved_contacts()
            .filter(user_id__in=extra - set(people))
            .values_list("user_id", "member_id")
        )
        for user_id in extra:
            people.setdefault(user_id, member_of.get(user_id))
    return people


def invitation_emails_send(*, meeting: Meeting, user_ids) -> int:
    """E-mail each newly invited person their invitation with the meeting's .ics attached, once
    per person and meeting (the outbox key), in their language; skipped for a meeting that has
    started or was recorded afterwards (nobody is invited to the past) and for people who
    switched invitations off. Call inside the transaction that wrote the invitations."""
    if meeting.is_cancelled or meeting.recorded_afterwards or meeting.has_started:
        return 0
    users = User.objects.filter(pk__in=list(user_ids), is_active=True)
    calendars: dict[str, str] = {}  # one .ics per language, whatever the number of invitees
    sent = 0
    for user in users:
        lang = recipient_language(user)
        if lang not in calendars:
            with translation.override(lang):
                cal = feeds.calendar_for([(meeting, None)], name=meeting.title, with_link=True)
            calendars[lang] = cal.to_ical().decode()
        message = _email(
            key=keys.meeting_invitation(meeting, user.pk),
            user=user,
            template="meeting_invitation",
            context=meeting_email_context(meeting, user),
            category=categories.MEETING_INVITATIONS,
            attachments=[
                {
                    "filename": f"meeting-{meeting.pk}.ics",
                    "mimetype": "text/calendar",
                    "content": calendars[lang],
                }
            ],
        )
        sent += message is not None
    return sent


def invitations_sync(*, meeting: Meeting, notify: bool = True) -> int:
    """Invite whoever belongs to the default audience and is not invited yet (members who joined
    since the meeting was scheduled), each told by e-mail (`notify=False`: only for the demo
    data, which is loaded, not scheduled). Never removes anyone. Returns how many were added."""
    existing = set(meeting.invitations.values_list("user_id", flat=True))
    people = default_invitees(meeting.body, is_open=meeting.is_open)
    new = [
        Invitation(meeting=meeting, user_id=uid, member_id=mid)
        for uid, mid in people.items()
        if uid not in existing
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    if notify:
        invitation_emails_send(meeting=meeting, user_ids=[inv.user_id for inv in new])
    return len(new)


def _upcoming_mesa_meetings(mesa_id: int):
    """Scheduled meetings of the mesa's body that have not started: the only ones whose
    invitations follow membership changes (past meetings keep their invitees and attendance)."""
    return Meeting.objects.filter(
        body__mesa_id=mesa_id, status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now()
    ).select_related("body")


@transaction.atomic
def invitations_member_joined(*, member_id: int, mesa_id: int) -> int:
    """A member was approved in a mesa: its contact persons are invited to the upcoming
    meetings of that mesa (they then get the usual reminders). Returns invitations added."""
    users = list(member_contacts(member_id).values_list("user_id", flat=True))
    if not users:
        return 0
    meetings = list(_upcoming_mesa_meetings(mesa_id))
    existing = set(
        Invitation.objects.filter(meeting__in=meetings, user_id__in=users).values_list(
            "meeting_id", "user_id"
        )
    )
    new = [
        Invitation(meeting=meeting, user_id=user_id, member_id=member_id)
        for meeting in meetings
        for user_id in users
        if (meeting.pk, user_id) not in existing
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
    for meeting in meetings:
        invitation_emails_send(
            meeting=meeting, user_ids=[inv.user_id for inv in new if inv.meeting_id == meeting.pk]
        )
    return len(new)


@transaction.atomic
def invitations_member_left(*, member_id: int, mesa_id: int) -> int:
    """A member left a mesa (or was archived): its people are no longer invited to the mesa's
    upcoming meetings, unless they still belong to the audience on another ground (an open
    session, a coordinator). Meetings that have started keep everything (attendance, minutes).
    Returns invitations removed."""
    removed = 0
    audiences: dict[bool, dict] = {}
    for meeting in _upcoming_mesa_meetings(mesa_id):
        if meeting.is_open not in audiences:
            audiences[meeting.is_open] = default_invitees(meeting.body, is_open=meeting.is_open)
        entitled = audiences[meeting.is_open]
        removed += (
            meeting.invitations.filter(member_id=member_id)
            .exclude(user_id__in=list(entitled))
            .delete()[0]
        )
    return removed


@transaction.atomic
def invitations_contact_joined(*, member_id: int) -> int:
    """A new contact person of a member: invited to the upcoming meetings of the member's mesas."""
    mesa_ids = current_mesas(member_id).values_list("mesa_id", flat=True)
    return sum(invitations_member_joined(member_id=member_id, mesa_id=m) for m in mesa_ids)


@transaction.atomic
def invitations_contact_left(*, member_id: int, user_id: int) -> int:
    """A person stopped acting for a member (or deleted their account): off the upcoming
    meetings they were invited to for it, unless invited on another ground. Past meetings keep
    their invitations and attendance."""
    removed = 0
    invitations = Invitation.objects.filter(
        member_id=member_id,
        user_id=user_id,
        meeting__status=MeetingStatus.SCHEDULED,
        meeting__starts_at__gt=timezone.now(),
    ).select_related("meeting__body")
    for invitation in invitations:
        meeting = invitation.meeting
        if user_id not in default_invitees(meeting.body, is_open=meeting.is_open):
            invitation.delete()
            removed += 1
    return removed
