"""Attendance, agreements and action items (§6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mecanismo.core.models import User
from mecanismo.core.pagination import paginate

from .. import forms, permissions, selectors, services
from ..models import ActionItem, ActionItemAction
from ._common import _meeting_for_manager

# One page of the attendance form: a compact row per person (a radio group from a template loop,
# not a widget per person), so a 500-person meeting costs what a 50-person one does (§10).
ATTENDANCE_PAGE = 50


@login_required
def attendance(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            services.attendance_record(
                actor=request.user,
                meeting=meeting,
                marks=forms.attendance_marks_from(request.POST),
            )
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            messages.success(request, _("Attendance was recorded."))
            page = request.GET.get("page")
            url = reverse("mesas:attendance", kwargs={"pk": meeting.pk})
            return redirect(f"{url}?page={page}" if page and page.isdigit() else url)
    window = paginate(request, selectors.attendance_rows(meeting), per_page=ATTENDANCE_PAGE)
    for inv in window:
        inv.meeting = meeting
    return render(
        request,
        "mesas/attendance.html",
        {
            "meeting": meeting,
            "window": window,
            "last": window.start_index + len(window) - 1,
            "total": meeting.invitations.count(),
            # (value, label) resolved once, not per row and option.
            "marks": [(m.value, str(m.label)) for m in meeting.attendance_marks],
            "is_open": services.attendance_open(meeting),
            "error": error,
        },
        status=status,
    )


@login_required
@require_POST
def attendance_all_present(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    try:
        n = services.attendance_mark_all_present(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "%(n)s person not recorded yet was marked present.",
                "%(n)s people not recorded yet were marked present.",
                n,
            )
            % {"n": n},
        )
    return redirect("mesas:attendance", pk=meeting.pk)


@login_required
def outcomes(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    owners = User.objects.filter(meeting_invitations__meeting=meeting).order_by(
        "full_name", "email"
    )
    agreement_form = forms.AgreementForm(prefix="agreement")
    action_form = forms.ActionItemForm(prefix="action", owners=owners)
    if request.method == "POST":
        if "agreement-text" in request.POST:
            agreement_form = forms.AgreementForm(request.POST, prefix="agreement")
            if agreement_form.is_valid():
                services.agreement_add(
                    actor=request.user, meeting=meeting, text=agreement_form.cleaned_data["text"]
                )
                messages.success(request, _("The agreement was recorded."))
                return redirect("mesas:outcomes", pk=meeting.pk)
        else:
            action_form = forms.ActionItemForm(request.POST, prefix="action", owners=owners)
            if action_form.is_valid():
                services.action_item_add(
                    actor=request.user, meeting=meeting, **action_form.cleaned_data
                )
                messages.success(request, _("The action item was recorded."))
                return redirect("mesas:outcomes", pk=meeting.pk)
    return render(
        request,
        "mesas/outcomes.html",
        {
            "meeting": meeting,
            "agreements": meeting.agreements.all(),
            "actions": meeting.action_items.select_related("owner"),
            "agreement_form": agreement_form,
            "action_form": action_form,
        },
        status=400 if request.method == "POST" else 200,
    )


ACTION_ITEM_URLS = {
    ActionItemAction.DONE: "mesas:action_done",
    ActionItemAction.DROP: "mesas:action_drop",
    ActionItemAction.REOPEN: "mesas:action_reopen",
}


def action_item_buttons(user, item: ActionItem) -> list[tuple]:
    """(action, url) for each action `permissions.action_item_actions` offers, in enum order."""
    actions = permissions.action_item_actions(user, item)
    return [
        (a, reverse(ACTION_ITEM_URLS[a], kwargs={"pk": item.pk}))
        for a in ActionItemAction
        if a in actions
    ]


@login_required
@require_POST
def action_item_transition(request, pk: int, action: ActionItemAction):
    """One endpoint per transition (done, dropped, open again): the service refuses anything
    `action_item_actions` does not offer."""
    item = get_object_or_404(ActionItem.objects.select_related("body"), pk=pk)
    if action not in permissions.action_item_actions(request.user, item):
        raise PermissionDenied
    services.action_item_set_status(actor=request.user, item=item, status=action.value)
    messages.success(request, _("The action item was updated."))
    return redirect(item.body)
