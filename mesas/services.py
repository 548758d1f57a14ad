"""Every write about bodies, meetings and minutes (§6). One function per use case, keyword-only,
atomic; the caller passes the acting user and the function checks the object-level permission
(mesas/permissions.py) itself, so a view cannot forget it. E-mail goes through the outbox
(`email_enqueue`, one call per recipient with a dedup key) and PDFs through `document_request`,
both inside the transaction of the change that causes them."""

from __future__ import annotations

import datetime
import zipfile
import zoneinfo
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mecanismo.core.models import Role, RoleAssignment, User
from mecanismo.core.services import audit_record
from mecanismo.core.timezones import time_zone_name
from mecanismo.outbox.services import absolute_url, email_enqueue, recipient_language
from membership.models import (
    ContactPerson,
    ContactStatus,
    MembershipStatus,
    MesaMembership,
)
from membership.selectors import member_for_user

from . import permissions
from .markup import render_markdown
from .models import (
    ActionItem,
    ActionStatus,
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Agreement,
    Attendance,
    Body,
    BodyKind,
    Cadence,
    CalendarToken,
    Invitation,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
    ProposalStatus,
    Rsvp,
    Speaker,
)
from .selectors import cadence_period, period_range

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
EMAIL_PREFIX = "mesas/email/"


# --------------------------------------------------------------------------- helpers


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not coordinate this body."))


def _user_zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def format_when(meeting: Meeting, user=None, lang: str | None = None) -> str:
    """'12 de marzo de 2026 15:00 (Bogotá, Colombia)' in the person's zone and language (the
    zone named as people read it, not its IANA id)."""
    zone = _user_zone(user) if user is not None else meeting.zone
    lang = lang or recipient_language(user)
    with translation.override(lang):
        start = timezone.localtime(meeting.starts_at, zone)
        return f"{formats.date_format(start, 'DATETIME_FORMAT')} ({time_zone_name(zone.key, lang)})"


def meeting_email_context(meeting: Meeting, user, *, with_link: bool = True) -> dict:
    """JSON-only context for e-mails about a meeting, in the recipient's language and zone."""
    lang = recipient_language(user)
    with translation.override(lang):
        modality = str(meeting.get_modality_display())
    return {
        "meeting_id": meeting.pk,
        "title": meeting.title,
        "body_name": meeting.body.translated("name", lang),
        "when": format_when(meeting, user, lang),
        "when_meeting_zone": format_when(meeting, None, lang),
        "modality": modality,
        "place": meeting.place,
        "video_link": meeting.video_link if with_link else "",
        "url": absolute_url("mesas:meeting_detail", lang, pk=meeting.pk),
    }


def _email(*, key: str, user, template: str, context: dict, category: str):
    """One e-mail to one account (the outbox writes it in the account's language)."""
    return email_enqueue(
        key=key, user=user, template=EMAIL_PREFIX + template, context=context, category=category
    )


# --------------------------------------------------------------------------- invitees


def default_invitees(body: Body, *, is_open: bool) -> dict[int, int | None]:
    """{user_id: member_id or None}. Mesa: contact persons of approved members of the mesa.
    Open session: contact persons of every member. Linking table: the seat holders (linking-table
    role). Dialogues and the indicators commission: linking-table members and GT-SC staff.
    Whoever coordinates the body is always invited."""
    people: dict[int, int | None] = {}
    contacts = ContactPerson.objects.filter(
        status=ContactStatus.APPROVED, user__is_active=True, member__archived_at__isnull=True
    )
    if is_open:
        rows = contacts.values_list("user_id", "member_id")
    elif body.kind == BodyKind.MESA:
        rows = contacts.filter(
            member__mesa_memberships__mesa_id=body.mesa_id,
            member__mesa_memberships__status=MembershipStatus.APPROVED,
        ).values_list("user_id", "member_id")
    else:
        rows = []
    for user_id, member_id in rows:
        people[user_id] = member_id
    roles = RoleAssignment.objects.active()
    if body.kind == BodyKind.LINKING_TABLE:
        role_users = roles.filter(role=Role.LINKING_TABLE).values_list("user_id", flat=True)
    elif body.kind in (BodyKind.DIALOGUE, BodyKind.INDICATORS):
        role_users = roles.filter(role__in=[Role.LINKING_TABLE, Role.GTSC_STAFF]).values_list(
            "user_id", flat=True
        )
    else:
        role_users = []
    coordinators = permissions.coordinator_users(body).values_list("pk", flat=True)
    extra = set(role_users) | set(coordinators)
    if extra:
        member_of = dict(
            contacts.filter(user_id__in=extra - set(people)).values_list("user_id", "member_id")
        )
        for user_id in extra:
            people.setdefault(user_id, member_of.get(user_id))
    return people


