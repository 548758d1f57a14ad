"""Who may do what with bodies, meetings and minutes (§1, §6). Views and templates ask these
functions; nothing else re-derives a rule. Role lookups come from core.permissions and are cached
per request on the user, so these questions cost no extra queries."""

from __future__ import annotations

from mecanismo.core import permissions as core
from vinculacion import selectors as linking_table

from .models import (
    ActionItem,
    ActionItemAction,
    ActionStatus,
    AgendaProposal,
    Body,
    BodyKind,
    Meeting,
    MeetingAction,
    MinutesAction,
    MinutesStatus,
    MinutesVersion,
    ProposalAction,
    ProposalStatus,
)
from .selectors import invitation_for


def can_coordinate_body(user, body: Body) -> bool:
    """Mesa bodies: that mesa's coordinators. Linking table: its members — derived from the
    current mandates and agency designations (vinculacion.selectors). Dialogues with
    governments: GT-SC staff (the Regional Network facilitates them). Indicators commission:
    linking-table members and GT-SC staff. Admins: every body."""
    if not getattr(user, "is_authenticated", False):
        return False
    if core.is_admin(user):
        return True
    if body.kind == BodyKind.MESA:
        return body.mesa_id in core.coordinated_mesa_ids(user)
    if body.kind == BodyKind.LINKING_TABLE:
        return linking_table.is_linking_table_member(user)
    if body.kind == BodyKind.DIALOGUE:
        return core.is_gtsc_staff(user)
    if body.kind == BodyKind.INDICATORS:
        return linking_table.is_linking_table_member(user) or core.is_gtsc_staff(user)
    return False


def coordinated_bodies(user, bodies) -> list[Body]:
    return [b for b in bodies if can_coordinate_body(user, b)]


def can_manage_meeting(user, meeting: Meeting) -> bool:
    return can_coordinate_body(user, meeting.body)


def can_view_meeting(user, meeting: Meeting, invitation=None) -> bool:
    """Public meetings: everyone. Others: invitees and the body's coordinators."""
    return meeting.is_public or invitation is not None or can_manage_meeting(user, meeting)


def can_see_video_link(user, meeting: Meeting, invitation=None) -> bool:
    """The link is for invited people (and whoever replied) and the coordinators only (§6)."""
    return invitation is not None or can_manage_meeting(user, meeting)


def can_rsvp(user, meeting: Meeting, invitation=None, member=None) -> bool:
    """Invitees reply; in an open session any member's contact person may."""
    if not getattr(user, "is_authenticated", False) or meeting.is_cancelled:
        return False
    if meeting.has_started:
        return False
    return invitation is not None or (meeting.is_open and member is not None)


def can_propose_agenda_item(user, meeting: Meeting, invitation=None, member=None) -> bool:
    """Members invited to the meeting (or any member for an open session), before it starts."""
    return can_rsvp(user, meeting, invitation, member)


def can_comment_minutes(user, meeting: Meeting, invitation=None) -> bool:
    minutes = getattr(meeting, "minutes", None)
    if minutes is None or minutes.status != MinutesStatus.CIRCULATED:
        return False
    return invitation is not None or can_manage_meeting(user, meeting)


def minutes_actions(user, meeting: Meeting, invitation=None) -> set[MinutesAction]:
    """What `user` may do to these minutes now (§6: draft → circulated → approved). Coordinators
    write and circulate a draft, keep editing it while it circulates and approve it; approved
    minutes change only through a correction (a new version, previewed first). Invitees and
    coordinators comment while the minutes circulate."""
    minutes = getattr(meeting, "minutes", None)
    status = minutes.status if minutes is not None else MinutesStatus.DRAFT
    actions: set[MinutesAction] = set()
    if can_manage_meeting(user, meeting) and not meeting.is_cancelled:
        if status == MinutesStatus.DRAFT:
            actions |= {MinutesAction.SAVE, MinutesAction.CIRCULATE}
        elif status == MinutesStatus.CIRCULATED:
            actions |= {MinutesAction.SAVE, MinutesAction.APPROVE}
        elif status == MinutesStatus.APPROVED:
            actions.add(MinutesAction.CORRECT)
    if can_comment_minutes(user, meeting, invitation):
        actions.add(MinutesAction.COMMENT)
    return actions


def proposal_actions(user, proposal: AgendaProposal) -> set[ProposalAction]:
    """A pending proposal of a meeting that is not cancelled is accepted or declined by the
    body's coordinators; a decided one is final."""
    meeting = proposal.meeting
    if proposal.status != ProposalStatus.PENDING or meeting.is_cancelled:
        return set()
    if not can_manage_meeting(user, meeting):
        return set()
    return {ProposalAction.ACCEPT, ProposalAction.DECLINE}


def action_item_actions(user, item: ActionItem) -> set[ActionItemAction]:
    """The owner and the body's coordinators mark an open item done or dropped, and open a
    closed one again."""
    if not getattr(user, "is_authenticated", False):
        return set()
    if not (item.owner_id == user.pk or can_coordinate_body(user, item.body)):
        return set()
    if item.status == ActionStatus.OPEN:
        return {ActionItemAction.DONE, ActionItemAction.DROP}
    return {ActionItemAction.REOPEN}


def meeting_actions(user, meeting: Meeting, invitation=None, member=None) -> set[MeetingAction]:
    """What the meeting page offers `user` now: coordinators edit, prepare the agenda and cancel
    before the meeting, record attendance, outcomes and minutes once it has started; invitees
    (any member's contact in an open session) reply and propose items before it starts, and
    comment on circulated minutes."""
    actions: set[MeetingAction] = set()
    if can_manage_meeting(user, meeting) and not meeting.is_cancelled:
        actions |= {MeetingAction.EDIT, MeetingAction.AGENDA, MeetingAction.PROPOSALS}
        if meeting.has_started:
            actions |= {MeetingAction.ATTENDANCE, MeetingAction.OUTCOMES, MeetingAction.MINUTES}
        else:
            actions.add(MeetingAction.CANCEL)
    if can_rsvp(user, meeting, invitation, member):
        actions.add(MeetingAction.RSVP)
    if can_propose_agenda_item(user, meeting, invitation, member):
        actions.add(MeetingAction.PROPOSE)
    if invitation is not None and can_comment_minutes(user, meeting, invitation):
        actions.add(MeetingAction.COMMENT_MINUTES)
    return actions


def can_download_document(user, meeting: Meeting, invitation=None) -> bool:
    """Preparatory documents: invitees and coordinators (drafts are not public)."""
    return invitation is not None or can_manage_meeting(user, meeting)


def can_download_minutes_pdf(user, document) -> bool:
    """Access rule of every minutes PDF (documents app), asked at each download: whoever may see
    the meeting now — anyone while it is public; then its invitees and the body's coordinators."""
    version = (
        MinutesVersion.objects.select_related("minutes__meeting__body")
        .filter(document=document)
        .first()
    )
    if version is None:
        return False
    meeting = version.minutes.meeting
    if meeting.is_public:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    invitation = invitation_for(user, meeting)
    return can_view_meeting(user, meeting, invitation)
