"""Reads every app shares: who holds a role today (§1). The one definition of "a role holder",
used by the pages, the e-mails and the permissions of the apps above core."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import AuditLog, Role, RoleAssignment, User


def active_roles(*roles: str, mesa=None) -> QuerySet[RoleAssignment]:
    """Assignments of these roles that count today (RoleAssignment.active(): started, and not
    ended before today), optionally of one mesa."""
    qs = RoleAssignment.objects.active().filter(role__in=roles)
    if mesa is not None:
        qs = qs.filter(mesa_id=getattr(mesa, "pk", mesa))
    return qs


def role_holders(*roles: str, mesa=None) -> QuerySet[User]:
    """Active accounts holding one of these roles today (admins are not role holders)."""
    return User.objects.filter(
        pk__in=active_roles(*roles, mesa=mesa).values("user_id"), is_active=True
    )


def mesa_coordinators(mesa) -> QuerySet[User]:
    """The people who coordinate this mesa today (members and UN-agency co-coordinators)."""
    return role_holders(Role.COORDINATOR, mesa=mesa)


def coordinator_roles() -> QuerySet[RoleAssignment]:
    """Coordinator roles in force, with user, mesa and agency, for the roles page."""
    return (
        active_roles(Role.COORDINATOR)
        .select_related("user", "mesa", "agency")
        .order_by("mesa__number", "user__email")
    )


def audit_entries() -> QuerySet[AuditLog]:
    """The audit log, newest first, with who did it (§9)."""
    return AuditLog.objects.select_related("actor").order_by("-created_at", "-id")