def invitations_sync(*, meeting: Meeting) -> int:
    """Invite whoever belongs to the default audience and is not invited yet (members who joined
    since the meeting was scheduled). Never removes anyone. Returns how many were added."""
    existing = set(meeting.invitations.values_list("user_id", flat=True))
    people = default_invitees(meeting.body, is_open=meeting.is_open)
    new = [
        Invitation(meeting=meeting, user_id=uid, member_id=mid)
        for uid, mid in people.items()
        if uid not in existing
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True)
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
    users = list(
        ContactPerson.objects.filter(
            member_id=member_id,
            status=ContactStatus.APPROVED,
            user__is_active=True,
            member__archived_at__isnull=True,
        ).values_list("user_id", flat=True)
    )
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


def invitations_contact_joined(*, member_id: int) -> int:
    """A new contact person of a member: invited to the upcoming meetings of the member's mesas."""
    mesa_ids = MesaMembership.objects.filter(
        member_id=member_id, status=MembershipStatus.APPROVED
    ).values_list("mesa_id", flat=True)
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


# --------------------------------------------------------------------------- meetings


def _validate_times(*, starts_at, ends_at, time_zone: str, new: bool) -> None:
    errors = {}
    if time_zone not in zoneinfo.available_timezones():
        errors["time_zone"] = _("Choose a valid time zone.")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("The meeting must end after it starts.")
    if new and starts_at and starts_at <= timezone.now():
        errors["starts_at"] = _("A new meeting cannot start in the past.")
    if errors:
        raise ValidationError(errors)


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
) -> Meeting:
    """A coordinator of the body schedules a meeting (§6). Starts in the future, ends after it
    starts; the default audience is invited at once."""
    _require(permissions.can_coordinate_body(actor, body))
    _validate_times(starts_at=starts_at, ends_at=ends_at, time_zone=time_zone, new=True)
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
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        time_zone=meeting.time_zone,
        new=moved and meeting.starts_at != old_start,
    )
    if moved:
        meeting.sequence += 1
    meeting.save()
    _set_speakers(meeting, speakers)
    invitations_sync(meeting=meeting)
    if moved:
        meeting.invitations.update(reminded_7d_at=None, reminded_1d_at=None)
        for inv in meeting.invitations.select_related("user"):
            _email(
                key=f"mesas:meeting:{meeting.pk}:moved:{meeting.sequence}:user:{inv.user_id}",
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
            key=f"mesas:meeting:{meeting.pk}:cancelled:user:{inv.user_id}",
            user=inv.user,
            template="meeting_cancelled",
            context={**meeting_email_context(meeting, inv.user), "reason": reason},
            category="meeting_changes",
        )
    audit_record(actor=actor, action="meeting.cancel", target=meeting)
    return meeting


# --------------------------------------------------------------------------- agenda


def _next_position(qs) -> int:
    return (qs.aggregate(m=Max("position"))["m"] or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    description: str = "",
    presenter: str = "",
    objectives: Iterable = (),
) -> AgendaItem:
    _require(permissions.can_manage_meeting(actor, meeting))
    Meeting.objects.select_for_update(of=("self",)).filter(pk=meeting.pk).first()
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting.agenda_items.all()),
        title=title,
        description=description,
        presenter=presenter,
    )
    item.objectives.set(objectives)
    return item


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    """Swap an item with its neighbour; positions are renumbered 1..n so they stay dense."""
    _require(permissions.can_manage_meeting(actor, item.meeting))
    Meeting.objects.select_for_update(of=("self",)).filter(pk=item.meeting_id).first()
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "id"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        it.position = position
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_item_delete(*, actor: User, item: AgendaItem) -> None:
    _require(permissions.can_manage_meeting(actor, item.meeting))
    AgendaProposal.objects.filter(agenda_item=item).update(
        status=ProposalStatus.PENDING, agenda_item=None, decided_at=None, decided_by=None
    )
    item.delete()


