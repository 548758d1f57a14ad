"""A meeting's page, scheduling, editing, cancelling and replying (§6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from membership.selectors import member_for_user

from .. import forms, permissions, selectors, services
from ..models import (
    Body,
    Invitation,
    Meeting,
    MeetingAction,
)
from ._common import _apply_errors, _meeting_for_manager


def meeting_detail(request, pk: int):
    user = request.user
    meeting = get_object_or_404(selectors.meeting_page(user=user, coordinator=True), pk=pk)
    invitation = None
    if getattr(meeting, "my_invitation_id", None):
        # Built from the page query's annotation: the viewer's invitation costs no query.
        invitation = Invitation(
            pk=meeting.my_invitation_id, meeting=meeting, user=user, rsvp=meeting.my_rsvp
        )
    can_manage = permissions.can_manage_meeting(user, meeting)
    if not permissions.can_view_meeting(user, meeting, invitation):
        raise Http404
    member = None
    if user.is_authenticated and invitation is None and meeting.is_open:
        member = member_for_user(user)
    minutes = getattr(meeting, "minutes", None)
    versions = list(minutes.versions.all()) if minutes is not None else []
    actions = permissions.meeting_actions(user, meeting, invitation, member)
    return render(
        request,
        "mesas/meeting_detail.html",
        {
            "meeting": meeting,
            "invitation": invitation,
            "can_manage": can_manage,
            "actions": actions,
            "MeetingAction": MeetingAction,
            "coordination_links": [
                (a, reverse(COORDINATION_URLS[a], kwargs={"pk": meeting.pk}))
                for a in MeetingAction
                if a in actions and a in COORDINATION_URLS
            ],
            "see_link": permissions.can_see_video_link(user, meeting, invitation),
            "see_documents": permissions.can_download_document(user, meeting, invitation),
            "minutes": minutes,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "rsvp_form": forms.RsvpForm(
                meeting=meeting, initial={"response": getattr(invitation, "rsvp", "")}
            ),
        },
    )


# The coordination links of the meeting page, one per MeetingAction a coordinator may take.
COORDINATION_URLS = {
    MeetingAction.EDIT: "mesas:meeting_edit",
    MeetingAction.AGENDA: "mesas:agenda",
    MeetingAction.PROPOSALS: "mesas:proposals",
    MeetingAction.ATTENDANCE: "mesas:attendance",
    MeetingAction.OUTCOMES: "mesas:outcomes",
    MeetingAction.MINUTES: "mesas:minutes",
    MeetingAction.CANCEL: "mesas:meeting_cancel",
}


@login_required
def meeting_create(request, slug: str):
    body = get_object_or_404(Body, slug=slug)
    if not permissions.can_coordinate_body(request.user, body):
        raise PermissionDenied
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(
                actor=request.user, body=body, **form.service_kwargs()
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting was scheduled and the invitees added."))
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return render(request, "mesas/meeting_form.html", {"form": form, "body": body}, status=status)


@login_required
def meeting_edit(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = forms.MeetingForm(
        request.POST or None, initial=forms.MeetingForm.initial_for(meeting), creating=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.service_kwargs())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting was updated."))
            return redirect(meeting)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "mesas/meeting_form.html",
        {"form": form, "body": meeting.body, "meeting": meeting},
        status=status,
    )


@login_required
def meeting_cancel(request, pk: int):
    meeting = _meeting_for_manager(request, pk)
    form = forms.CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_cancel(
                actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting was cancelled and the invitees told."))
            return redirect(meeting)
    return render(request, "mesas/meeting_cancel.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def rsvp(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = forms.RsvpForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Choose a reply."))
        return redirect(meeting)
    try:
        services.rsvp_set(
            actor=request.user, meeting=meeting, response=form.cleaned_data["response"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your reply was saved."))
    return redirect(meeting)
