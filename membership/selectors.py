"""Reads of the membership app shared by views, other apps (mesas, vinculacion) and dashboards.

No writes here (STYLE). Querysets are pagination-ready and carry the select_related /
prefetch_related their pages need, so a page costs a constant number of queries (§10).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import ContactPerson, ContactStatus, Member, MembershipStatus, MesaMembership


def member_for_user(user) -> Member | None:
    """The member the user acts for: the member of their approved contact row (§3: one user acts
    for one member). None for anonymous users and users without an approved profile. Cached on the
    user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return None
    if hasattr(user, "_member_for_user_cache"):
        return user._member_for_user_cache
    contact = (
        ContactPerson.objects.filter(user=user, status=ContactStatus.APPROVED)
        .select_related("member", "member__country", "member__actor_type")
        .first()
    )
    member = contact.member if contact else None
    user._member_for_user_cache = member
    return member


def forget_member(user) -> None:
    """Call after changing the user's contact rows inside the same request."""
    if hasattr(user, "_member_for_user_cache"):
        del user._member_for_user_cache


def approved_members(mesa) -> QuerySet[Member]:
    """Members with an approved (current) membership of the mesa, by name."""
    mesa_id = getattr(mesa, "pk", mesa)
    return Member.objects.filter(
        archived_at__isnull=True,
        mesa_memberships__mesa_id=mesa_id,
        mesa_memberships__status=MembershipStatus.APPROVED,
    ).select_related("country", "actor_type")


def approved_member_ids_for_mesas(mesa_ids: Iterable[int] | None = None) -> dict[int, set[int]]:
    """{mesa_id: {member_id, …}} of current approved memberships (all mesas, or the given ones)."""
    qs = MesaMembership.objects.filter(
        status=MembershipStatus.APPROVED, member__archived_at__isnull=True
    )
    if mesa_ids is not None:
        qs = qs.filter(mesa_id__in=list(mesa_ids))
    result: dict[int, set[int]] = {}
    for mesa_id, member_id in qs.values_list("mesa_id", "member_id"):
        result.setdefault(mesa_id, set()).add(member_id)
    return result


def contact_users(member_ids: Iterable[int]) -> QuerySet:
    """Active user accounts of the approved contact persons of these members."""
    if isinstance(member_ids, QuerySet):
        ids = member_ids
    else:
        ids = list(member_ids)
    return (
        get_user_model()
        .objects.filter(
            contact_roles__member_id__in=ids,
            contact_roles__status=ContactStatus.APPROVED,
            is_active=True,
        )
        .distinct()
    )


def approved_member_count(mesa) -> int:
    mesa_id = getattr(mesa, "pk", mesa)
    return MesaMembership.objects.filter(
        mesa_id=mesa_id, status=MembershipStatus.APPROVED, member__archived_at__isnull=True
    ).count()
