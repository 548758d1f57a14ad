"""What the dashboards show (§8): a fixed catalogue of tables for (quarter, mesa, subregion),
read from precomputed rows only (QuarterStat, DisclosureRelease), so a page costs the same
number of queries at 1,000 and at 100,000 members. Every table carries its written definition.

Counts of people by a sensitive attribute come only from releases of membership/aggregates.py
(fixed quarterly releases, cell-key noise, "<5" and secondary suppression). Counts of members by
subregion, country and actor type (public profile data) go through the same "<5" rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mecanismo.core.models import ActorType, Country, Mesa, Objective, Subregion
from membership import aggregates
from membership.disclosure import HIDDEN, SMALL, quarter_start, suppress, suppress_nested
from membership.models import DisclosureRelease, Member, MembershipStatus

from .models import QuarterStat


@dataclass
class Filters:
    quarter: date | None
    mesa: Mesa | None  # None: all mesas
    subregion: str  # "": all subregions


@dataclass
class Table:
    key: str
    title: str
    definition: str
    columns: list[str]
    rows: list[list]  # first cell: the row label; then displays (int, float, SMALL, HIDDEN)
    chart_column: int | None = 1  # which column the chart draws (None: no chart)
    empty: bool = False

    @property
    def csv_rows(self):
        return [self.columns, *self.rows]


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    empty_text: str = ""


def quarter_label(q: date) -> str:
    return _("Q%(n)d %(year)d") % {"n": (q.month - 1) // 3 + 1, "year": q.year}


# --- scopes of the sensitive releases -------------------------------------------------------------


def scope_key(mesa: Mesa | None, subregion: str) -> str:
    base = aggregates.mesa_scope(mesa) if mesa is not None else "all"
    return f"{base}:{subregion}" if subregion else base


def scope_members(mesa: Mesa | None, subregion: str) -> QuerySet[Member]:
    members = Member.objects.filter(archived_at__isnull=True)
    if mesa is not None:
        members = members.filter(
            mesa_memberships__mesa=mesa, mesa_memberships__status=MembershipStatus.APPROVED
        )
    else:
        members = members.filter(mesa_memberships__status=MembershipStatus.APPROVED).distinct()
    if subregion:
        members = members.filter(subregion=subregion)
    return members


def all_scopes() -> list[tuple[str, Mesa | None, str]]:
    mesas = [None, *Mesa.objects.order_by("number")]
    return [(scope_key(m, s), m, s) for m in mesas for s in ["", *Subregion.values]]


def release_for(filters: Filters) -> DisclosureRelease | None:
    """The release in force during the quarter (made at its start or before): one query. For
    the latest period a scope's first release is made on the spot (as the composition page does);
    a past quarter before any release has none."""
    scope = scope_key(filters.mesa, filters.subregion)
    if filters.quarter is None:
        return aggregates.latest_release(
            scope, lambda: scope_members(filters.mesa, filters.subregion)
        )
    releases = DisclosureRelease.objects.filter(scope=scope, period_start__lte=filters.quarter)
    return releases.defer("members", "people").order_by("-period_start").first()


# --- the catalogue -------------------------------------------------------------------------------


def _prefix(filters: Filters, name: str) -> str:
    return f"{name}:{filters.subregion}" if filters.subregion else name


def _members_over_time(filters: Filters, series: list[QuarterStat]) -> Table:
    rows = []
    for stat in series:
        d = stat.data
        members = (
            d.get(f"subregion:{filters.subregion}", 0) if filters.subregion else d.get("members", 0)
        )
        rows.append(
            [
                quarter_label(stat.quarter),
                members,
                d.get(_prefix(filters, "joins"), 0),
                d.get(_prefix(filters, "leaves"), 0),
            ]
        )
    return Table(
        "members_over_time",
        _("Members over time"),
        _(
            "Members with an approved membership at the end of each quarter (with all mesas, a "
            "member of several counts once); joins and leaves: mesa memberships approved and "
            "ended within the quarter. Subregion as recorded when the member joined."
        ),
        [_("Period"), _("Members at the end"), _("Joins"), _("Leaves")],
        rows,
        empty=not rows,
    )


def _activity(series: list[QuarterStat]) -> Table:
    rows = []
    for stat in series:
        d = stat.data
        invited, present = d.get("invited", 0), d.get("present", 0)
        rate = round(100 * present / invited) if invited else "—"
        rows.append([quarter_label(stat.quarter), d.get("meetings", 0), invited, present, rate])
    return Table(
        "meetings",
        _("Meetings held and attendance"),
        _(
            "Meetings of the mesa (all mesas: of every mesa) that started in the quarter and were "
            "not cancelled; a quarter with 0 had no meeting. Attendance rate: people recorded as "
            "present divided by people invited to those meetings, in per cent."
        ),
        [_("Period"), _("Meetings held"), _("Invited"), _("Present"), _("Attendance rate (%)")],
        rows,
        empty=not rows,
    )


def _breakdown_rows(labels: list[str], counts: list[int]) -> list[list]:
    return [[label, d] for label, d in zip(labels, suppress(counts), strict=True)]


def _subregion_displays(d: dict) -> dict:
    return dict(
        zip(
            Subregion.values,
            suppress([d.get(f"subregion:{s}", 0) for s in Subregion.values]),
            strict=True,
        )
    )


def _members_by(filters: Filters, stat: QuarterStat | None) -> list[Table]:
    d = stat.data if stat else {}
    subregions = [s for s in Subregion.values if not filters.subregion or s == filters.subregion]
    labels = dict(Subregion.choices)
    by_subregion = Table(
        "members_by_subregion",
        _("Members by subregion"),
        _("Members at the end of the quarter by the subregion of their country when they joined."),
        [_("Subregion"), _("Members")],
        _breakdown_rows(
            [str(labels[s]) for s in subregions], [d.get(f"subregion:{s}", 0) for s in subregions]
        ),
        empty=stat is None,
    )
    types = list(ActorType.objects.order_by("sort", "code"))
    groups = [[t for t in types if t.migrant_led], [t for t in types if not t.migrant_led]]
    totals, cells = suppress_nested([[d.get(f"actor_type:{t.code}", 0) for t in g] for g in groups])
    rows = []
    for label, total, group, inner in zip(
        (_("Migrant-led (migrant persons and their organisations)"), _("Other actor types")),
        totals,
        groups,
        cells,
        strict=True,
    ):
        rows.append([str(label), total])
        rows.extend([f"· {t.name}", c] for t, c in zip(group, inner, strict=True))
    by_type = Table(
        "members_by_actor_type",
        _("Members by actor type"),
        _(
            "Members at the end of the quarter by actor type when they joined, grouped as "
            "migrant-led (migrant persons and their organisations) or not: the first row is the "
            "share of migrant-led members."
        ),
        [_("Actor type"), _("Members")],
        rows,
        empty=stat is None,
    )
    countries = [
        c
        for c in Country.objects.order_by("code")
        if not filters.subregion or c.subregion == filters.subregion
    ]
    by_country = Table(
        "members_by_country",
        _("Members by country"),
        _("Members at the end of the quarter by their country of base when they joined."),
        [_("Country"), _("Members")],
        _breakdown_rows(
            [c.name for c in countries], [d.get(f"country:{c.code}", 0) for c in countries]
        ),
        empty=stat is None,
    )
    return [by_subregion, by_type, by_country]


def _people(release: DisclosureRelease | None) -> list[Table]:
    if release is None:
        titles = {
            "gender": _("Gender of contact persons and individual members"),
            "migrant_experience": _("Migrant or refugee experience"),
            "groups": _("Groups at risk of under-representation"),
        }
        return [
            Table(key, title, _("No release covers this period yet."), [], [], empty=True)
            for key, title in titles.items()
        ]
    composition = aggregates.composition_of(release)
    tables = []
    for b in composition.breakdowns:
        if b.key not in ("gender", "migrant_experience", "groups"):
            continue
        definition = _(
            "Contact persons and individual members of the members counted, as published on "
            "%(date)s (%(total)s people). Self-declared and optional; “not answered” covers "
            "people who did not answer or erased their answers. Each number may differ from the "
            "exact count by up to two; “<5” means fewer than five."
        ) % {"date": release.computed_at.date().isoformat(), "total": b.total}
        if not b.partition:
            definition += " " + _("A person may belong to several groups or none.")
        tables.append(
            Table(
                b.key,
                b.title,
                definition,
                [_("Category"), _("People")],
                [[r.label, HIDDEN if b.withheld else r.display] for r in b.rows],
            )
        )
    return tables


def _coverage(series: list[QuarterStat], objectives: list[Objective]) -> Table:
    totals: dict[int, int] = {}
    for stat in series:
        for o in objectives:
            totals[o.number] = totals.get(o.number, 0) + stat.data.get(f"objective:{o.number}", 0)
    rows = [
        [f"{o.number}. {o.translated('title')}", totals.get(o.number, 0), "—", "—", "—"]
        for o in objectives
    ]
    return Table(
        "coverage",
        _("Coverage of the 23 GCM objectives"),
        _(
            "Agenda items of held meetings tagged with each objective, from the first quarter up "
            "to the selected one. Inputs, recommendations and indicators per objective appear "
            "here once they are recorded in the portal (—: not recorded yet)."
        ),
        [_("Objective"), _("Agenda items"), _("Inputs"), _("Recommendations"), _("Indicators")],
        rows,
    )


SECTION_KEYS = ("members", "people", "mesa", "coverage", "linking_table", "elections", "follow_up")
TABLE_KEYS = (
    "members_over_time",
    "members_by_subregion",
    "members_by_actor_type",
    "members_by_country",
    "gender",
    "migrant_experience",
    "groups",
    "meetings",
    "coverage",
)
NOT_YET = gettext_lazy(
    "No data yet: this part of the portal is being built. It fills in by itself when it is."
)


@dataclass
class Dashboard:
    sections: list[Section]
    quarters: list[date]  # the quarters one may choose, latest first
    stamp: str  # changes whenever a number on the page may change (names the PDF report)


def stamp_of(computed, release: DisclosureRelease | None) -> str:
    """Changes whenever a number of the scope's page may change: a quarter row recomputed (or
    added) or a new release. Names the PDF report and the cached sections."""
    moment = f"{computed.timestamp():.6f}" if computed else "0"
    return f"{moment}.{release.pk if release else 0}"


def page_stamp(filters: Filters, release: DisclosureRelease | None) -> str:
    """The stamp of the page for the filters without building it: one query."""
    computed = QuarterStat.objects.filter(mesa=filters.mesa).aggregate(m=Max("computed_at"))["m"]
    return stamp_of(computed, release)


_MISSING = object()


def dashboard(filters: Filters, *, everything: bool, release=_MISSING) -> Dashboard:
    """Every section for the filters, and the quarters one may choose. Queries: the mesa's (or
    all mesas') quarter rows, actor types, countries, the release (unless given) and its actor
    type names, the objectives: six, whatever the size of the data."""
    stats = list(QuarterStat.objects.filter(mesa=filters.mesa).order_by("quarter"))
    computed = max((s.computed_at for s in stats), default=None)
    available = [s.quarter for s in reversed(stats)]
    if filters.quarter is not None:
        stats = [s for s in stats if s.quarter <= filters.quarter]
    current = stats[-1] if stats else None
    objectives = list(Objective.objects.order_by("number"))
    if release is _MISSING:
        release = release_for(filters)
    sections = [
        Section(
            "members",
            _("Members"),
            [_members_over_time(filters, stats), *_members_by(filters, current)],
        ),
        Section("people", _("The people who take part"), _people(release)),
        Section("mesa", _("Meetings and attendance"), [_activity(stats)]),
        Section("coverage", _("Coverage of the GCM objectives"), [_coverage(stats, objectives)]),
    ]
    if everything:
        sections += [
            Section("linking_table", _("Linking table"), empty_text=str(NOT_YET)),
            Section("elections", _("Elections"), empty_text=str(NOT_YET)),
            Section("follow_up", _("Follow-up of recommendations"), empty_text=str(NOT_YET)),
        ]
    return Dashboard(sections, available, stamp_of(computed, release))


def table_by_key(sections: list[Section], key: str) -> Table | None:
    for section in sections:
        for table in section.tables:
            if table.key == key:
                return table
    return None


__all__ = ["HIDDEN", "SMALL"]


def parse_quarter(value: str | None) -> date | None:
    return quarter_start(date.fromisoformat(value)) if value else None
