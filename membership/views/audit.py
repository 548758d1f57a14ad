"""The audit log page (§9)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from mecanismo.core.pagination import paginate

from .. import permissions, selectors


@login_required
def audit_log(request):
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    rows = selectors.audit_entries()
    action = request.GET.get("action", "").strip()
    if action:
        rows = rows.filter(action__startswith=action)
    window = paginate(request, rows, per_page=50)
    return render(request, "membership/audit_log.html", {"window": window, "action": action})
