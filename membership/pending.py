"""Membership entries of the personal home (mecanismo.core.pending): a registration to finish,
requests to join a mesa and requests to act for the organisation to decide."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mecanismo.core import permissions as core
from mecanismo.core.pending import PendingEntry, pending_provider
from mecanismo.core.timezones import country_zones

from . import permissions, selectors
from .models import MembershipStatus, RegistrationDraft


@pending_provider
def registration_to_finish(user) -> list[PendingEntry]:
    """Someone who stopped registering half-way (a draft, or no profile and no role at all)."""
    if selectors.active_contact(user) is not None:
        return []
    started = RegistrationDraft.objects.filter(user=user).exists()
    has_role = (
        core.is_admin(user)
        or core.is_coordinator(user)
        or core.is_gtsc_staff(user)
        or core.is_linking_table_member(user)
    )
    if not started and has_role:
        return []
    text = _("Finish your registration") if started else _("Register your organisation or yourself")
    return [PendingEntry(text=text, url=reverse("membership:register"), order=5)]


@pending_provider
def mesa_requests_to_decide(user) -> list[PendingEntry]:
    """Coordinators (and admins): pending requests to join each mesa they coordinate. One
    grouped query."""
    if not (core.is_admin(user) or core.is_coordinator(user)):
        return []
    mesas = (
        permissions.coordinated_mesas(user)
        .annotate(n=Count("memberships", filter=Q(memberships__status=MembershipStatus.PENDING)))
        .filter(n__gt=0)
        .order_by("number")
    )
    return [
        PendingEntry(
            text=ngettext(
                "%(count)d request to join %(mesa)s awaits your decision",
                "%(count)d requests to join %(mesa)s await your decision",
                mesa.n,
            )
            % {"count": mesa.n, "mesa": mesa.short_name},
            url=reverse("membership:mesa_requests", args=[mesa.slug]),
            order=20,
        )
        for mesa in mesas
    ]


@pending_provider
def time_zone_to_choose(user) -> list[PendingEntry]:
    """The member's country has several zones and the person's zone is none of them."""
    member = selectors.member_for_user(user)
    if member is None:
        return []
    zones = country_zones(member.country.code)
    if len(zones) < 2 or user.time_zone in zones:
        return []
    return [
        PendingEntry(
            text=_("Choose your time zone: %(country)s has several.")
            % {"country": member.country.name},
            url=reverse("core:settings") + f"?country={member.country.code}",
            order=10,
        )
    ]


@pending_provider
def contact_requests_to_decide(user) -> list[PendingEntry]:
    """People asking to act for the user's organisation (admins: every pending one)."""
    if not permissions.can_view_contact_requests(user):
        return []
    n = permissions.pending_contact_requests_visible_to(user).count()
    if not n:
        return []
    return [
        PendingEntry(
            text=ngettext(
                "%(count)d person asks to be a contact of the organisation",
                "%(count)d people ask to be contacts of the organisation",
                n,
            )
            % {"count": n},
            url=reverse("membership:contact_requests"),
            order=20,
        )
    ]
