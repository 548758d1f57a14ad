"""Helpers the membership views share."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render


def forbidden(request, message: str | None = None):
    return render(request, "membership/forbidden.html", {"message": message}, status=403)


def denies(view):
    """Render PermissionDenied raised by a service as a 403 page carrying its message."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            return forbidden(request, str(exc) or None)

    return wrapper


def _posted(request):
    """The POST data when the request is a POST (even an empty one), else None (unbound form)."""
    return request.POST if request.method == "POST" else None


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _form_error_text(form) -> str:
    return " ".join(e for errs in form.errors.values() for e in errs)
