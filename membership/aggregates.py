"""Counts of members and people with small cells suppressed (§8, §9).

This module is the ONLY reader of `SelfDeclaration` for counting (a test in tests/security keeps
it that way). It never returns an individual answer nor a raw count of a suppressed cell: what
leaves it is already safe to show.

The suppression rule (`suppress`), applied to every breakdown, sensitive or not
-----------------------------------------------------------------------------------
A breakdown splits a known total T (the people or members counted; the viewer can count them on
the member list anyway, so we assume T is always known) into cells that add up to T.

1. T < 5: the whole breakdown is withheld (every cell "hidden").
2. No cell below 5: every cell is shown.
3. Otherwise every cell below 5 — zeros included — is shown as "<5", and the LARGEST cell
   (first in display order on ties) is "hidden" as well, whatever its value.

Why this and not "suppress the next smallest cell":
- One "<5" next to shown cells is recovered by subtraction (T minus the rest), so a second cell
  must be hidden. Hiding the *next smallest* leaks: the viewer knows the hidden cell is at most
  the smallest shown cell and at least 5, which pins the small cell in cases like 5/5/1. Hiding
  the *largest* only tells that it is at least every shown cell, an upper bound nobody can use:
  moving a small cell's people into the largest cell gives another table with exactly the same
  display. So every "<5" that counts 1–4 people could as well be 0, and vice versa.
- Zeros are shown as "<5" (not "0") for the same reason: if zeros were shown, a lone "<5" would
  be known to be at least 1, and a 1/1/20 split would show two "<5" that must both be 1.
- Hiding the largest cell also stops "everyone in one cell" (all 6 people answered "woman", all
  members of a group are Indigenous): as soon as the other cells are below 5 the big one is hidden,
  and it could be anything from T−16 to T.
- When every cell is below 5 the largest is "hidden" rather than "<5" (4/4/4/4/4 with T = 20
  would otherwise fix every cell at 4): hidden says less than "<5".
tests/membership/test_aggregates.py checks, over every table of up to five cells with small
values, that no hidden or "<5" cell can be pinned to a value of 1–4 and no cell to T, by anyone who
knows T, the display and this rule.

Nested breakdowns (`suppress_nested`): actor types grouped by "migrant-led or not" — the migrant
-led count is the sum of its actor types, so the two tables are one. The two group totals follow
the rule above; inside a group whose total is shown the same rule applies; a group shown as "<5"
shows nothing inside; inside the group whose total is hidden (the largest) the largest cell is
hidden even when no cell is below 5 (otherwise its shown cells would give the total back, and T
minus it the other group), and the group is never withheld as a whole (that would tell whether
its total is under 5).

People are the approved contact persons of the members counted (an individual member's contact
is the person): one user acts for one member, so nobody is counted twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import ActorType, Subregion

from .models import ContactPerson, ContactStatus, Gender, Member

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "hidden"

Display = int | str  # a shown count, SMALL or HIDDEN


def suppress(counts: Sequence[int], *, force: bool = False) -> list[Display]:
    """Apply the rule of the module docstring to one breakdown. `force` (a group whose total is
    hidden, see `suppress_nested`) hides the largest cell even when no cell is below 5, and never
    withholds the whole group: that would tell whether the hidden total is under 5."""
    counts = list(counts)
    if not counts:
        return []
    if not force and sum(counts) < THRESHOLD:
        return [HIDDEN] * len(counts)
    if not force and min(counts) >= THRESHOLD:
        return counts
    largest = max(range(len(counts)), key=lambda i: (counts[i], -i))
    return [
        HIDDEN if i == largest else (SMALL if value < THRESHOLD else value)
        for i, value in enumerate(counts)
    ]


def suppress_nested(groups: Sequence[Sequence[int]]) -> tuple[list[Display], list[list[Display]]]:
    """Group totals and the cells inside each group, suppressed so that neither table can be
    recovered from the other (module docstring)."""
    sums = [sum(group) for group in groups]
    totals = suppress(sums)
    cells = []
    for group, total in zip(groups, totals, strict=True):
        if len(group) == 1:
            cells.append([total])
        elif sum(sums) < THRESHOLD or total == SMALL:
            cells.append([HIDDEN] * len(group))  # fewer than five in it: nothing to show
        else:
            cells.append(suppress(group, force=total == HIDDEN))
    return totals, cells


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


def _rows(labels: Sequence[str], counts: Sequence[int]) -> list[Row]:
    return [Row(str(label), d) for label, d in zip(labels, suppress(counts), strict=True)]


def member_breakdowns(members: QuerySet[Member]) -> tuple[int, list[Breakdown]]:
    """Members by subregion, by actor type grouped as migrant-led or not. Two queries: the counts
    per (subregion, actor type), grouped in the database, and the actor types (reference data, so
    types nobody belongs to are counted as 0)."""
    cross = (
        members.order_by()
        .values_list("subregion", "actor_type_id")
        .annotate(n=Count("pk", distinct=True))
    )
    by_subregion: dict[str, int] = {}
    by_type: dict[int, int] = {}
    for subregion, type_id, n in cross:
        by_subregion[subregion] = by_subregion.get(subregion, 0) + n
        by_type[type_id] = by_type.get(type_id, 0) + n
    total = sum(by_subregion.values())

    subregions = Breakdown(
        "subregion",
        str(_("Members by subregion")),
        total,
        _rows(Subregion.labels, [by_subregion.get(s, 0) for s in Subregion.values]),
    )

    types = list(ActorType.objects.order_by("sort", "code"))
    led = [t for t in types if t.migrant_led]
    other = [t for t in types if not t.migrant_led]
    group_totals, group_cells = suppress_nested(
        [[by_type.get(t.pk, 0) for t in led], [by_type.get(t.pk, 0) for t in other]]
    )
    rows: list[Row] = []
    for label, group_total, group, cells in (
        (
            _("Migrant-led (migrant persons and their organisations)"),
            group_totals[0],
            led,
            group_cells[0],
        ),
        (_("Other actor types"), group_totals[1], other, group_cells[1]),
    ):
        if not group:
            continue
        rows.append(Row(str(label), group_total))
        rows.extend(Row(t.name, d, level=1) for t, d in zip(group, cells, strict=True))
    actor_types = Breakdown("actor_type", str(_("Members by actor type")), total, rows)
    return total, [subregions, actor_types]


GROUPS = (
    ("indigenous", _("Indigenous")),
    ("afro_descendant", _("Afro-descendant")),
    ("lgbtiq", _("LGBTIQ+")),
    ("disability", _("Persons with disabilities")),
    ("youth", _("Youth")),
)


def people_of(members: QuerySet[Member]) -> QuerySet:
    """Active user accounts of the approved contact persons of these members."""
    acting = ContactPerson.objects.filter(
        user=OuterRef("pk"), status=ContactStatus.APPROVED, member__in=members.values("pk")
    )
    return get_user_model().objects.filter(Exists(acting), is_active=True)


def people_breakdowns(people: QuerySet) -> tuple[int, list[Breakdown]]:
    """Gender, migrant or refugee experience and each group at risk of under-representation of
    these people (contact persons and individual members), by conditional aggregation in ONE
    query. "Not answered" covers people who never answered or erased their answers."""
    unanswered = Q(self_declaration__isnull=True)
    counts = {f"gender_{g}": Count("pk", filter=Q(self_declaration__gender=g)) for g in Gender}
    counts["gender_none"] = Count("pk", filter=unanswered | Q(self_declaration__gender=""))
    counts["migrant_yes"] = Count("pk", filter=Q(self_declaration__migrant_experience=True))
    counts["migrant_no"] = Count("pk", filter=Q(self_declaration__migrant_experience=False))
    counts["migrant_none"] = Count(
        "pk", filter=Q(self_declaration__migrant_experience__isnull=True)
    )
    for field, _label in GROUPS:
        counts[f"group_{field}"] = Count("pk", filter=Q(**{f"self_declaration__{field}": True}))
    result = people.order_by().aggregate(total=Count("pk"), **counts)
    total = result["total"]

    gender = Breakdown(
        "gender",
        str(_("Gender of contact persons and individual members")),
        total,
        _rows(
            [*Gender.labels, _("Not answered")],
            [*(result[f"gender_{g}"] for g in Gender), result["gender_none"]],
        ),
    )
    migrant = Breakdown(
        "migrant_experience",
        str(_("Migrant or refugee experience")),
        total,
        _rows(
            [_("Yes"), _("No"), _("Not answered")],
            [result["migrant_yes"], result["migrant_no"], result["migrant_none"]],
        ),
    )
    # Each group is a yes / not-yes split of the total: only the "yes" cell is displayed, but it
    # is suppressed as a two-cell breakdown so that "everyone is in the group" stays hidden.
    group_rows = []
    for field, label in GROUPS:
        yes = result[f"group_{field}"]
        group_rows.append(Row(str(label), suppress([yes, total - yes])[0]))
    groups = Breakdown(
        "groups",
        str(_("Groups at risk of under-representation")),
        total,
        group_rows,
        partition=False,
    )
    return total, [gender, migrant, groups]


def mesa_composition(members: QuerySet[Member]) -> Composition:
    """What the composition page of a mesa shows for these members (four queries)."""
    n_members, by_member = member_breakdowns(members)
    n_people, by_person = people_breakdowns(people_of(members))
    return Composition(members=n_members, people=n_people, breakdowns=[*by_member, *by_person])
