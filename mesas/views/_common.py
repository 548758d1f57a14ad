"""Helpers the mesas views share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from .. import permissions
from ..models import Meeting

PAGE_SIZE = 50


DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _apply_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form (field errors where the field exists)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def output_form_page(request, form, save, *, done: str, heading: str, back_url: str, back_label):
    """The one flow of the output form pages (recommendations, their translations and follow-up,
    indicators): a valid POST calls `save(cleaned_data)` — the service — and redirects to the
    page of what it returns, saying `done`; a refusal of the service shows on the form; a bad
    POST answers 400 with the form, nothing written."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(saved.get_absolute_url())
    context = {"form": form, "heading": heading, "back_url": back_url, "back_label": back_label}
    return render(
        request, "mesas/output_form.html", context, status=400 if request.method == "POST" else 200
    )


def _meeting_for_manager(request, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body", "body__mesa"), pk=pk)
    if not permissions.can_manage_meeting(request.user, meeting):
        raise PermissionDenied
    return meeting