def document_kind(upload) -> str:
    """What the file is, from its bytes: 'pdf', 'docx' or 'odt'. Anything else (whatever its
    name says) is refused (§10: uploads checked by content)."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is too large (at most %(mb)s MB).") % {"mb": MAX_DOCUMENT_BYTES >> 20}
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").strip()
                    if mimetype == b"application/vnd.oasis.opendocument.text":
                        return "odt"
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return "docx"
        except (zipfile.BadZipFile, KeyError, OSError):
            pass
        finally:
            upload.seek(0)
    raise ValidationError(
        _("Only PDF, Word (DOCX) and OpenDocument (ODT) text files are accepted.")
    )


@transaction.atomic
def agenda_document_attach(*, actor: User, item: AgendaItem, title: str, upload) -> AgendaDocument:
    """Attach a preparatory document to an agenda item (coordinators)."""
    _require(permissions.can_manage_meeting(actor, item.meeting))
    kind = document_kind(upload)
    doc = AgendaDocument(item=item, title=title, kind=kind, size=upload.size, uploaded_by=actor)
    # The stored name ends in what the bytes are, whatever the uploaded name said ("x.html").
    stem = upload.name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0] or "document"
    doc.file.save(f"{stem}.{kind}", upload, save=False)
    doc.save()
    audit_record(actor=actor, action="meeting.document_attach", target=doc, kind=kind)
    return doc


@transaction.atomic
def agenda_proposal_submit(
    *, actor: User, meeting: Meeting, title: str, description: str = "", objectives: Iterable = ()
) -> AgendaProposal:
    """A member proposes an agenda item before the meeting (§6)."""
    invitation = Invitation.objects.filter(meeting=meeting, user=actor).first()
    member = member_for_user(actor)
    if not permissions.can_propose_agenda_item(actor, meeting, invitation, member):
        raise PermissionDenied(_("Only invited members can propose items, before the meeting."))
    proposal = AgendaProposal.objects.create(
        meeting=meeting,
        proposed_by=actor,
        member=member,
        title=title,
        description=description,
    )
    proposal.objectives.set(objectives)
    return proposal


@transaction.atomic
def agenda_proposal_decide(
    *, actor: User, proposal: AgendaProposal, accept: bool, reason: str = ""
) -> AgendaProposal:
    """Coordinators accept a proposal (it joins the agenda) or decline it with a reason; the
    proposer is told by e-mail, once."""
    proposal = (
        AgendaProposal.objects.select_for_update(of=("self",))
        .select_related("meeting__body", "proposed_by")
        .get(pk=proposal.pk)
    )
    meeting = proposal.meeting
    _require(permissions.can_manage_meeting(actor, meeting))
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This proposal was already decided."))
    if not accept and not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is declined.")})
    if accept:
        item = agenda_item_add(
            actor=actor,
            meeting=meeting,
            title=proposal.title,
            description=proposal.description,
            presenter=proposal.member.name if proposal.member else proposal.proposed_by.full_name,
            objectives=list(proposal.objectives.all()),
        )
        proposal.agenda_item = item
        proposal.status = ProposalStatus.ACCEPTED
    else:
        proposal.status = ProposalStatus.DECLINED
    proposal.decision_reason = reason
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save()
    user = proposal.proposed_by
    _email(
        key=f"mesas:proposal:{proposal.pk}:decided:user:{user.pk}",
        user=user,
        template="proposal_decided",
        context={
            **meeting_email_context(meeting, user),
            "proposal_title": proposal.title,
            "accepted": accept,
            "reason": reason,
        },
        category="membership",
    )
    audit_record(actor=actor, action="meeting.proposal_decide", target=proposal, accepted=accept)
    return proposal


# --------------------------------------------------------------------------- replies, attendance


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


# --------------------------------------------------------------------------- outcomes


@transaction.atomic
def agreement_add(*, actor: User, meeting: Meeting, text: str) -> Agreement:
    _require(permissions.can_manage_meeting(actor, meeting))
    return Agreement.objects.create(
        meeting=meeting, text=text, position=_next_position(meeting.agreements.all())
    )


@transaction.atomic
def action_item_add(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    owner: User | None = None,
    owner_name: str = "",
    due_on: datetime.date | None = None,
) -> ActionItem:
    _require(permissions.can_manage_meeting(actor, meeting))
    if owner is None and not owner_name.strip():
        raise ValidationError({"owner_name": _("Name who will do it.")})
    return ActionItem.objects.create(
        meeting=meeting,
        body_id=meeting.body_id,
        text=text,
        owner=owner,
        owner_name=owner_name,
        due_on=due_on,
    )


@transaction.atomic
def action_item_set_status(*, actor: User, item: ActionItem, status: str) -> ActionItem:
    """The body's coordinators or the owner mark an item done, dropped or open again."""
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("body").get(pk=item.pk)
    if not (permissions.can_coordinate_body(actor, item.body) or item.owner_id == actor.pk):
        raise PermissionDenied(_("Only the owner or the coordinators can change this item."))
    if status not in ActionStatus.values:
        raise ValidationError(_("Choose a status."))
    item.status = status
    item.save(update_fields=["status"])
    return item


