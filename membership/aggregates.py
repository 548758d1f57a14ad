"""Counts of members and people, published only through disclosure control (§8, §9).

This module is the ONLY reader of `SelfDeclaration` for counting (a test in tests/security keeps
it that way). Nothing that leaves it is a live count: pages get the latest stored release of a
scope (`released_composition`), made at most once a quarter and only after enough changes, with
small cells suppressed and shown cells perturbed by the cell-key method. The arithmetic and its
reasoning are in membership/disclosure.py and the README ("Disclosure control").

People are the approved contact persons of the members counted (an individual member's contact
is the person), active accounts only: one user acts for one member, so nobody is counted twice.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import ActorType, Subregion

from . import disclosure
from .disclosure import HIDDEN, SMALL, THRESHOLD, Display, suppress, suppress_nested
from .models import (
    ContactPerson,
    ContactStatus,
    DisclosureKey,
    DisclosureRelease,
    Gender,
    Member,
    SelfDeclaration,
)
from .selectors import approved_members

__all__ = ["HIDDEN", "SMALL", "THRESHOLD", "suppress", "suppress_nested"]

MEMBER_TABLES = ("subregion", "actor_type")
PEOPLE_TABLES = ("gender", "migrant_experience", "groups")
# How each table's cells relate to its total (disclosure.guard_tables): a partition's cells add up
# to it; a "yes" row is one half of a yes / not-yes split of it; actor types are nested groups.
KINDS = {"subregion": "partition", "gender": "partition", "migrant_experience": "partition"}
KINDS["groups"] = "yes"

GROUPS = (
    ("indigenous", _("Indigenous")),
    ("afro_descendant", _("Afro-descendant")),
    ("lgbtiq", _("LGBTIQ+")),
    ("disability", _("Persons with disabilities")),
    ("youth", _("Youth")),
)
LED, OTHER = "group:migrant_led", "group:other"


# --- what pages receive --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    display: Display
    level: int = 0  # 1: a row inside a group (actor types under "migrant-led")

    @property
    def is_small(self) -> bool:
        return self.display == SMALL

    @property
    def is_hidden(self) -> bool:
        return self.display == HIDDEN


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    total: int  # the known total (members or people) the rows split
    rows: list[Row]
    # False for a list of independent yes/no counts (groups at risk): rows do not add up to it.
    partition: bool = True

    @property
    def withheld(self) -> bool:
        return self.total < THRESHOLD


@dataclass(frozen=True)
class Composition:
    members: int
    people: int
    breakdowns: list[Breakdown]
    as_of: date | None = None  # the release date
    computed_at: object = None


# --- counting (live; never returned to a page as such) -------------------------------------------


def people_of(members: QuerySet[Member]) -> QuerySet:
    """Active user accounts of the approved contact persons of these members."""
    acting = ContactPerson.objects.filter(
        user=OuterRef("pk"), status=ContactStatus.APPROVED, member__in=members.values("pk")
    )
    return get_user_model().objects.filter(Exists(acting), is_active=True)


def _key_sum(value) -> int:
    return int(value or 0)


def count_members(member_ids) -> dict:
    """Tables of members by subregion and by actor type grouped as migrant-led or not, as
    suppressed and perturbed displays keyed by category code (two queries)."""
    cross = (
        Member.objects.filter(pk__in=member_ids)
        .order_by()
        .values_list("subregion", "actor_type__code")
        .annotate(n=Count("pk"), k=Sum("disclosure_key__value"))
    )
    n_sub: dict[str, int] = {}
    k_sub: dict[str, int] = {}
    n_type: dict[str, int] = {}
    k_type: dict[str, int] = {}
    for subregion, code, n, k in cross:
        n_sub[subregion] = n_sub.get(subregion, 0) + n
        k_sub[subregion] = k_sub.get(subregion, 0) + _key_sum(k)
        n_type[code] = n_type.get(code, 0) + n
        k_type[code] = k_type.get(code, 0) + _key_sum(k)
    total = sum(n_sub.values())
    codes = list(Subregion.values)
    shown = suppress([n_sub.get(c, 0) for c in codes])
    subregion = [
        [c, disclosure.perturb(d, k_sub.get(c, 0))] for c, d in zip(codes, shown, strict=True)
    ]

    types = list(ActorType.objects.order_by("sort", "code").values_list("code", "migrant_led"))
    groups = [[c for c, led in types if led], [c for c, led in types if not led]]
    totals, cells = suppress_nested([[n_type.get(c, 0) for c in g] for g in groups])
    actor_type = []
    for code, group, total_d, inner in zip((LED, OTHER), groups, totals, cells, strict=True):
        if not group:
            continue
        group_key = sum(k_type.get(c, 0) for c in group)
        actor_type.append([code, disclosure.perturb(total_d, group_key), 0])
        actor_type.extend(
            [c, disclosure.perturb(d, k_type.get(c, 0)), 1]
            for c, d in zip(group, inner, strict=True)
        )
    return {"members": total, "subregion": subregion, "actor_type": actor_type}


def _gender_codes() -> list[str]:
    return [*Gender.values, "none"]


def count_people(people: QuerySet) -> dict:
    """Gender, migrant or refugee experience and each group at risk of under-representation of
    these people, by conditional aggregation in ONE query (counts and key sums per cell). "Not
    answered" covers people who never answered or erased their answers."""
    unanswered = Q(self_declaration__isnull=True)
    cells = {f"gender_{g}": Q(self_declaration__gender=g) for g in Gender.values}
    cells["gender_none"] = unanswered | Q(self_declaration__gender="")
    cells["migrant_yes"] = Q(self_declaration__migrant_experience=True)
    cells["migrant_no"] = Q(self_declaration__migrant_experience=False)
    cells["migrant_none"] = Q(self_declaration__migrant_experience__isnull=True)
    for field, _label in GROUPS:
        cells[f"group_{field}"] = Q(**{f"self_declaration__{field}": True})
    aggregates = {"total": Count("pk")}
    for name, condition in cells.items():
        aggregates[name] = Count("pk", filter=condition)
        aggregates[f"k_{name}"] = Sum("disclosure_key__value", filter=condition)
    result = people.order_by().aggregate(**aggregates)
    total = result["total"]

    def table(prefix: str, codes: list[str]) -> list[list]:
        counts = [result[f"{prefix}_{c}"] for c in codes]
        return [
            [c, disclosure.perturb(d, _key_sum(result[f"k_{prefix}_{c}"]))]
            for c, d in zip(codes, suppress(counts), strict=True)
        ]

    # Each group is a yes / not-yes split of the total: only "yes" is shown, suppressed as a
    # two-cell breakdown so that "everyone is in the group" stays hidden.
    groups = []
    for field, _label in GROUPS:
        yes = result[f"group_{field}"]
        shown = suppress([yes, total - yes])[0]
        groups.append([field, disclosure.perturb(shown, _key_sum(result[f"k_group_{field}"]))])
    return {
        "people": total,
        "gender": table("gender", _gender_codes()),
        "migrant_experience": table("migrant", ["yes", "no", "none"]),
        "groups": groups,
    }


