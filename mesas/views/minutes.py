"""The minutes page and one POST endpoint per transition: save, circulate, approve, correct
(with a preview first), comment (§6). What the page offers is `permissions.minutes_actions`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import forms, permissions, selectors, services
from ..markup import render_markdown
from ..models import Meeting, MinutesAction


def _load(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("body", "minutes"), pk=pk)
    invitation = selectors.invitation_for(request.user, meeting)
    actions = permissions.minutes_actions(request.user, meeting, invitation)
    return meeting, actions


def _page(request, meeting, actions, *, form=None, comment_form=None, status=200):
    minutes = getattr(meeting, "minutes", None)
    versions = list(minutes.versions.select_related("document")) if minutes else []
    if not (actions or permissions.can_manage_meeting(request.user, meeting)):
        raise PermissionDenied
    return render(
        request,
        "mesas/minutes.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "actions": actions,
            "MinutesAction": MinutesAction,
            "form": form or forms.MinutesForm(initial={"text": minutes.text if minutes else ""}),
            "comment_form": comment_form or forms.CommentForm(),
            "comments": minutes.comments.select_related("author") if minutes else [],
            "can_manage": permissions.can_manage_meeting(request.user, meeting),
        },
        status=status,
    )


@login_required
@require_safe
def minutes(request, pk: int):
    """The minutes as they stand, with one button per action `minutes_actions` offers."""
    meeting, actions = _load(request, pk)
    return _page(request, meeting, actions)


def _refused(request, meeting, actions, exc: ValidationError, **forms_):
    for message in exc.messages:
        messages.error(request, message)
    return _page(request, meeting, actions, status=400, **forms_)


@login_required
@require_POST
def minutes_save(request, pk: int):
    meeting, actions = _load(request, pk)
    form = forms.MinutesForm(request.POST)
    if not form.is_valid():
        return _page(request, meeting, actions, form=form, status=400)
    services.minutes_save(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
    messages.success(request, _("The draft was saved."))
    return redirect("mesas:minutes", pk=meeting.pk)


@login_required
@require_POST
def minutes_circulate(request, pk: int):
    """Save the text posted with the button, then circulate it."""
    meeting, actions = _load(request, pk)
    if MinutesAction.CIRCULATE not in actions:
        raise PermissionDenied
    form = forms.MinutesForm(request.POST)
    if not form.is_valid():
        return _page(request, meeting, actions, form=form, status=400)
    try:
        services.minutes_save(actor=request.user, meeting=meeting, text=form.cleaned_data["text"])
        services.minutes_circulate(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        return _refused(request, meeting, actions, exc, form=form)
    messages.success(request, _("The minutes were circulated for comments."))
    return redirect("mesas:minutes", pk=meeting.pk)


@login_required
@require_POST
def minutes_approve(request, pk: int):
    meeting, actions = _load(request, pk)
    services.minutes_approve(actor=request.user, meeting=meeting)
    messages.success(request, _("The minutes were approved; the PDF is being prepared."))
    return redirect("mesas:minutes", pk=meeting.pk)


@login_required
def minutes_correct(request, pk: int):
    """A correction of approved minutes: edit, preview (the text as it will read and be
    published), then approve it as a new version with its own public PDF. Nothing is published
    without the preview step: the approving button only appears on the preview."""
    meeting, actions = _load(request, pk)
    if MinutesAction.CORRECT not in actions:
        raise PermissionDenied
    minutes = meeting.minutes
    form = forms.CorrectionForm(request.POST or None, initial={"text": minutes.text})
    preview = None
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        elif "edit" in request.POST:
            pass  # back from the preview to the editable form
        elif "confirm" in request.POST:
            try:
                services.minutes_correct(actor=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                status = 400
            else:
                messages.success(request, _("The correction was approved as a new version."))
                return redirect("mesas:minutes", pk=meeting.pk)
        else:
            preview = render_markdown(form.cleaned_data["text"])
    return render(
        request,
        "mesas/minutes_correct.html",
        {"meeting": meeting, "minutes": minutes, "form": form, "preview": preview},
        status=status,
    )


@login_required
@require_POST
def minutes_comment(request, pk: int):
    meeting, actions = _load(request, pk)
    if MinutesAction.COMMENT not in actions:
        raise PermissionDenied
    comment_form = forms.CommentForm(request.POST)
    if not comment_form.is_valid():
        return _page(request, meeting, actions, comment_form=comment_form, status=400)
    services.minutes_comment(
        actor=request.user, meeting=meeting, text=comment_form.cleaned_data["text"]
    )
    messages.success(request, _("Your comment was added."))
    return redirect("mesas:minutes", pk=meeting.pk)