# --------------------------------------------------------------------------- minutes


def _minutes_locked(meeting: Meeting) -> Minutes:
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


@transaction.atomic
def minutes_save(*, actor: User, meeting: Meeting, text: str) -> Minutes:
    """Write or edit the draft (also while circulated: comments lead to edits). Markdown is
    stored with its sanitised HTML: no script, style, frame or javascript: link survives."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(_("Approved minutes are corrected with a new version."))
    minutes.text = text
    minutes.html = render_markdown(text)
    minutes.updated_by = actor
    minutes.save()
    return minutes


@transaction.atomic
def minutes_circulate(*, actor: User, meeting: Meeting) -> Minutes:
    """Draft → circulated: invitees are asked for comments, each once (§6 reminders)."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(_("Only draft minutes can be circulated."))
    if not minutes.text.strip():
        raise ValidationError(_("Write the minutes before circulating them."))
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.save()
    for inv in meeting.invitations.select_related("user"):
        lang = recipient_language(inv.user)
        _email(
            key=f"mesas:minutes:{minutes.pk}:circulated:user:{inv.user_id}",
            user=inv.user,
            template="minutes_circulated",
            context={
                **meeting_email_context(meeting, inv.user, with_link=False),
                "minutes_url": absolute_url("mesas:minutes", lang, pk=meeting.pk),
            },
            category="minutes",
        )
    audit_record(actor=actor, action="minutes.circulate", target=meeting)
    return minutes


@transaction.atomic
def minutes_comment(*, actor: User, meeting: Meeting, text: str) -> MinutesComment:
    invitation = Invitation.objects.filter(meeting=meeting, user=actor).first()
    if not permissions.can_comment_minutes(actor, meeting, invitation):
        raise PermissionDenied(_("Comments are open to invitees while the minutes circulate."))
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    return MinutesComment.objects.create(minutes=meeting.minutes, author=actor, text=text)


def _freeze_version(*, actor: User, minutes: Minutes, note: str = "") -> MinutesVersion:
    number = (minutes.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=number,
        text=minutes.text,
        html=minutes.html,
        note=note,
        approved_by=actor,
    )
    minutes_pdf_request(version=version)
    return version


def minutes_pdf_request(*, version: MinutesVersion):
    """Ask the documents pipeline for this version's PDF (rendered after commit, public)."""
    from mecanismo.documents.services import document_request

    meeting = version.minutes.meeting
    day = timezone.localtime(meeting.starts_at, meeting.zone).date()
    doc = document_request(
        key=f"minutes:{version.minutes_id}:v{version.number}",
        builder="mesas.documents.minutes_pdf",
        params={"minutes_version_id": version.pk},
        filename=f"acta-{meeting.body.slug}-{day.isoformat()}-v{version.number}.pdf",
        public=meeting.is_public,
        access="" if meeting.is_public else "mesas.permissions.can_download_minutes_pdf",
        language=settings.LANGUAGE_CODE,
    )
    if version.document_id != doc.pk:
        version.document = doc
        version.save(update_fields=["document"])
    return doc


@transaction.atomic
def minutes_approve(*, actor: User, meeting: Meeting) -> MinutesVersion:
    """Circulated → approved by the coordinators: freezes version n with its PDF, which is then
    published on the meeting's page (§6). Minutes that were not circulated cannot be approved."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    if minutes.status != MinutesStatus.CIRCULATED:
        raise ValidationError(_("Minutes must be circulated for comments before approval."))
    minutes.status = MinutesStatus.APPROVED
    minutes.updated_by = actor
    minutes.save()
    version = _freeze_version(actor=actor, minutes=minutes)
    audit_record(actor=actor, action="minutes.approve", target=meeting, version=version.number)
    return version


@transaction.atomic
def minutes_correct(*, actor: User, meeting: Meeting, text: str, note: str) -> MinutesVersion:
    """A correction after approval is a new approved version with its own PDF; earlier
    versions and their PDFs stay reachable."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are corrected with a new version."))
    if not note.strip():
        raise ValidationError({"note": _("Say what the correction changes.")})
    minutes.text = text
    minutes.html = render_markdown(text)
    minutes.updated_by = actor
    minutes.save()
    version = _freeze_version(actor=actor, minutes=minutes, note=note)
    audit_record(actor=actor, action="minutes.correct", target=meeting, version=version.number)
    return version


# --------------------------------------------------------------------------- calendar token


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarToken:
    """A new secret: the old private feed address stops working at once."""
    token, _created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    token.token = CalendarToken._meta.get_field("token").default()
    token.created_at = timezone.now()
    token.save()
    audit_record(actor=user, action="calendar.token_reset", target=token)
    return token


