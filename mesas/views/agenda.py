"""Agenda management, preparatory documents and agenda proposals (§6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.pagination import paginate
from mecanismo.documents.stored import open_stored
from membership.selectors import member_for_user

from .. import forms, permissions, selectors, services
from ..models import (
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Meeting,
    ProposalAction,
)
from ._common import DOCUMENT_TYPES, PAGE_SIZE, _apply_errors, _meeting_for_manager


@login_required
def document_download(request, pk: int):
    doc = get_object_or_404(AgendaDocument.objects.select_related("item__meeting__body"), pk=pk)
    meeting = doc.item.meeting
    if not permissions.can_download_document(
        request.user, meeting, selectors.invitation_for(request.user, meeting)
    ):
        raise PermissionDenied
    name = doc.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    response = FileResponse(open_stored(doc.file), as_attachment=True, filename=name)
    response["Content-Type"] = DOCUMENT_TYPES.get(doc.kind, "application/octet-stream")
    return response


@login_required
def agenda_manage(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = forms.AgendaItemForm(request.POST or None, mesa_id=meeting.body.mesa_id)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The item was added to the agenda."))
        return redirect("mesas:agenda", pk=meeting.pk)
    items = meeting.agenda_items.prefetch_related("objectives", "documents")
    return render(
        request, "mesas/agenda_manage.html", {"meeting": meeting, "items": items, "form": form}
    )


@login_required
@require_POST
def agenda_item_move(request, pk: int, item: int):
    meeting = _meeting_for_manager(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    services.agenda_item_move(
        actor=request.user, item=agenda_item, up=request.POST.get("direction") == "up"
    )
    return redirect("mesas:agenda", pk=meeting.pk)


@login_required
def agenda_item_edit(request, pk: int, item: int):
    meeting = _meeting_for_manager(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    form = forms.AgendaItemForm(
        request.POST or None,
        initial=forms.AgendaItemForm.initial_for(agenda_item),
        mesa_id=meeting.body.mesa_id,
    )
    if request.method == "POST" and form.is_valid():
        services.agenda_item_update(actor=request.user, item=agenda_item, **form.cleaned_data)
        messages.success(request, _("The agenda item was changed."))
        return redirect("mesas:agenda", pk=meeting.pk)
    return render(
        request,
        "mesas/agenda_item_edit.html",
        {"meeting": meeting, "item": agenda_item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def agenda_item_delete(request, pk: int, item: int):
    """GET asks for confirmation (a page, so it works without JavaScript); POST removes."""
    meeting = _meeting_for_manager(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    if request.method == "POST":
        services.agenda_item_delete(actor=request.user, item=agenda_item)
        messages.success(request, _("The item was removed from the agenda."))
        return redirect("mesas:agenda", pk=meeting.pk)
    return render(
        request, "mesas/agenda_item_delete.html", {"meeting": meeting, "item": agenda_item}
    )


@login_required
def agenda_document_upload(request, pk: int, item: int):
    meeting = _meeting_for_manager(request, pk)
    agenda_item = get_object_or_404(AgendaItem, pk=item, meeting=meeting)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_document_attach(
                actor=request.user,
                item=agenda_item,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The document was attached."))
            return redirect("mesas:agenda", pk=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mesas/document_form.html",
        {"form": form, "meeting": meeting, "item": agenda_item},
        status=status,
    )


def _proposal_buttons(proposal: AgendaProposal, actions) -> list[tuple]:
    """(action, url) for each action offered, in the enum's order."""
    names = {
        ProposalAction.ACCEPT: "mesas:proposal_accept",
        ProposalAction.DECLINE: "mesas:proposal_decline",
    }
    return [
        (a, reverse(names[a], kwargs={"pk": proposal.pk})) for a in ProposalAction if a in actions
    ]


@login_required
def proposals(request, pk: int):
    """Members propose items; coordinators see every proposal and decide; members see theirs."""
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    invitation = selectors.invitation_for(request.user, meeting)
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    member = member_for_user(request.user)
    can_propose = permissions.can_propose_agenda_item(request.user, meeting, invitation, member)
    if not (can_manage or invitation is not None or can_propose):
        raise PermissionDenied
    form = forms.ProposalForm(request.POST or None, mesa_id=meeting.body.mesa_id)
    if request.method == "POST":
        if not can_propose:
            raise PermissionDenied
        if form.is_valid():
            services.agenda_proposal_submit(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
            messages.success(request, _("Your proposal was sent to the coordinators."))
            return redirect("mesas:proposals", pk=meeting.pk)
    qs = selectors.proposals_for(meeting)
    if not can_manage:
        qs = qs.filter(proposed_by=request.user)
    window = paginate(request, qs, per_page=PAGE_SIZE)
    rows = window.items
    for proposal in rows:
        proposal.meeting = meeting
        proposal.buttons = _proposal_buttons(
            proposal, permissions.proposal_actions(request.user, proposal)
        )
    return render(
        request,
        "mesas/proposals.html",
        {
            "meeting": meeting,
            "form": form,
            "proposals": rows,
            "window": window,
            "can_propose": can_propose,
            "ProposalAction": ProposalAction,
        },
        status=400 if request.method == "POST" else 200,
    )


def _proposal_decide(request, pk: int, action: ProposalAction):
    proposal = get_object_or_404(AgendaProposal.objects.select_related("meeting__body"), pk=pk)
    if action not in permissions.proposal_actions(request.user, proposal):
        raise PermissionDenied
    form = forms.DecisionForm(request.POST)
    form.is_valid()
    accept = action == ProposalAction.ACCEPT
    try:
        services.agenda_proposal_decide(
            actor=request.user,
            proposal=proposal,
            accept=accept,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The proposal joined the agenda.") if accept else _("The proposal was declined."),
        )
    return redirect("mesas:proposals", pk=proposal.meeting_id)


@login_required
@require_POST
def proposal_accept(request, pk: int):
    return _proposal_decide(request, pk, ProposalAction.ACCEPT)


@login_required
@require_POST
def proposal_decline(request, pk: int):
    return _proposal_decide(request, pk, ProposalAction.DECLINE)
