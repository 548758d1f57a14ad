"""Dialogues with governments and other actors (§6): public list and page per dialogue; GT-SC
staff (who coordinate the dialogues body) record participants and outcome, start the agenda from
unanswered recommendations and record which were presented."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.pagination import paginate

from .. import forms_outputs as forms
from .. import permissions, services
from .. import selectors_outputs as sel
from ..models import Body, BodyKind, Dialogue, Meeting, MeetingStatus, Recommendation
from ._common import PAGE_SIZE, _meeting_for_manager


def dialogue_list(request):
    qs = sel.dialogue_page().filter(meeting__is_public=True).order_by("-meeting__starts_at")
    window = paginate(request, qs, PAGE_SIZE)
    body = Body.objects.filter(kind=BodyKind.DIALOGUE).order_by("sort").first()
    meetings = []
    if body is not None and permissions.can_coordinate_body(request.user, body):
        meetings = list(
            Meeting.objects.filter(body=body, status=MeetingStatus.SCHEDULED).order_by(
                "-starts_at"
            )[:10]
        )
    return render(request, "mesas/dialogue_list.html", {"window": window, "meetings": meetings})


def dialogue_detail(request, pk: int):
    dialogue = get_object_or_404(sel.dialogue_page(), pk=pk)
    can_manage = permissions.can_manage_meeting(request.user, dialogue.meeting)
    if not dialogue.meeting.is_public and not can_manage:
        raise Http404
    context = {"dialogue": dialogue, "can_manage": can_manage}
    if can_manage:
        presented = {p.recommendation_id for p in dialogue.presentations.all()}
        context["candidates"] = [
            r for r in sel.dialogue_candidates(dialogue)[:50] if r.pk not in presented
        ]
    return render(request, "mesas/dialogue_detail.html", context)


@login_required
def dialogue_manage(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    dialogue = Dialogue.objects.filter(meeting=meeting).first()
    initial = {}
    if dialogue is not None:
        initial = {
            "countries": list(dialogue.countries.all()),
            "other_actors": dialogue.other_actors,
            "outcome": dialogue.outcome,
        }
    form = forms.DialogueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            dialogue = services.dialogue_record(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The dialogue was saved."))
            return redirect(dialogue.get_absolute_url())
    context = {
        "form": form,
        "heading": _("Dialogue: participants and outcome"),
        "back_url": meeting.get_absolute_url(),
        "back_label": meeting.title,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "mesas/output_form.html", context, status=status)


def _dialogue_for_manager(request, pk: int) -> Dialogue:
    dialogue = get_object_or_404(Dialogue.objects.select_related("meeting__body"), pk=pk)
    if not permissions.can_manage_meeting(request.user, dialogue.meeting):
        raise PermissionDenied
    return dialogue


@login_required
@require_POST
def dialogue_agenda(request, pk: int):
    dialogue = _dialogue_for_manager(request, pk)
    added = services.dialogue_agenda_start(actor=request.user, dialogue=dialogue)
    messages.success(request, _("%(n)s items were added to the agenda.") % {"n": added})
    return redirect("mesas:agenda", pk=dialogue.meeting_id)


@login_required
@require_POST
def dialogue_present(request, pk: int):
    dialogue = _dialogue_for_manager(request, pk)
    rec = Recommendation.objects.filter(pk=request.POST.get("recommendation") or 0).first()
    if rec is None or not rec.pk:
        messages.error(request, _("Choose a recommendation."))
        return redirect(dialogue.get_absolute_url())
    try:
        services.dialogue_present(actor=request.user, dialogue=dialogue, rec=rec)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The presentation was added to the follow-up."))
    return redirect(dialogue.get_absolute_url())
