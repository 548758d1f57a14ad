"""A member's mesas: request, leave, history (§3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions, selectors, services
from ..forms import (
    MesaRequestForm,
)
from ..models import MembershipStatus
from ._common import _error_text, _posted, denies


@login_required
@denies
def my_mesas(request):
    """The member's hub: current mesas, pending requests, history, a form to ask for more."""
    member = selectors.member_for_user(request.user)
    if member is None:
        pending = selectors.active_contact(request.user)
        return render(request, "membership/no_member.html", {"pending": pending})
    form = MesaRequestForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.mesa_membership_request(
                actor=request.user,
                member=member,
                mesas=form.cleaned_data["mesas"],
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(
                request,
                _("Your request to join %(mesas)s was sent to the coordinators.")
                % {"mesas": ", ".join(r.mesa.short_name for r in rows)},
            )
            return redirect("membership:my_mesas")
    history = list(selectors.member_memberships(member))
    for row in history:
        row.actions = permissions.membership_actions(request.user, row)
    return render(
        request,
        "membership/my_mesas.html",
        {
            "member": member,
            "form": form,
            "open_rows": [r for r in history if r.actions],
            "history": history,
            "Action": permissions.MembershipAction,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@denies
def leave_mesa(request, pk: int):
    try:
        row = services.mesa_membership_leave(actor=request.user, membership_id=pk)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        if row.status == MembershipStatus.LEFT:
            messages.success(request, _("You left %(mesa)s.") % {"mesa": row.mesa.short_name})
        else:
            messages.success(
                request,
                _("Your request to %(mesa)s was withdrawn.") % {"mesa": row.mesa.short_name},
            )
    return redirect("membership:my_mesas")
