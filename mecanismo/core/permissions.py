"""Who may do what (§1). Views and templates ask these functions; they never re-derive a rule.

Role lookups are cached on the user object for the length of a request, so a page asking several
questions costs one query.
"""

from __future__ import annotations

from .models import Role, RoleAssignment


def _active_roles(user) -> list[tuple[str, int | None, int | None]]:
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_active_roles_cache", None)
    if cached is None:
        cached = list(
            RoleAssignment.objects.active()
            .filter(user=user)
            .values_list("role", "mesa_id", "agency_id")
        )
        user._active_roles_cache = cached
    return cached


def forget_roles(user) -> None:
    """Call after changing a user's roles inside the same request."""
    if hasattr(user, "_active_roles_cache"):
        del user._active_roles_cache


def is_admin(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_superuser)


def is_gtsc_staff(user) -> bool:
    return any(role == Role.GTSC_STAFF for role, _m, _a in _active_roles(user))


def gtsc_agency_ids(user) -> set[int]:
    return {a for role, _m, a in _active_roles(user) if role == Role.GTSC_STAFF and a}


def is_linking_table_member(user) -> bool:
    """Derived from the current mandates and agency designations (§5): the one definition is
    `vinculacion.selectors.is_linking_table_member`, asked here so that callers of core keep
    one entry point (imported late: core does not depend on the apps at import time)."""
    from vinculacion.selectors import is_linking_table_member as derived

    return derived(user)


def coordinated_mesa_ids(user) -> set[int]:
    return {m for role, m, _a in _active_roles(user) if role == Role.COORDINATOR and m}


def is_coordinator(user) -> bool:
    return bool(coordinated_mesa_ids(user))


def can_coordinate_mesa(user, mesa) -> bool:
    """Coordinators of this mesa (members or UN-agency co-coordinators). Object-level: a
    coordinator of MR 1 cannot act on MR 2. Admins may act on every mesa."""
    mesa_id = getattr(mesa, "pk", mesa)
    return is_admin(user) or mesa_id in coordinated_mesa_ids(user)


def can_assign_roles(user) -> bool:
    """Admins and GT-SC staff assign and remove coordinators (issue: Membership)."""
    return is_admin(user) or is_gtsc_staff(user)


def can_read_audit_log(user) -> bool:
    """The audit log (§9) is for admins."""
    return is_admin(user)


def can_view_dashboards(user) -> bool:
    return is_admin(user) or is_gtsc_staff(user) or is_coordinator(user)


def requires_mfa(user) -> bool:
    """GT-SC staff and admins must have a second factor before reaching their pages (§10)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.is_staff or is_gtsc_staff(user)
