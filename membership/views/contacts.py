"""Deciding requests to act for an organisation (§3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.pagination import paginate

from .. import permissions, services
from ..forms import (
    DecisionForm,
)
from ._common import _error_text, _form_error_text, denies


@login_required
@denies
def contact_requests(request):
    if not permissions.can_view_contact_requests(request.user):
        raise PermissionDenied
    rows = permissions.pending_contact_requests_visible_to(request.user).select_related(
        "user", "member", "member__country"
    )
    window = paginate(request, rows.order_by("requested_at", "id"))
    return render(
        request,
        "membership/contact_requests.html",
        {"window": window, "form": DecisionForm()},
    )


@login_required
@require_POST
@denies
def contact_request_decide(request, pk: int):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_error_text(form))
        return redirect("membership:contact_requests")
    try:
        services.contact_request_decide(
            actor=request.user,
            contact_id=pk,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The decision was recorded and the person was told."))
    return redirect("membership:contact_requests")
