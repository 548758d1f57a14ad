"""The minutes page: write, circulate, comment, approve, correct (§6)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import forms, permissions, selectors, services
from ..models import (
    Meeting,
)


@login_required
def minutes(request, pk: int):
    """Write (draft), circulate, comment, approve and correct the minutes of a meeting."""
    meeting = get_object_or_404(Meeting.objects.select_related("body", "minutes"), pk=pk)
    invitation = selectors.invitation_for(request.user, meeting)
    can_manage = permissions.can_manage_meeting(request.user, meeting)
    can_comment = permissions.can_comment_minutes(request.user, meeting, invitation)
    if not (can_manage or can_comment):
        raise PermissionDenied
    current = getattr(meeting, "minutes", None)
    approved = selectors.minutes_is_published(meeting)
    form_class = forms.CorrectionForm if approved else forms.MinutesForm
    form = form_class(initial={"text": current.text if current else ""})
    comment_form = forms.CommentForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in {"save", "circulate", "correct"}:
                if not can_manage:
                    raise PermissionDenied
                form = form_class(request.POST)
                if not form.is_valid():
                    raise ValidationError(_("Check the form."))
                if action == "correct":
                    services.minutes_correct(
                        actor=request.user, meeting=meeting, **form.cleaned_data
                    )
                    messages.success(request, _("The correction was approved as a new version."))
                else:
                    services.minutes_save(
                        actor=request.user, meeting=meeting, text=form.cleaned_data["text"]
                    )
                    if action == "circulate":
                        services.minutes_circulate(actor=request.user, meeting=meeting)
                        messages.success(request, _("The minutes were circulated for comments."))
                    else:
                        messages.success(request, _("The draft was saved."))
            elif action == "approve":
                if not can_manage:
                    raise PermissionDenied
                services.minutes_approve(actor=request.user, meeting=meeting)
                messages.success(
                    request, _("The minutes were approved; the PDF is being prepared.")
                )
                return redirect(meeting)
            elif action == "comment":
                comment_form = forms.CommentForm(request.POST)
                if not comment_form.is_valid():
                    raise ValidationError(_("Write a comment."))
                services.minutes_comment(
                    actor=request.user, meeting=meeting, text=comment_form.cleaned_data["text"]
                )
                messages.success(request, _("Your comment was added."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            status = 400
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("mesas:minutes", pk=meeting.pk)
    meeting = Meeting.objects.select_related("body", "minutes").get(pk=meeting.pk)
    current = getattr(meeting, "minutes", None)
    return render(
        request,
        "mesas/minutes.html",
        {
            "meeting": meeting,
            "minutes": current,
            "form": form,
            "comment_form": comment_form,
            "comments": current.comments.select_related("author") if current else [],
            "can_manage": can_manage,
            "can_comment": can_comment,
        },
        status=status,
    )