def attendance_by_gender(invitations: QuerySet, group_by: tuple[str, ...]) -> dict:
    """Invitations and presences by the invited person's self-declared gender (§8 "attendance
    rate by gender where safe"), grouped by `group_by` (e.g. mesa and quarter), in ONE query plus
    the keys drawn for people who have none. Returns {group: [[gender code, invited, present]]}
    as suppressed, perturbed displays: invited and present are each a partition of an exact total
    the dashboard shows ("<5" and the largest hidden, then cell-key noise from the invited
    people's keys, the same person always adding the same key). "none": not answered.

    Callers compute it once, for a period that is over, and keep it (a fixed release)."""
    people = set(invitations.order_by().values_list("user_id", flat=True).distinct())
    _ensure_keys(set(), people)
    present = Q(attendance="present")
    rows = (
        invitations.order_by()
        .values_list(*group_by, "user__self_declaration__gender")
        .annotate(
            n=Count("pk"),
            p=Count("pk", filter=present),
            k=Sum("user__disclosure_key__value"),
            kp=Sum("user__disclosure_key__value", filter=present),
        )
    )
    raw: dict = {}
    for *group, gender, n, p, k, kp in rows:
        cells = raw.setdefault(tuple(group), {})
        code = gender or "none"
        old = cells.get(code, (0, 0, 0, 0))
        cells[code] = (old[0] + n, old[1] + p, old[2] + _key_sum(k), old[3] + _key_sum(kp))
    return {group: attendance_table(cells) for group, cells in raw.items()}


