"""Attendance, agreements and action items (§6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.models import User

from .. import forms, selectors, services
from ..models import (
    ActionItem,
)
from ._common import _meeting_for_manager


@login_required
def attendance(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    rows = selectors.attendance_rows(meeting)
    form = forms.AttendanceForm(request.POST or None, rows=rows)
    status = 200
    if request.method == "POST":
        try:
            services.attendance_record(
                actor=request.user, meeting=meeting, marks=form.marks_from(request.POST)
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
            status = 400
        else:
            messages.success(request, _("Attendance was recorded."))
            return redirect(meeting)
    return render(
        request, "mesas/attendance.html", {"meeting": meeting, "form": form}, status=status
    )


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


@login_required
@require_POST
def action_item_status(request, pk: int):
    item = get_object_or_404(ActionItem.objects.select_related("body"), pk=pk)
    form = forms.ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        services.action_item_set_status(
            actor=request.user, item=item, status=form.cleaned_data["status"]
        )
        messages.success(request, _("The action item was updated."))
    return redirect(item.body)
