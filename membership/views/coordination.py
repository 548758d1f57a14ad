"""A mesa's coordination pages: requests, members, composition, coordinators (§3, §9)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mecanismo.core.models import Mesa
from mecanismo.core.pagination import paginate
from mecanismo.core.selectors import coordinator_roles

from .. import aggregates, permissions, selectors, services
from ..forms import (
    CoordinatorForm,
    DecisionForm,
)
from ._common import _error_text, _posted, denies


@login_required
def coordination(request):
    mesas = permissions.coordinated_mesas(request.user)
    if not mesas:
        raise PermissionDenied
    return render(request, "membership/coordination.html", {"mesas": mesas})


def _coordinated_mesa(request, slug):
    mesa = get_object_or_404(Mesa, slug=slug)
    if not permissions.can_view_mesa_members(request.user, mesa):
        raise PermissionDenied
    return mesa


def _requests_page(request, mesa, form, failed_pk=None):
    """Pending requests, each with the decisions the viewer may take on it now."""
    window = paginate(request, selectors.pending_requests(mesa))
    for row in window:
        row.actions = permissions.membership_actions(request.user, row)
    context = {"mesa": mesa, "window": window, "form": form, "failed_pk": failed_pk}
    return render(
        request, "membership/mesa_requests.html", context, status=400 if failed_pk else 200
    )


@login_required
def mesa_requests(request, slug: str):
    mesa = _coordinated_mesa(request, slug)
    return _requests_page(request, mesa, DecisionForm())


@login_required
@require_POST
@denies
def mesa_request_decide(request, slug: str, pk: int):
    mesa = _coordinated_mesa(request, slug)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _requests_page(request, mesa, form, failed_pk=pk)
    try:
        row = services.mesa_membership_decide(
            actor=request.user,
            membership_id=pk,
            mesa=mesa,
            approve=form.approve,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if form.approve:
            text = _("%(member)s is now a member of %(mesa)s.")
        else:
            text = _("The request of %(member)s to %(mesa)s was declined.")
        messages.success(request, text % {"member": row.member.name, "mesa": mesa.short_name})
    return redirect("membership:mesa_requests", slug=mesa.slug)


@login_required
def mesa_members(request, slug: str):
    mesa = _coordinated_mesa(request, slug)
    window = paginate(request, selectors.mesa_member_page_rows(mesa))
    return render(request, "membership/mesa_members.html", {"mesa": mesa, "window": window})


@login_required
def mesa_composition(request, slug: str):
    """Counts of the mesa's members and people, small cells suppressed (membership.aggregates)."""
    mesa = get_object_or_404(Mesa, slug=slug)
    if not permissions.can_view_mesa_composition(request.user, mesa):
        raise PermissionDenied
    composition = aggregates.mesa_composition(mesa)
    return render(
        request,
        "membership/mesa_composition.html",
        {
            "mesa": mesa,
            "composition": composition,
            "can_see_members": permissions.can_view_mesa_members(request.user, mesa),
        },
    )


@login_required
@denies
def coordinators(request):
    if not permissions.can_manage_coordinators(request.user):
        raise PermissionDenied
    form = CoordinatorForm(_posted(request))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.coordinator_assign(
                    actor=request.user,
                    user=form.user,
                    mesa=form.cleaned_data["mesa"],
                    agency_co_coordinator=form.cleaned_data["agency_co_coordinator"],
                )
            except ValidationError as exc:
                form.add_error(None, _error_text(exc))
            else:
                messages.success(request, _("The coordinator was assigned."))
                return redirect("membership:coordinators")
        status = 400
    window = paginate(request, coordinator_roles(), per_page=50)
    return render(
        request, "membership/coordinators.html", {"form": form, "window": window}, status=status
    )


@login_required
@require_POST
@denies
def coordinator_remove(request, pk: int):
    try:
        services.coordinator_remove(actor=request.user, assignment_id=pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The coordinator role was ended."))
    return redirect("membership:coordinators")