def attendance_table(cells: dict) -> list[list]:
    """{gender code: (invited, present, key sum invited, key sum present)} → published rows."""
    codes = _gender_codes()
    zero = (0, 0, 0, 0)
    invited = suppress([cells.get(c, zero)[0] for c in codes])
    present = suppress([cells.get(c, zero)[1] for c in codes])
    return [
        [
            c,
            disclosure.perturb(i, cells.get(c, zero)[2]),
            disclosure.perturb(p, cells.get(c, zero)[3]),
        ]
        for c, i, p in zip(codes, invited, present, strict=True)
    ]


def gender_labels() -> dict:
    return {**dict(Gender.choices), "none": _("Not answered")}


# --- releases -------------------------------------------------------------------------------------


def _ensure_keys(member_ids: set[int], person_ids: set[int]) -> None:
    """Draw the fixed random key of everyone counted who has none yet (once, ever)."""
    have_members = set(
        DisclosureKey.objects.filter(member_id__in=member_ids).values_list("member_id", flat=True)
    )
    have_people = set(
        DisclosureKey.objects.filter(user_id__in=person_ids).values_list("user_id", flat=True)
    )
    new = [
        DisclosureKey(member_id=i, value=secrets.randbits(31)) for i in member_ids - have_members
    ]
    new += [DisclosureKey(user_id=i, value=secrets.randbits(31)) for i in person_ids - have_people]
    DisclosureKey.objects.bulk_create(new, batch_size=5000, ignore_conflicts=True)


def _counted(members: QuerySet[Member]) -> tuple[set[int], set[int]]:
    member_ids = set(members.order_by().values_list("pk", flat=True))
    person_ids = set(
        people_of(Member.objects.filter(pk__in=member_ids)).values_list("pk", flat=True)
    )
    return member_ids, person_ids


@transaction.atomic
def release_refresh(scope: str, members: QuerySet[Member], *, now=None) -> DisclosureRelease:
    """Make the scope's next release if one is due (disclosure.release_due) and enough people or
    members changed since the last (MIN_CHANGES, counted separately for the member tables and the
    people tables: a group of tables whose population changed less keeps its previous cells).
    Idempotent; concurrent callers serialise on the latest release row."""
    now = now or timezone.now()
    latest = DisclosureRelease.objects.select_for_update().filter(scope=scope).first()
    if latest and not disclosure.release_due(
        last_period=latest.period_start, last_checked=latest.checked_at, now=now
    ):
        return latest
    member_ids, person_ids = _counted(members)
    _ensure_keys(member_ids, person_ids)
    people = get_user_model().objects.filter(pk__in=person_ids)
    payload = {**count_members(member_ids), **count_people(people)}
    if latest is not None:
        moved_members = disclosure.changes(set(latest.members), member_ids)
        edited = set(
            DisclosureKey.objects.filter(
                user_id__in=person_ids, answers_changed_at__gt=latest.computed_at
            ).values_list("user_id", flat=True)
        )
        moved_people = disclosure.changes(set(latest.people), person_ids, edited)
        fresh_members = sum(moved_members) >= disclosure.MIN_CHANGES
        fresh_people = (
            len(set(latest.people) ^ person_ids) + len(edited & set(latest.people))
            >= disclosure.MIN_CHANGES
        )
        if not (fresh_members or fresh_people):
            latest.checked_at = now
            latest.save(update_fields=["checked_at"])
            return latest
        old = latest.payload
        if fresh_members:
            disclosure.guard_tables(old, payload, MEMBER_TABLES, "members", moved_members, KINDS)
        else:
            payload.update({k: old[k] for k in ("members", *MEMBER_TABLES)})
            member_ids = set(latest.members)
        if fresh_people:
            disclosure.guard_tables(old, payload, PEOPLE_TABLES, "people", moved_people, KINDS)
        else:
            payload.update({k: old[k] for k in ("people", *PEOPLE_TABLES)})
            person_ids = set(latest.people)
    try:
        with transaction.atomic():
            return DisclosureRelease.objects.create(
                scope=scope,
                period_start=disclosure.quarter_start(now),
                computed_at=now,
                checked_at=now,
                members=sorted(member_ids),
                people=sorted(person_ids),
                payload=payload,
            )
    except IntegrityError:  # a concurrent first release of the scope
        return DisclosureRelease.objects.get(
            scope=scope, period_start=disclosure.quarter_start(now)
        )


