"""Reads of the linking table: who holds each seat on a day, who therefore sits on the linking
table (used by the meetings app's permissions and invitations), the balance of a composition,
election pages and the published ballot list. No writes (STYLE)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from mecanismo.core.models import Role, User
from mecanismo.core.selectors import active_roles
from membership.selectors import contact_users

from .models import (
    Ballot,
    Candidacy,
    CandidacyStatus,
    Election,
    ElectionState,
    IntegratedStrategy,
    Mandate,
    Seat,
    SeatKind,
    SeatOffer,
    StrategyState,
    VoteRecord,
)


def _today(day: datetime.date | None) -> datetime.date:
    return day or timezone.localdate()


def mandates_on(day: datetime.date | None = None) -> QuerySet[Mandate]:
    """Mandates current on `day`: started on or before it, ending after it."""
    day = _today(day)
    return Mandate.objects.filter(starts_on__lte=day, ends_on__gt=day).select_related(
        "seat", "seat__mesa", "user", "member", "agency", "candidacy", "candidacy__sector"
    )


@dataclass
class SeatRow:
    seat: Seat
    mandate: Mandate | None


def composition(day: datetime.date | None = None) -> list[SeatRow]:
    """The ten seats in order with their current mandate (None: vacant). Two queries."""
    current = {m.seat_id: m for m in mandates_on(day)}
    seats = Seat.objects.select_related("mesa").order_by("sort")
    return [SeatRow(seat=s, mandate=current.get(s.pk)) for s in seats]


def balance(rows: list[SeatRow]) -> dict[str, list[tuple[str, int]]]:
    """Counts of the elected seats by the gender declared for parity, subregion and sector —
    public candidacy information, not the private answers of §3."""
    genders, subregions, sectors = Counter(), Counter(), Counter()
    for row in rows:
        cand = row.mandate.candidacy if row.mandate else None
        if cand is None:
            continue
        genders[cand.get_parity_gender_display()] += 1
        subregions[cand.get_subregion_display()] += 1
        sectors[cand.sector.name] += 1
    return {
        "gender": sorted(genders.items()),
        "subregion": sorted(subregions.items()),
        "sector": sorted(sectors.items()),
    }


def past_compositions(day: datetime.date | None = None, limit: int = 200) -> list[tuple]:
    """Mandates that ended before `day`, grouped by the year their term started, newest first."""
    rows = (
        Mandate.objects.filter(ends_on__lte=_today(day))
        .select_related("seat", "seat__mesa", "agency", "candidacy", "user")
        .order_by("-starts_on", "seat__sort")[:limit]
    )
    grouped: dict[int, list[Mandate]] = defaultdict(list)
    for mandate in rows:
        grouped[mandate.starts_on.year].append(mandate)
    return sorted(grouped.items(), reverse=True)


def linking_table_user_ids(day: datetime.date | None = None) -> set[int]:
    """Who sits on the linking table on `day` (§1, §5): the holders of current mandates and the
    GT-SC staff of the agencies holding a current agency seat — nothing typed in by hand (the
    old hand-assigned role was moved over by migration 0004). Two queries."""
    current = mandates_on(day)
    users = set(current.filter(user__isnull=False).values_list("user_id", flat=True))
    agencies = current.filter(seat__kind=SeatKind.AGENCY).values("agency_id")
    staff = active_roles(Role.GTSC_STAFF).filter(agency_id__in=agencies)
    users |= set(staff.values_list("user_id", flat=True))
    return users


def linking_table_users(day: datetime.date | None = None) -> QuerySet[User]:
    return User.objects.filter(pk__in=linking_table_user_ids(day), is_active=True)


def is_linking_table_member(user) -> bool:
    """Cached on the user for the request (permissions ask it several times per page)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_linking_table_cache", None)
    if cached is None:
        cached = user.pk in linking_table_user_ids()
        user._linking_table_cache = cached
    return cached


def recent_elections(limit: int = 20) -> QuerySet[Election]:
    return Election.objects.select_related("mesa", "by_election_seat").order_by(
        "-voting_close_at", "-pk"
    )[:limit]


def standing_candidacies(election: Election) -> QuerySet[Candidacy]:
    return election.candidacies.filter(status=CandidacyStatus.STANDING).select_related(
        "sector", "member"
    )


def candidacy_of(user, election: Election) -> Candidacy | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return election.candidacies.filter(user=user).first()


def electorate_users(election: Election) -> QuerySet[User]:
    """Contact persons of the frozen electorate."""
    return contact_users(election.electorate.values("member_id"))


def non_voter_users(election: Election) -> QuerySet[User]:
    voted = VoteRecord.objects.filter(election=election).values("member_id")
    return contact_users(election.electorate.exclude(member_id__in=voted).values("member_id"))


def member_has_voted(election: Election, member) -> bool:
    return (
        member is not None and VoteRecord.objects.filter(election=election, member=member).exists()
    )


def published_ballots(election: Election):
    """The anonymised ballots in a random but stable order (by their random ids, rewritten when
    voting closed): fingerprint and choices. Empty until the results are published."""
    if election.state != ElectionState.PUBLISHED:
        return Ballot.objects.none().values("fingerprint", "choices")
    return Ballot.objects.filter(election=election).order_by("pk").values("fingerprint", "choices")


def results_rows(election: Election) -> list[dict]:
    """Candidates with votes and rank, in ranking order (after the count)."""
    result = election.result or {}
    by_id = {c.pk: c for c in election.candidacies.select_related("sector")}
    elected = result.get("elected", [])
    rows = []
    for rank, entry in enumerate(result.get("votes", []), start=1):
        cand = by_id.get(entry["candidate"])
        if cand is None:
            continue
        seat = elected.index(cand.pk) + 1 if cand.pk in elected else None
        rows.append({"candidacy": cand, "votes": entry["votes"], "rank": rank, "seat": seat})
    return rows


def open_offers_for(user) -> QuerySet[SeatOffer]:
    if not getattr(user, "is_authenticated", False):
        return SeatOffer.objects.none()
    return SeatOffer.objects.filter(candidacy__user=user, status="offered").select_related(
        "vacated__seat__mesa", "candidacy__election"
    )


def user_current_mandates(user) -> QuerySet[Mandate]:
    if not getattr(user, "is_authenticated", False):
        return Mandate.objects.none()
    return mandates_on().filter(user=user)


def mesa_seat(mesa, number: int) -> Seat:
    return Seat.objects.get(kind=SeatKind.MESA, mesa=mesa, number=number)


def agency_seats() -> list[Seat]:
    return list(Seat.objects.filter(kind=SeatKind.AGENCY).order_by("number"))


def strategies_visible(*, include_drafts: bool) -> QuerySet[IntegratedStrategy]:
    """Integrated strategies, newest change first, with their mesas (two queries whatever the
    count). Drafts only when the viewer belongs to the linking table (permissions)."""
    qs = IntegratedStrategy.objects.prefetch_related("mesas").order_by("-updated_at", "-pk")
    return qs if include_drafts else qs.filter(state=StrategyState.PUBLISHED)
