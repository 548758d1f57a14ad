"""Writes of the dashboards app (§8): the membership history and the per-quarter summaries.

Nothing here reads self-declared answers: sensitive tables are releases of
membership/aggregates.py. Quarters are calendar quarters in UTC.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from mecanismo.core.models import Mesa
from membership import aggregates
from membership.disclosure import quarter_start
from membership.models import MembershipStatus, MesaMembership
from mesas.models import AgendaItem, Attendance, Invitation, Meeting, MeetingStatus

from . import selectors
from .models import EventKind, MembershipEvent, QuarterStat


def next_quarter(day: date) -> date:
    month = day.month + 3
    return date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarters_between(first: date, last: date) -> list[date]:
    out, q = [], quarter_start(first)
    while q <= last:
        out.append(q)
        q = next_quarter(q)
    return out


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _event(row: MesaMembership, kind: str, at) -> MembershipEvent:
    member = row.member
    return MembershipEvent(
        membership_id=row.pk,
        kind=kind,
        mesa_id=row.mesa_id,
        member_id=row.member_id,
        at=at,
        subregion=member.subregion,
        country=member.country.code if member.country_id else "",
        actor_type=member.actor_type.code if member.actor_type_id else "",
        migrant_led=bool(member.actor_type_id and member.actor_type.migrant_led),
    )


def membership_event_record(*, membership: MesaMembership, kind: str) -> None:
    """Record that a member joined or left a mesa, with its attributes now (point in time).
    Idempotent (one row per membership row and kind); called from the membership signals."""
    at = (membership.left_at if kind == EventKind.LEFT else membership.decided_at) or timezone.now()
    MembershipEvent.objects.bulk_create([_event(membership, kind, at)], ignore_conflicts=True)


def membership_events_backfill() -> int:
    """Events for membership rows that predate the dashboards (attributes as known today; the
    README says so). Idempotent."""
    rows = (
        MesaMembership.objects.filter(
            Q(status=MembershipStatus.APPROVED) | Q(status=MembershipStatus.LEFT),
            decided_at__isnull=False,
        )
        .select_related("member__country", "member__actor_type")
        .iterator(chunk_size=5000)
    )
    batch: list[MembershipEvent] = []
    made = 0
    for row in rows:
        batch.append(_event(row, EventKind.JOINED, row.decided_at))
        if row.status == MembershipStatus.LEFT and row.left_at:
            batch.append(_event(row, EventKind.LEFT, row.left_at))
        if len(batch) >= 5000:
            made += len(MembershipEvent.objects.bulk_create(batch, ignore_conflicts=True))
            batch = []
    made += len(MembershipEvent.objects.bulk_create(batch, ignore_conflicts=True))
    return made


def _membership_series(quarters: list[date]) -> dict:
    """{(quarter, mesa_id|None): counts} from the events in one pass (state at each quarter's
    end, joins and leaves within it, each with the member's attributes at the event)."""
    ends = {q: _moment(next_quarter(q)) for q in quarters}
    out: dict = defaultdict(lambda: defaultdict(int))
    state: dict[tuple[int, int], tuple] = {}  # (mesa, member) → attributes while a member
    events = MembershipEvent.objects.order_by("at", "id").values_list(
        "kind", "mesa_id", "member_id", "at", "subregion", "country", "actor_type", "migrant_led"
    )
    qi = 0

    def snapshot(q):
        per_all: dict[int, tuple] = {}
        for (mesa_id, member_id), attrs in state.items():
            _add_member(out[(q, mesa_id)], attrs)
            per_all[member_id] = attrs
        for attrs in per_all.values():
            _add_member(out[(q, None)], attrs)

    for kind, mesa_id, member_id, at, *attrs in events.iterator(chunk_size=10000):
        while qi < len(quarters) and at >= ends[quarters[qi]]:
            snapshot(quarters[qi])
            qi += 1
        if qi < len(quarters) and at >= _moment(quarters[qi]):
            flow = "joins" if kind == EventKind.JOINED else "leaves"
            for scope in (mesa_id, None):
                out[(quarters[qi], scope)][flow] += 1
                out[(quarters[qi], scope)][f"{flow}:{attrs[0]}"] += 1
        if kind == EventKind.JOINED:
            state[(mesa_id, member_id)] = tuple(attrs)
        else:
            state.pop((mesa_id, member_id), None)
    while qi < len(quarters):
        snapshot(quarters[qi])
        qi += 1
    return out


def _add_member(counts, attrs) -> None:
    subregion, country, actor_type, migrant_led = attrs
    counts["members"] += 1
    counts[f"subregion:{subregion}"] += 1
    counts[f"country:{country}"] += 1
    counts[f"actor_type:{actor_type}"] += 1
    counts["migrant_led"] += int(migrant_led)


def _activity(first: date, now) -> dict:
    """Meetings held, invitations and presences, agenda items per objective, per quarter and
    mesa (and for all mesas), grouped in the database: three queries."""
    out: dict = defaultdict(lambda: defaultdict(int))
    held = Meeting.objects.filter(
        body__mesa__isnull=False, starts_at__gte=_moment(first), starts_at__lte=now
    ).exclude(status=MeetingStatus.CANCELLED)
    for mesa_id, q, n in (
        held.annotate(q=TruncQuarter("starts_at", tzinfo=UTC))
        .values_list("body__mesa_id", "q")
        .annotate(n=Count("pk"))
    ):
        for scope in (mesa_id, None):
            out[(q.date() if isinstance(q, datetime) else q, scope)]["meetings"] += n
    invitations = Invitation.objects.filter(meeting__in=held)
    for mesa_id, q, invited, present in (
        invitations.annotate(q=TruncQuarter("meeting__starts_at", tzinfo=UTC))
        .values_list("meeting__body__mesa_id", "q")
        .annotate(n=Count("pk"), p=Count("pk", filter=Q(attendance=Attendance.PRESENT)))
    ):
        for scope in (mesa_id, None):
            key = (q.date() if isinstance(q, datetime) else q, scope)
            out[key]["invited"] += invited
            out[key]["present"] += present
    items = AgendaItem.objects.filter(meeting__in=held)
    for mesa_id, q, number, n in (
        items.annotate(q=TruncQuarter("meeting__starts_at", tzinfo=UTC))
        .values_list("meeting__body__mesa_id", "q", "objectives__number")
        .annotate(n=Count("pk"))
    ):
        if number is None:
            continue
        for scope in (mesa_id, None):
            out[(q.date() if isinstance(q, datetime) else q, scope)][f"objective:{number}"] += n
    return out


def _attendance_by_gender(first: date, now, quarters: set[date]) -> dict:
    """{(quarter, mesa_id|None): published rows} of attendance by gender for the given quarters
    (those over and not final yet: computed once, then frozen with the quarter). The counting and
    the disclosure control are membership/aggregates.py's; nothing here reads an answer."""
    if not quarters:
        return {}
    held = Meeting.objects.filter(
        body__mesa__isnull=False, starts_at__gte=_moment(min(quarters)), starts_at__lte=now
    ).exclude(status=MeetingStatus.CANCELLED)
    invitations = Invitation.objects.filter(meeting__in=held).annotate(
        q=TruncQuarter("meeting__starts_at", tzinfo=UTC), mesa=F("meeting__body__mesa_id")
    )
    out = {}
    for group_by in (("q", "mesa"), ("q",)):
        for group, rows in aggregates.attendance_by_gender(invitations, group_by).items():
            q = group[0].date() if isinstance(group[0], datetime) else group[0]
            if q in quarters:
                out[(q, group[1] if len(group) > 1 else None)] = rows
    return out


def _first_quarter() -> date | None:
    first = MembershipEvent.objects.order_by("at").values_list("at", flat=True).first()
    meeting = (
        Meeting.objects.filter(body__mesa__isnull=False)
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    moments = [m for m in (first, meeting) if m is not None]
    return quarter_start(min(moments)) if moments else None


@transaction.atomic
def quarter_stats_refresh(*, now=None) -> int:
    """Recompute every quarter that is not final yet, for each mesa and for all mesas (§8, §10:
    pages read these rows, never the history). A quarter computed after its end is final and
    never recomputed, so it does not drift. Idempotent; run daily and after membership changes.
    Returns how many rows were written."""
    now = now or timezone.now()
    membership_events_backfill()
    first = _first_quarter()
    if first is None:
        return 0
    quarters = quarters_between(first, now.date())
    final = set(QuarterStat.objects.filter(final=True).values_list("quarter", "mesa_id"))
    series = _membership_series(quarters)
    activity = _activity(first, now)
    scopes = [None, *Mesa.objects.order_by("number").values_list("pk", flat=True)]
    closing = {q for q in quarters if now >= _moment(next_quarter(q)) and (q, None) not in final}
    by_gender = _attendance_by_gender(first, now, closing)
    written = 0
    for q in quarters:
        for mesa_id in scopes:
            if (q, mesa_id) in final:
                continue
            data = {**series.get((q, mesa_id), {}), **activity.get((q, mesa_id), {})}
            if (q, mesa_id) in by_gender:
                data["attendance_gender"] = by_gender[(q, mesa_id)]
            QuarterStat.objects.update_or_create(
                quarter=q,
                mesa_id=mesa_id,
                defaults={
                    "data": dict(data),
                    "final": now >= _moment(next_quarter(q)),
                    "computed_at": now,
                },
            )
            written += 1
    return written


def dashboard_releases_refresh(*, now=None) -> int:
    """Make the releases of every dashboard scope (all mesas or one, all subregions or one) that
    are due: the same quarterly, minimum-change releases as the composition page (§9)."""
    for scope, mesa, subregion in selectors.all_scopes():
        aggregates.release_refresh(scope, selectors.scope_members(mesa, subregion), now=now)
    return len(selectors.all_scopes())