def latest_release(scope: str, members: Callable[[], QuerySet[Member]], *, now=None):
    """The release a page shows: the stored one (one query), refreshed first when due."""
    now = now or timezone.now()
    latest = DisclosureRelease.objects.filter(scope=scope).defer("members", "people").first()
    if latest is None or disclosure.release_due(
        last_period=latest.period_start, last_checked=latest.checked_at, now=now
    ):
        latest = release_refresh(scope, members(), now=now)
    return latest


# --- from a release to what a page shows ---------------------------------------------------------


def composition_of(release: DisclosureRelease) -> Composition:
    """Labels in the reader's language for a stored release (one query: actor type names)."""
    payload = release.payload
    names = {t.code: t.name for t in ActorType.objects.all()}
    members, people = payload["members"], payload["people"]
    subregion_labels = dict(Subregion.choices)
    group_labels = {
        LED: _("Migrant-led (migrant persons and their organisations)"),
        OTHER: _("Other actor types"),
    }
    gender_labels = {**dict(Gender.choices), "none": _("Not answered")}
    migrant_labels = {"yes": _("Yes"), "no": _("No"), "none": _("Not answered")}
    groups_labels = dict(GROUPS)

    def rows(name, labels):
        return [
            Row(str(labels.get(r[0], r[0])), r[1], r[2] if len(r) > 2 else 0) for r in payload[name]
        ]

    breakdowns = [
        Breakdown(
            "subregion",
            str(_("Members by subregion")),
            members,
            rows("subregion", subregion_labels),
        ),
        Breakdown(
            "actor_type",
            str(_("Members by actor type")),
            members,
            rows("actor_type", {**names, **group_labels}),
        ),
        Breakdown(
            "gender",
            str(_("Gender of contact persons and individual members")),
            people,
            rows("gender", gender_labels),
        ),
        Breakdown(
            "migrant_experience",
            str(_("Migrant or refugee experience")),
            people,
            rows("migrant_experience", migrant_labels),
        ),
        Breakdown(
            "groups",
            str(_("Groups at risk of under-representation")),
            people,
            rows("groups", groups_labels),
            partition=False,
        ),
    ]
    return Composition(
        members=members,
        people=people,
        breakdowns=breakdowns,
        as_of=release.period_start,
        computed_at=release.computed_at,
    )


def mesa_scope(mesa) -> str:
    return f"mesa:{getattr(mesa, 'pk', mesa)}"


def mesa_composition(mesa, *, now=None) -> Composition:
    """What the composition page of a mesa shows: its latest release (two queries when no new
    release is due)."""
    release = latest_release(mesa_scope(mesa), lambda: approved_members(mesa), now=now)
    return composition_of(release)


# --- answer changes are changes between releases --------------------------------------------------


@receiver(post_save, sender=SelfDeclaration, dispatch_uid="disclosure_answers_saved")
@receiver(post_delete, sender=SelfDeclaration, dispatch_uid="disclosure_answers_erased")
def _answers_changed(sender, instance, **kwargs):
    """Record when a person's answers changed (never what they are)."""
    now = timezone.now()
    updated = DisclosureKey.objects.filter(user_id=instance.user_id).update(answers_changed_at=now)
    if not updated and kwargs.get("signal") is post_save:
        DisclosureKey.objects.create(
            user_id=instance.user_id, value=secrets.randbits(31), answers_changed_at=now
        )
