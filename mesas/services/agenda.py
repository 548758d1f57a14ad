"""The agenda of a meeting: items, preparatory documents, and members' proposals (§2, §6)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record
from mecanismo.documents.uploads import check_upload
from mecanismo.outbox import categories, keys
from mecanismo.outbox.services import absolute_url, recipient_language
from membership.selectors import member_for_user

from .. import permissions
from ..models import (
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Meeting,
    ProposalAction,
    ProposalStatus,
)
from ..selectors import body_coordinators, invitation_for
from ._common import DUPLICATE_WINDOW, MAX_DOCUMENT_BYTES, _email, _require, meeting_email_context


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
def agenda_item_update(
    *,
    actor: User,
    item: AgendaItem,
    title: str,
    description: str = "",
    presenter: str = "",
    objectives: Iterable = (),
) -> AgendaItem:
    """Edit an agenda item in place (its position, documents and proposal stay)."""
    _require(permissions.can_manage_meeting(actor, item.meeting))
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    item.title, item.description, item.presenter = title, description, presenter
    item.save(update_fields=["title", "description", "presenter"])
    item.objectives.set(objectives)
    audit_record(actor=actor, action="meeting.agenda_item_update", target=item.meeting)
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


@transaction.atomic
def agenda_document_attach(*, actor: User, item: AgendaItem, title: str, upload) -> AgendaDocument:
    """Attach a preparatory document to an agenda item (coordinators)."""
    _require(permissions.can_manage_meeting(actor, item.meeting))
    kind = check_upload(upload, max_bytes=MAX_DOCUMENT_BYTES)
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
    """A member proposes an agenda item before the meeting (§6). Idempotent: the same proposal
    (same person, meeting, title and text) sent again within DUPLICATE_WINDOW — a double click,
    a resent form — returns the first one instead of adding a copy (issue 11)."""
    invitation = invitation_for(actor, meeting)
    member = member_for_user(actor)
    if not permissions.can_propose_agenda_item(actor, meeting, invitation, member):
        raise PermissionDenied(_("Only invited members can propose items, before the meeting."))
    # One person's submissions are serialised, so concurrent copies see each other.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    same = AgendaProposal.objects.filter(
        meeting=meeting,
        proposed_by=actor,
        title=title,
        description=description,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
    ).first()
    if same is not None:
        return same
    proposal = AgendaProposal.objects.create(
        meeting=meeting,
        proposed_by=actor,
        member=member,
        title=title,
        description=description,
    )
    proposal.objectives.set(objectives)
    proposer = member.name if member is not None else actor.full_name or actor.email
    for user in body_coordinators(meeting.body):
        lang = recipient_language(user)
        _email(
            key=keys.proposal_submitted(proposal, user.pk),
            user=user,
            template="proposal_submitted",
            context={
                **meeting_email_context(meeting, user, with_link=False),
                "proposer": proposer,
                "proposal_title": proposal.title,
                "proposals_url": absolute_url("mesas:proposals", lang, pk=meeting.pk),
            },
            category=categories.COORDINATOR_REMINDERS,
        )
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
    action = ProposalAction.ACCEPT if accept else ProposalAction.DECLINE
    if action not in permissions.proposal_actions(actor, proposal):
        raise PermissionDenied(_("This proposal was already decided."))
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
        key=keys.proposal_decided(proposal, user),
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
