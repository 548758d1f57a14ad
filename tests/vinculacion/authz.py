"""Authorisation matrix rows of the linking table's pages (§5). Format: tests/security/authz.py.

The world (tests/security/authz_world.py) has MEMBER and OTHER_MEMBER as approved members of
MR 1. The elections these rows need are made on first use and kept in the world: one with
nominations open (MEMBER stands in it), one with voting open, one published; a mandate held by a
fresh person (admins may step down for them) and a seat offer to MEMBER."""

import datetime
import itertools
from importlib import import_module

from django.apps import apps
from django.utils import timezone

from mecanismo.core.models import ActorType, Agency
from tests.security.authz import ADMIN, GTSC, LINKING, MEMBER, MEMBERS, MR1, Post, Row
from vinculacion import services
from vinculacion.models import (
    Candidacy,
    Election,
    ElectionState,
    ElectorateEntry,
    IntegratedStrategy,
    Mandate,
    Seat,
    SeatOffer,
    StrategyState,
)

_n = itertools.count(1)


def _seats():
    """The matrix flushes the database and reloads core's and mesas' reference data only."""
    import_module("vinculacion.migrations.0002_seats_and_exclusion").load(apps)


def _election(w, key: str, state: str, **dates) -> Election:
    _seats()
    if key not in w.objects:
        now = timezone.now()
        day = datetime.timedelta(days=1)
        fields = {
            "nominations_open_at": now - 3 * day,
            "nominations_close_at": now + day,
            "voting_open_at": now + 2 * day,
            "voting_close_at": now + 3 * day,
            **dates,
        }
        w.objects[key] = Election.objects.create(
            mesa=w.mesa1,
            title=f"Elección {key}",
            state=state,
            term_starts_on=(fields["voting_close_at"] + 5 * day).date(),
            term_ends_on=(fields["voting_close_at"] + 370 * day).date(),
            **fields,
        )
    return w.objects[key]


def _candidacy(election, user, member, gender="woman") -> Candidacy:
    return Candidacy.objects.create(
        election=election,
        user=user,
        member=member,
        display_name=str(user),
        parity_gender=gender,
        network_ties="Red",
        coordination_capacity="Sí",
        time_available="Cuatro horas",
        subregion="south_america",
        sector=ActorType.objects.order_by("id").first(),
    )


def nominations(w) -> Election:
    return _election(w, "vinc_nominations", ElectionState.NOMINATIONS)


def standing(w) -> Election:
    """Nominations open, MEMBER already standing (for the withdraw row)."""
    key = "vinc_standing"
    if key not in w.objects:
        election = _election(w, key, ElectionState.NOMINATIONS)
        _candidacy(election, w.users[MEMBER], w.member)
    return w.objects[key]


def voting(w) -> Election:
    key = "vinc_voting"
    if key not in w.objects:
        now = timezone.now()
        day = datetime.timedelta(days=1)
        election = _election(
            w,
            key,
            ElectionState.VOTING,
            nominations_open_at=now - 5 * day,
            nominations_close_at=now - 3 * day,
            voting_open_at=now - day,
            voting_close_at=now + 2 * day,
            electorate_frozen_at=now - 3 * day,
        )
        for member in (w.member, w.other):
            ElectorateEntry.objects.create(election=election, member=member)
        w.objects["vinc_candidate"] = _candidacy(election, *reversed(w.fresh_member(1)))
    return w.objects[key]


def published(w) -> Election:
    key = "vinc_published"
    if key not in w.objects:
        now = timezone.now()
        day = datetime.timedelta(days=1)
        election = _election(
            w,
            key,
            ElectionState.PUBLISHED,
            nominations_open_at=now - 30 * day,
            nominations_close_at=now - 25 * day,
            voting_open_at=now - 24 * day,
            voting_close_at=now - 20 * day,
        )
        candidacy = _candidacy(election, w.users[MEMBER], w.member)
        election.result = services.election_tally(election)
        election.save(update_fields=["result"])
        w.objects["vinc_offer_candidacy"] = candidacy
    return w.objects[key]


def _fresh_mandate(w) -> Mandate:
    """A current mandate of a fresh person on MR 2 seat 1, from today (earlier ones end)."""
    _seats()
    member, user = w.fresh_member(2)
    today = timezone.localdate()
    seat = Seat.objects.get(code="mr2-1")
    Mandate.objects.filter(seat=seat, ends_on__gt=today).update(ends_on=today, ended_how="served")
    start = today - datetime.timedelta(days=next(_n))
    Mandate.objects.filter(seat=seat, ends_on__gt=start).update(ends_on=start, ended_how="served")
    return Mandate.objects.create(
        seat=seat,
        user=user,
        member=member,
        starts_on=start,
        ends_on=start.replace(year=start.year + 1),
    )


def _mandate(w):
    if "vinc_mandate" not in w.objects:
        w.objects["vinc_mandate"] = _fresh_mandate(w)
    return {"pk": w.vinc_mandate.pk}


def _offer(w):
    if "vinc_offer" not in w.objects:
        election = published(w)
        member, user = w.fresh_member(3)
        start = election.term_starts_on
        vacated = Mandate.objects.create(
            seat=Seat.objects.get(code="mr3-1"),
            user=user,
            member=member,
            election=election,
            starts_on=start - datetime.timedelta(days=400),
            ends_on=start - datetime.timedelta(days=300),
            ended_how="stepped_down",
        )
        w.objects["vinc_offer"] = SeatOffer.objects.create(
            vacated=vacated, candidacy=w.vinc_offer_candidacy
        )
    return {"pk": w.vinc_offer.pk}


