"""What the dashboards show (§8): a fixed catalogue of tables for (quarter, mesa, subregion),
read from precomputed rows only (QuarterStat, DisclosureRelease), so a page costs the same
number of queries at 1,000 and at 100,000 members. Every table carries its written definition.

Counts of people by a sensitive attribute come only from releases of membership/aggregates.py
(fixed quarterly releases, cell-key noise, "<5" and secondary suppression). Counts of members by
subregion, country and actor type (public profile data) go through the same "<5" rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.charts import Bar, bar_chart
from mecanismo.core.models import ActorType, Country, Mesa, Objective, Subregion
from membership import aggregates
from membership.disclosure import HIDDEN, SMALL, quarter_start, suppress, suppress_nested
from membership.models import DisclosureRelease, Member, MembershipStatus
from mesas.models import (
    Addressee,
    ImplementationStatus,
    Indicator,
    Input,
    InputStatus,
    Recommendation,
    RecommendationStatus,
    ResponseStatus,
)
from vinculacion.models import (
    Candidacy,
    CandidacyStatus,
    Election,
    ElectionState,
    Mandate,
    ParityGender,
    Seat,
    SeatKind,
)

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


# --- the sections added with the outputs and the linking table (issue 15, second part) ----------


def _end_of(filters: Filters) -> date:
    """The day the figures describe: the end of the chosen quarter, or today for the latest."""
    today = timezone.localdate()
    if filters.quarter is None:
        return today
    month = filters.quarter.month + 3
    after = date(filters.quarter.year + (month > 12), (month - 1) % 12 + 1, 1)
    return min(today, after - timedelta(days=1))


def _next_quarter_moment(filters: Filters):
    day = _end_of(filters) + timedelta(days=1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _attendance_by_gender(stats: list[QuarterStat]) -> Table:
    """The latest quarter that is over and has its frozen attendance-by-gender rows."""
    stat = next((s for s in reversed(stats) if "attendance_gender" in s.data), None)
    labels = aggregates.gender_labels()
    rows = []
    for code, invited, present in stat.data["attendance_gender"] if stat else []:
        rate = "—"
        if isinstance(invited, int) and isinstance(present, int) and invited:
            rate = round(100 * min(present, invited) / invited)
        rows.append([str(labels.get(code, code)), invited, present, rate])
    period = quarter_label(stat.quarter) if stat else "—"
    return Table(
        "attendance_by_gender",
        _("Attendance by gender"),
        _(
            "Invitations to the meetings held in %(period)s (the latest quarter that is over) and "
            "presences, by the self-declared gender of the person invited; a person invited to "
            "three meetings counts three times. Computed once when the quarter ended and never "
            "again; each number may differ from the exact count by up to two, “<5” means fewer "
            "than five and the rate is shown only where both numbers are."
        )
        % {"period": period},
        [_("Gender"), _("Invited"), _("Present"), _("Attendance rate (%)")],
        rows,
        chart_column=3,
        empty=not rows,
    )


def _inputs(filters: Filters, quarters: list[date]) -> Table:
    inputs = Input.objects.filter(created_at__lt=_next_quarter_moment(filters))
    inputs = inputs.filter(body__mesa=filters.mesa) if filters.mesa else inputs
    counts = {}
    for q, n, acknowledged in (
        inputs.annotate(q=TruncQuarter("created_at", tzinfo=UTC))
        .values_list("q")
        .annotate(n=Count("pk"), a=Count("pk", filter=~Q(status=InputStatus.RECEIVED)))
        .order_by("q")
    ):
        counts[q.date() if isinstance(q, datetime) else q] = (n, acknowledged)
    keys = sorted(set(quarters) | set(counts))
    rows = [[quarter_label(q), *counts.get(q, (0, 0))] for q in keys]
    return Table(
        "inputs",
        _("Inputs received and acknowledged"),
        _(
            "Inputs sent to the mesa (all mesas: to any body, the linking table included) in each "
            "quarter, and how many of them the coordinators have acknowledged or used so far."
        ),
        [_("Period"), _("Inputs received"), _("Acknowledged")],
        rows,
        empty=not rows,
    )


def _coverage(filters: Filters, series: list[QuarterStat], objectives: list[Objective]) -> Table:
    agenda: dict[int, int] = {}
    for stat in series:
        for o in objectives:
            agenda[o.number] = agenda.get(o.number, 0) + stat.data.get(f"objective:{o.number}", 0)
    until = _next_quarter_moment(filters)
    inputs = Input.objects.filter(created_at__lt=until)
    recommendations = Recommendation.objects.filter(
        status__in=[RecommendationStatus.ADOPTED, RecommendationStatus.PUBLISHED],
        adopted_on__lt=until.date(),
    )
    if filters.mesa:
        inputs = inputs.filter(body__mesa=filters.mesa)
        recommendations = recommendations.filter(body__mesa=filters.mesa)

    def per_objective(queryset) -> dict:
        return dict(
            queryset.order_by()
            .values_list("objectives__number")
            .annotate(n=Count("pk", distinct=True))
        )

    by_input = per_objective(inputs)
    by_recommendation = per_objective(recommendations)
    by_indicator = per_objective(Indicator.objects.filter(is_published=True))
    rows = []
    for o in objectives:
        cells = [
            agenda.get(o.number, 0),
            by_input.get(o.number, 0),
            by_recommendation.get(o.number, 0),
            by_indicator.get(o.number, 0),
        ]
        rows.append([f"{o.number}. {o.translated('title')}", *cells, sum(cells)])
    return Table(
        "coverage",
        _("Coverage of the 23 GCM objectives"),
        _(
            "Per objective, up to the end of the selected quarter: agenda items of held meetings "
            "tagged with it, inputs received, recommendations and positions adopted, and published "
            "indicators (indicators belong to the indicators commission, so they do not change "
            "with the mesa). The shade of a cell repeats its number (none, 1–2, 3–7, 8 or more); "
            "a total of 0 marks an objective nobody has worked on."
        ),
        [
            _("Objective"),
            _("Agenda items"),
            _("Inputs"),
            _("Recommendations"),
            _("Indicators"),
            _("Total"),
        ],
        rows,
        chart_column=5,
    )


def _linking_table(filters: Filters) -> list[Table]:
    """The linking table on the day the figures describe: who holds each of its ten seats (the
    candidacy's declared gender, subregion and sector), vacant seats, mandates ending within 90
    days. Two queries."""
    day = _end_of(filters)
    seats = list(Seat.objects.select_related("mesa").order_by("sort"))
    mandates = {
        m.seat_id: m
        for m in Mandate.objects.filter(starts_on__lte=day, ends_on__gt=day).select_related(
            "candidacy__sector"
        )
    }
    elected = [m.candidacy for m in mandates.values() if m.candidacy_id]
    agency = sum(1 for s in seats if s.kind == SeatKind.AGENCY and s.pk in mandates)
    vacant = [s for s in seats if s.pk not in mandates]
    gender_labels = dict(ParityGender.choices)
    genders = list(ParityGender.values)
    gender = _breakdown_rows(
        [str(gender_labels[g]) for g in genders],
        [sum(1 for c in elected if c.parity_gender == g) for g in genders],
    )
    subregion_labels = dict(Subregion.choices)
    subregion = _breakdown_rows(
        [str(subregion_labels[s]) for s in Subregion.values],
        [sum(1 for c in elected if c.subregion == s) for s in Subregion.values],
    )
    sector = _breakdown_rows(
        [str(_("Migrant-led (migrant persons and their organisations)")), str(_("Other sectors"))],
        [
            sum(1 for c in elected if c.sector.migrant_led),
            sum(1 for c in elected if not c.sector.migrant_led),
        ],
    )
    soon = day + timedelta(days=90)
    ending = sorted(
        (m for m in mandates.values() if m.ends_on <= soon), key=lambda m: (m.ends_on, m.seat_id)
    )
    by_seat = {s.pk: s for s in seats}
    common = _(
        "Seats held on %(day)s by elected representatives of the mesas (%(n)s), by the gender, "
        "subregion and sector they declared on their candidacy; “<5” means fewer than five and "
        "the largest cell is then hidden as well."
    ) % {"day": day.isoformat(), "n": len(elected)}
    return [
        Table(
            "linking_seats",
            _("Seats of the linking table"),
            _(
                "The ten seats on %(day)s: held by a representative elected in a mesa, held by a "
                "UN agency, vacant (no mandate that day), and mandates ending within 90 days."
            )
            % {"day": day.isoformat()},
            [_("Seats"), _("Number")],
            [
                [_("Elected representatives"), len(elected)],
                [_("UN agencies"), agency],
                [_("Vacant"), len(vacant)],
                [_("Mandates ending within 90 days"), len(ending)],
            ],
        ),
        Table(
            "linking_gender",
            _("Gender balance of the linking table"),
            common,
            [_("Gender"), _("Seats")],
            gender,
            empty=not elected,
        ),
        Table(
            "linking_subregion",
            _("Subregion balance of the linking table"),
            common,
            [_("Subregion"), _("Seats")],
            subregion,
            empty=not elected,
        ),
        Table(
            "linking_sector",
            _("Sector balance of the linking table"),
            common,
            [_("Sector"), _("Seats")],
            sector,
            empty=not elected,
        ),
        Table(
            "linking_ending",
            _("Mandates ending within 90 days, and vacant seats"),
            _("Seats whose current mandate ends within 90 days of %(day)s, then the vacant seats.")
            % {"day": day.isoformat()},
            [_("Seat"), _("Ends on")],
            [[str(by_seat[m.seat_id]), m.ends_on.isoformat()] for m in ending]
            + [[str(s), _("Vacant")] for s in vacant],
            chart_column=None,
            empty=not (ending or vacant),
        ),
    ]


def _elections(filters: Filters) -> list[Table]:
    """Counted elections up to the end of the period (one row each, so the table for all mesas is
    the union of the mesas' rows and no filter shows a cell another one hides). Two queries."""
    chosen = Election.objects.filter(
        state__in=[ElectionState.COUNTED, ElectionState.PUBLISHED],
        voting_close_at__lt=_next_quarter_moment(filters),
    )
    if filters.mesa:
        chosen = chosen.filter(mesa=filters.mesa)
    elections = list(chosen.select_related("mesa").order_by("voting_close_at", "id"))
    genders = list(ParityGender.values)
    counts: dict = {}
    for election_id, gender, n in (
        Candidacy.objects.filter(election__in=chosen.values("pk"), status=CandidacyStatus.STANDING)
        .order_by()
        .values_list("election_id", "parity_gender")
        .annotate(n=Count("pk"))
    ):
        counts[(election_id, gender)] = n
    rows, candidates = [], []
    for e in elections:
        label = f"{e.mesa.short_name} · {e.voting_close_at.date().isoformat()}"
        result = e.result or {}
        parity = {True: _("Met"), False: _("Not met")}.get(result.get("parity_met"), "—")
        turnout = result.get("turnout_percent")
        rows.append(
            [
                label,
                float(turnout) if turnout is not None else "—",
                result.get("electorate_size", "—"),
                result.get("ballots_cast", "—"),
                parity,
            ]
        )
        cells = [counts.get((e.pk, g), 0) for g in genders]
        candidates.append([label, *suppress(cells), sum(cells)])
    labels = dict(ParityGender.choices)
    return [
        Table(
            "elections",
            _("Elections: turnout and parity"),
            _(
                "Every counted election of the mesa (all mesas: of every mesa) that closed by the "
                "end of the period: turnout (ballots cast, blank ones included, over the "
                "electorate frozen when nominations closed) and whether the two seats went to "
                "people of different genders (parity)."
            ),
            [_("Election"), _("Turnout (%)"), _("Electorate"), _("Ballots cast"), _("Parity")],
            rows,
            empty=not rows,
        ),
        Table(
            "candidates_by_gender",
            _("Candidates by gender"),
            _(
                "Candidacies standing in each election by the gender declared on the candidacy "
                "for parity. Each election is one row with its exact total; “<5” means fewer than "
                "five and the largest cell is then hidden as well."
            ),
            [_("Election"), *[str(labels[g]) for g in genders], _("Candidates")],
            candidates,
            chart_column=len(genders) + 1,
            empty=not candidates,
        ),
    ]


def _follow_up(filters: Filters) -> list[Table]:
    """Adopted and published recommendations of the scope: addressees by response, recommendations
    by implementation, the overdue ones. Three queries."""
    recommendations = Recommendation.objects.filter(
        status__in=[RecommendationStatus.ADOPTED, RecommendationStatus.PUBLISHED]
    )
    if filters.mesa:
        recommendations = recommendations.filter(body__mesa=filters.mesa)
    today = timezone.localdate()
    addressees = Addressee.objects.filter(recommendation__in=recommendations)
    responses = dict(addressees.order_by().values_list("response_status").annotate(n=Count("pk")))
    implementation = dict(
        recommendations.order_by().values_list("implementation_status").annotate(n=Count("pk"))
    )
    overdue = list(
        addressees.filter(response_status=ResponseStatus.NONE, response_due_on__lt=today)
        .select_related("recommendation", "country")
        .order_by("response_due_on", "id")[:OVERDUE_SHOWN]
    )
    return [
        Table(
            "follow_up_responses",
            _("Responses of the addressees"),
            _(
                "Each addressee of an adopted or published recommendation or position, by the "
                "status of its latest response entry; a recommendation addressed to three "
                "countries counts three times."
            ),
            [_("Response"), _("Addressees")],
            [[str(label), responses.get(code, 0)] for code, label in ResponseStatus.choices],
            empty=not responses,
        ),
        Table(
            "follow_up_implementation",
            _("Implementation of recommendations"),
            _(
                "Adopted and published recommendations and positions by the status of their "
                "latest implementation entry."
            ),
            [_("Implementation"), _("Recommendations")],
            [
                [str(label), implementation.get(code, 0)]
                for code, label in ImplementationStatus.choices
            ],
            empty=not implementation,
        ),
        Table(
            "follow_up_overdue",
            _("Overdue responses"),
            _(
                "Addressees still without a response after the date it was due (today: %(day)s), "
                "oldest first; at most %(max)s rows."
            )
            % {"day": today.isoformat(), "max": OVERDUE_SHOWN},
            [_("Recommendation"), _("Addressee"), _("Response due on")],
            [[a.recommendation.title, str(a), a.response_due_on.isoformat()] for a in overdue],
            chart_column=None,
            empty=not overdue,
        ),
    ]


OVERDUE_SHOWN = 50


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
    "attendance_by_gender",
    "inputs",
    "coverage",
    "linking_seats",
    "linking_gender",
    "linking_subregion",
    "linking_sector",
    "linking_ending",
    "elections",
    "candidates_by_gender",
    "follow_up_responses",
    "follow_up_implementation",
    "follow_up_overdue",
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
    """Every section for the filters, and the quarters one may choose. A fixed number of queries
    whatever the size of the data (tests/dashboards/test_dashboard.py counts them): the quarter
    rows, actor types, countries, the release (unless given) and its actor type names, the
    objectives; inputs per quarter; coverage (inputs, recommendations, indicators per objective);
    elections and their candidacies; recommendations' responses, implementation and overdue
    ones; and, for GT-SC staff and admins, the linking table's seats and mandates."""
    stats = list(QuarterStat.objects.filter(mesa=filters.mesa).order_by("quarter"))
    computed = max((s.computed_at for s in stats), default=None)
    available = [s.quarter for s in reversed(stats)]
    if filters.quarter is not None:
        stats = [s for s in stats if s.quarter <= filters.quarter]
    current = stats[-1] if stats else None
    objectives = list(Objective.objects.order_by("number"))
    if release is _MISSING:
        release = release_for(filters)
    quarters = [s.quarter for s in stats]
    sections = [
        Section(
            "members",
            _("Members"),
            [_members_over_time(filters, stats), *_members_by(filters, current)],
        ),
        Section("people", _("The people who take part"), _people(release)),
        Section(
            "mesa",
            _("Meetings, attendance and inputs"),
            [_activity(stats), _attendance_by_gender(stats), _inputs(filters, quarters)],
        ),
        Section(
            "coverage",
            _("Coverage of the GCM objectives"),
            [_coverage(filters, stats, objectives)],
        ),
    ]
    if everything:
        sections.append(Section("linking_table", _("Linking table"), _linking_table(filters)))
    sections += [
        Section("elections", _("Elections"), _elections(filters)),
        Section("follow_up", _("Follow-up of recommendations"), _follow_up(filters)),
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


def charts_for(sections) -> dict:
    """{table key: SVG bar chart} for every non-empty table that has a chart column (the chart
    module is mecanismo/core/charts.py, shared with the indicator pages)."""
    out = {}
    for section in sections:
        for table in section.tables:
            if table.empty or table.chart_column is None or not table.rows:
                continue
            bars = []
            for row in table.rows:
                value = row[table.chart_column]
                shown = _("hidden") if value == HIDDEN else ""
                bars.append(Bar(str(row[0]), value, shown))
            out[table.key] = bar_chart(f"chart-{table.key}", table.title, bars)
    return out
