"""Reads of the membership app shared by views, other apps (mesas, vinculacion) and dashboards.

No writes here (STYLE). Querysets are pagination-ready and carry the select_related /
prefetch_related their pages need, so a page costs a constant number of queries (§10).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from mecanismo.core.models import PrivacyConsent, PrivacyNotice

from .models import (
    ContactPerson,
    ContactStatus,
    Member,
    MembershipStatus,
    MesaMembership,
    normalise_name,
)


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


def active_contact(user) -> ContactPerson | None:
    """The user's pending or approved contact row (with its member): one account, one member."""
    return (
        ContactPerson.objects.filter(
            user=user, status__in=[ContactStatus.PENDING, ContactStatus.APPROVED]
        )
        .select_related("member")
        .first()
    )


def privacy_reconsent_needed(user) -> bool:
    """True when the user accepted an earlier privacy notice but not the current one (§9)."""
    notice = PrivacyNotice.current()
    if notice is None or not user.is_authenticated:
        return False
    consents = set(PrivacyConsent.objects.filter(user=user).values_list("notice_id", flat=True))
    return bool(consents) and notice.pk not in consents


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


def approved_contacts() -> QuerySet[ContactPerson]:
    """Contact rows that act for their member today: approved, on an active account, of a member
    that is not archived (§3)."""
    return ContactPerson.objects.filter(
        status=ContactStatus.APPROVED, user__is_active=True, member__archived_at__isnull=True
    )


def member_contacts(member) -> QuerySet[ContactPerson]:
    """The approved contacts of one member (see approved_contacts)."""
    return approved_contacts().filter(member_id=getattr(member, "pk", member))


def mesa_contacts(mesa) -> QuerySet[ContactPerson]:
    """The approved contacts of the approved members of a mesa: the people a mesa's meetings
    invite (§6) and who speak for the mesa's members."""
    return approved_contacts().filter(
        member__mesa_memberships__mesa_id=getattr(mesa, "pk", mesa),
        member__mesa_memberships__status=MembershipStatus.APPROVED,
    )


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


def _duplicate_candidates() -> QuerySet[Member]:
    """The duplicate rule's population: organisations that are not archived."""
    return Member.objects.filter(kind="organisation", archived_at__isnull=True).select_related(
        "country", "actor_type"
    )


def duplicates_for(*, name: str, country) -> list[Member]:
    """Organisations with the same normalised name (case and accents ignored) in the country:
    what registration offers to claim instead of registering a second time (§3)."""
    return list(
        _duplicate_candidates().filter(name_normalised=normalise_name(name), country=country)
    )


def duplicates_among(pairs: Iterable[tuple[str, int]]) -> dict[tuple[str, int], Member]:
    """The rule of `duplicates_for` for many (name, country id) pairs at once, in one query (a
    member import checks thousands of rows): {(normalised name, country id): existing member}."""
    wanted = {(normalise_name(name), country_id) for name, country_id in pairs}
    if not wanted:
        return {}
    found: dict[tuple[str, int], Member] = {}
    names = {name for name, _c in wanted}
    for member in _duplicate_candidates().filter(name_normalised__in=names).order_by("id"):
        key = (member.name_normalised, member.country_id)
        if key in wanted:
            found.setdefault(key, member)
    return found


def organisations_matching(query: str, country=None) -> QuerySet[Member]:
    """Organisations a registrant may claim, searched on the normalised name (accent-insensitive
    on SQLite and PostgreSQL alike). Organisations listed in the public directory match a part
    of their name; unlisted ones only their exact name, so the search is never a browsable list
    of members who opted out of the directory (issue 11, finding 6)."""
    qs = Member.objects.filter(kind="organisation", archived_at__isnull=True).select_related(
        "country", "actor_type"
    )
    needle = normalise_name(query)
    if needle:
        qs = qs.filter(
            Q(listed_in_directory=True, name_normalised__contains=needle)
            | Q(name_normalised=needle)
        )
    else:
        qs = qs.filter(listed_in_directory=True)
    if country is not None:
        qs = qs.filter(country=country)
    return qs.order_by("name_normalised", "id")


def _only_invited() -> Q:
    """Members brought in by an import whose people have not accepted yet (issue 14): they
    have an invited contact and no approved one. Listed nowhere until someone accepts."""
    contacts = ContactPerson.objects.filter(member=OuterRef("pk"))
    return Q(Exists(contacts.filter(status=ContactStatus.INVITED))) & ~Q(
        Exists(contacts.filter(status=ContactStatus.APPROVED))
    )


def directory_members() -> QuerySet[Member]:
    """Members listed in the public directory with what a row shows; mesas prefetched in one
    query. Never sensitive fields or e-mails (§9)."""
    approved = (
        MesaMembership.objects.filter(status=MembershipStatus.APPROVED)
        .select_related("mesa")
        .order_by("mesa__number")
    )
    return (
        Member.objects.filter(listed_in_directory=True, archived_at__isnull=True)
        .exclude(_only_invited())
        .select_related("country", "actor_type")
        .prefetch_related(Prefetch("mesa_memberships", queryset=approved, to_attr="current_mesas"))
        .order_by("name_normalised", "id")
    )


def mesa_member_page_rows(mesa) -> QuerySet[Member]:
    """Members with an approved membership of the mesa, by name, with their approved contacts'
    users prefetched (one query) for the coordinators' list."""
    mesa_id = getattr(mesa, "pk", mesa)
    in_mesa = MesaMembership.objects.filter(
        member=OuterRef("pk"), mesa_id=mesa_id, status=MembershipStatus.APPROVED
    )
    contacts = ContactPerson.objects.filter(status=ContactStatus.APPROVED).select_related("user")
    return (
        Member.objects.filter(Exists(in_mesa), archived_at__isnull=True)
        .select_related("country", "actor_type")
        .prefetch_related(Prefetch("contacts", queryset=contacts, to_attr="approved_contacts"))
        .order_by("name_normalised", "id")
    )


def pending_requests(mesa) -> QuerySet[MesaMembership]:
    mesa_id = getattr(mesa, "pk", mesa)
    return (
        MesaMembership.objects.filter(mesa_id=mesa_id, status=MembershipStatus.PENDING)
        .select_related("member", "member__country", "member__actor_type", "requested_by")
        .order_by("requested_at", "id")
    )


def member_memberships(member) -> QuerySet[MesaMembership]:
    """The member's whole history, newest first (open rows and past ones)."""
    return (
        MesaMembership.objects.filter(member=member)
        .select_related("mesa", "decided_by")
        .order_by("mesa__number", "-requested_at", "-id")
    )


def current_mesas(member) -> QuerySet[MesaMembership]:
    """The member's approved memberships (member or its id), by mesa number."""
    return (
        MesaMembership.objects.filter(
            member_id=getattr(member, "pk", member), status=MembershipStatus.APPROVED
        )
        .select_related("mesa")
        .order_by("mesa__number")
    )