def _pk(factory):
    return lambda w: {"pk": factory(w).pk}


def _when(days: int) -> str:
    moment = timezone.localtime(timezone.now() + datetime.timedelta(days=days))
    return moment.strftime("%Y-%m-%dT%H:%M")


def _election_data(w, kw):
    return {
        "title": f"Elección nueva {next(_n)}",
        "nominations_open_at": _when(10),
        "nominations_close_at": _when(20),
        "voting_open_at": _when(21),
        "voting_close_at": _when(25),
        "term_starts_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }


def _candidacy_data(w, kw):
    return {
        "display_name": "Persona candidata",
        "parity_gender": "woman",
        "network_ties": "Red de organizaciones",
        "advocacy_national": "on",
        "coordination_capacity": "Coordino la red.",
        "time_available": "Cuatro horas por semana",
        "subregion": "south_america",
        "sector": ActorType.objects.order_by("id").first().pk,
        "public": "on",
    }


def _designation_data(w, kw):
    start = timezone.localdate() + datetime.timedelta(days=400 * next(_n))
    iom, undp = Agency.objects.get(code="iom"), Agency.objects.get(code="undp")
    return {
        "agency_1": iom.pk,
        "agency_2": undp.pk,
        "agreed_on": timezone.localdate().isoformat(),
        "agreed_at": "Reunión del GT-SC",
        "starts_on": start.isoformat(),
    }


def _step_election(w):
    key = "vinc_step"
    if key not in w.objects:
        _election(
            w,
            key,
            ElectionState.ANNOUNCED,
            nominations_open_at=timezone.now() - datetime.timedelta(hours=1),
        )
    return {"pk": w.objects[key].pk}


# Integrated strategies are written by the linking table (derived from mandates: LINKING holds
# MR 4's seat 2 in the world) and admins; drafts are theirs only.
WRITERS = frozenset({LINKING, ADMIN})


def _strategy(state: str):
    def kwargs(w):
        key = f"vinc_strategy_{state}"
        if key not in w.objects:
            w.objects[key] = IntegratedStrategy.objects.create(
                title=f"Estrategia {state}",
                text="Texto",
                html="<p>Texto</p>",
                state=state,
                published_at=timezone.now() if state == StrategyState.PUBLISHED else None,
            )
            w.objects[key].mesas.set([w.mesa1])
        return {"pk": w.objects[key].pk}

    return kwargs


def _strategy_data(state: str = StrategyState.DRAFT):
    """Valid form data; an edit keeps the strategy's state, so other rows still find it."""

    def data(w, kw):
        return {
            "title": f"Estrategia {next(_n)}",
            "text": "## Objetivo\n\nTexto.",
            "mesas": [w.mesa1.pk],
            "state": state,
        }

    return data


ROWS = [
    Row("vinculacion:linking_table"),
    Row(
        "vinculacion:designation_create",
        get=frozenset({GTSC, ADMIN}),
        posts=[Post(frozenset({GTSC, ADMIN}), _designation_data)],
    ),
    Row("vinculacion:strategy_create", get=WRITERS, posts=[Post(WRITERS, _strategy_data())]),
    Row("vinculacion:strategy_detail", kwargs=_strategy(StrategyState.PUBLISHED)),
    Row(
        "vinculacion:strategy_detail",
        kwargs=_strategy(StrategyState.DRAFT),
        get=WRITERS,
        note="draft",
    ),
    Row(
        "vinculacion:strategy_edit",
        kwargs=_strategy(StrategyState.PUBLISHED),
        get=WRITERS,
        posts=[Post(WRITERS, _strategy_data(StrategyState.PUBLISHED))],
    ),
    Row(
        "vinculacion:strategy_edit",
        kwargs=_strategy(StrategyState.DRAFT),
        get=WRITERS,
        posts=[Post(WRITERS, _strategy_data())],
        note="draft",
    ),
    Row("vinculacion:election_detail", kwargs=_pk(voting)),
    Row("vinculacion:election_detail", kwargs=_pk(published), note="published"),
    Row(
        "vinculacion:ballot",
        kwargs=_pk(voting),
        get=MEMBERS,
        posts=[Post(MEMBERS, lambda w, kw: {"candidates": [w.vinc_candidate.pk]})],
    ),
    Row(
        "vinculacion:stand",
        kwargs=_pk(nominations),
        get=MEMBERS,
        posts=[Post(MEMBERS, _candidacy_data)],
    ),
    Row(
        "vinculacion:withdraw",
        kwargs=_pk(standing),
        get=frozenset({MEMBER}),
        posts=[Post(frozenset({MEMBER}))],
    ),
    Row("vinculacion:election_manage", kwargs=_pk(voting), get=MR1),
    Row(
        "vinculacion:election_step",
        kwargs=_step_election,
        get=None,
        posts=[Post(MR1, lambda w, kw: {"action": "open_nominations"})],
    ),
    Row(
        "vinculacion:election_create",
        kwargs=lambda w: {"slug": "mr1"},
        get=MR1,
        posts=[Post(MR1, _election_data)],
    ),
    Row(
        "vinculacion:step_down",
        kwargs=_mandate,
        get=frozenset({ADMIN}),
        posts=[Post(frozenset({ADMIN}))],
    ),
    Row(
        "vinculacion:offer_answer",
        kwargs=_offer,
        get=frozenset({MEMBER}),
        posts=[Post(frozenset({MEMBER}), lambda w, kw: {"decision": "decline"})],
    ),
    Row("vinculacion_api:linking_table"),
    Row("vinculacion_api:election_results", kwargs=_pk(published)),
    Row("vinculacion_api:election_ballots", kwargs=_pk(published)),
]
