"""A member's page, profile editing and the public directory (§3)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from mecanismo.core.pagination import paginate
from mecanismo.core.permissions import is_admin

from .. import permissions, selectors, services
from ..filters import DirectoryFilter
from ..forms import (
    MemberEditForm,
)
from ..models import (
    ContactStatus,
)
from ._common import _error_text, _posted, denies


def member_detail(request, pk: int):
    member = get_object_or_404(
        selectors.Member.objects.select_related("country", "actor_type"), pk=pk
    )
    if not permissions.can_view_member(request.user, member):
        raise Http404
    is_contact = permissions.can_act_for_member(request.user, member)
    ctx = {
        "member": member,
        "mesas": selectors.current_mesas(member),
        "is_contact": is_contact,
        "can_edit": member.archived_at is None
        and (is_contact or permissions.can_edit_member(request.user, member)),
    }
    if is_contact or is_admin(request.user):
        ctx["history"] = selectors.member_memberships(member)
        ctx["contacts"] = member.contacts.filter(status=ContactStatus.APPROVED).select_related(
            "user"
        )
    return render(request, "membership/member_detail.html", ctx)


@login_required
@denies
def member_edit(request, pk: int):
    """Its approved contact persons (or the individual member, or an admin) edit the public
    profile. Only public fields are on this page: nobody's optional answers (§9)."""
    member = get_object_or_404(
        selectors.Member.objects.select_related("country", "actor_type"), pk=pk
    )
    if not permissions.can_edit_member(request.user, member):
        raise PermissionDenied
    if member.archived_at is not None:
        messages.error(request, _("This member is archived."))
        return redirect(member.get_absolute_url())
    form = MemberEditForm(_posted(request), member=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_update(actor=request.user, member=member, data=form.profile_data())
        except ValidationError as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("The profile was saved."))
            return redirect(member.get_absolute_url())
    return render(
        request,
        "membership/member_edit.html",
        {"member": member, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def directory(request):
    filters = DirectoryFilter(request.GET or None, queryset=selectors.directory_members())
    if filters.is_bound and not filters.is_valid():
        window = paginate(request, selectors.directory_members().none())
        status = 400
    else:
        window = paginate(request, filters.qs)
        status = 200
    return render(
        request, "membership/directory.html", {"filter": filters, "window": window}, status=status
    )