# --------------------------------------------------------------------------- reminders


def period_of(body: Body, day: datetime.date) -> tuple[datetime.date, datetime.date, str] | None:
    """The calendar period a body must meet in (quarter, or semester for the dialogues), as
    (first day, first day of the next period, label); None for bodies meeting as they decide."""
    return cadence_period(body.cadence, day)


def body_has_meeting_in_period(body: Body, day: datetime.date) -> bool | None:
    period = period_of(body, day)
    if period is None:
        return None
    lo, hi = period_range(period[0], period[1])
    return Meeting.objects.filter(
        body=body, status=MeetingStatus.SCHEDULED, starts_at__gte=lo, starts_at__lt=hi
    ).exists()


def meeting_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """7 days and 1 day before a meeting, to invitees who have not declined (§6). A meeting less
    than a day away gets only the 1-day reminder. Keys carry the meeting's sequence, so a moved
    meeting reminds again for its new date; otherwise each person gets each reminder once."""
    now = now or timezone.now()
    sent = 0
    windows = [
        ("1d", "reminded_1d_at", now, now + datetime.timedelta(days=1)),
        (
            "7d",
            "reminded_7d_at",
            now + datetime.timedelta(days=1),
            now + datetime.timedelta(days=7),
        ),
    ]
    for label, stamp, lo, hi in windows:
        meetings = Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED, starts_at__gt=lo, starts_at__lte=hi
        ).select_related("body")
        for meeting in meetings:
            with transaction.atomic():
                due = list(
                    meeting.invitations.select_for_update(skip_locked=True, of=("self",))
                    .filter(**{f"{stamp}__isnull": True})
                    .exclude(rsvp=Rsvp.NOT_ATTENDING)
                    .select_related("user")
                )
                for inv in due:
                    _email(
                        key=f"mesas:meeting:{meeting.pk}:s{meeting.sequence}:{label}"
                        f":user:{inv.user_id}",
                        user=inv.user,
                        template=f"meeting_reminder_{label}",
                        context=meeting_email_context(meeting, inv.user),
                        category="meeting_reminders",
                    )
                    setattr(inv, stamp, now)
                Invitation.objects.bulk_update(due, [stamp])
                sent += len(due)
    return sent


def action_item_reminders_send(*, today: datetime.date | None = None) -> int:
    """Owners of open action items due today or tomorrow (or overdue) are reminded once."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        items = list(
            ActionItem.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=ActionStatus.OPEN,
                owner__isnull=False,
                reminded_at__isnull=True,
                due_on__lte=today + datetime.timedelta(days=1),
            )
            .select_related("owner", "meeting__body")
        )
        for item in items:
            user = item.owner
            lang = recipient_language(user)
            with translation.override(lang):
                due = formats.date_format(item.due_on, "DATE_FORMAT")
            _email(
                key=f"mesas:action:{item.pk}:due:user:{user.pk}",
                user=user,
                template="action_item_due",
                context={
                    **meeting_email_context(item.meeting, user, with_link=False),
                    "action": item.text,
                    "due_on": due,
                    "body_url": absolute_url("mesas:body_detail", lang, slug=item.body.slug),
                },
                category="action_items",
            )
            item.reminded_at = timezone.now()
        ActionItem.objects.bulk_update(items, ["reminded_at"])
        sent = len(items)
    return sent


def quarter_reminders_send(*, today: datetime.date | None = None) -> int:
    """From the first day of a quarter's last month (a semester's, for the dialogues), the
    coordinators of a body with no meeting held or scheduled in that period are reminded, once
    per body and period (the dedup key holds body and period)."""
    today = today or timezone.localdate()
    sent = 0
    for body in Body.objects.all():
        period = period_of(body, today)
        if period is None:
            continue
        start, end, label = period
        last_month_start = (end - datetime.timedelta(days=1)).replace(day=1)
        if today < last_month_start or body_has_meeting_in_period(body, today):
            continue
        with transaction.atomic():
            for user in permissions.coordinator_users(body):
                lang = recipient_language(user)
                result = _email(
                    key=f"mesas:quarter:{body.pk}:{label}:user:{user.pk}",
                    user=user,
                    template="quarter_reminder",
                    context={
                        "body_name": body.translated("name", lang),
                        "period": label,
                        "semester": body.cadence == Cadence.SEMESTER,
                        "url": absolute_url("mesas:body_detail", lang, slug=body.slug),
                        "new_url": absolute_url("mesas:meeting_create", lang, slug=body.slug),
                    },
                    category="coordinator_reminders",
                )
                sent += result is not None
    return sent
