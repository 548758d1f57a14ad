"""Elections for the linking table's tests, built through the real services (time passed as
`now`, so no clock is patched)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mecanismo.core.models import ActorType, Mesa
from tests.factories import UserFactory, make_coordinator
from tests.membership.factories import member_with_contact, membership
from vinculacion import services
from vinculacion.models import Election

CRITERIA = {
    "network_ties": "Red de organizaciones de base",
    "advocacy_local": True,
    "advocacy_national": True,
    "advocacy_regional": False,
    "coordination_capacity": "Coordino la red nacional desde 2019.",
    "time_available": "Cuatro horas por semana",
    "subregion": "south_america",
}


def voter(mesa_number: int = 1, **member_kwargs):
    """A member with an approved membership of the mesa and its contact person (user)."""
    member, user = member_with_contact(**member_kwargs)
    membership(member, mesa_number)
    return member, user


def coordinator(mesa_number: int = 1):
    user = UserFactory()
    make_coordinator(user, mesa_number)
    return user


class Timeline:
    """Nominations [t0, t0+2d), voting [t0+3d, t0+5d); term from t0+6d."""

    def __init__(self, t0: datetime.datetime | None = None):
        self.t0 = t0 or timezone.now() - datetime.timedelta(days=4)
        self.nominations_open = self.t0
        self.nominations_close = self.t0 + datetime.timedelta(days=2)
        self.voting_open = self.t0 + datetime.timedelta(days=3)
        self.voting_close = self.t0 + datetime.timedelta(days=5)
        self.term_start = (self.t0 + datetime.timedelta(days=6)).date()

    @classmethod
    def term_started(cls):
        """A timeline whose term started ten days ago (mandates are current today)."""
        return cls(timezone.now() - datetime.timedelta(days=16))

    def during_nominations(self):
        return self.t0 + datetime.timedelta(hours=1)

    def during_voting(self):
        return self.voting_open + datetime.timedelta(hours=1)

    def after_voting(self):
        return self.voting_close + datetime.timedelta(minutes=1)


def election(mesa_number: int = 1, *, actor=None, timeline: Timeline | None = None, **kw):
    t = timeline or Timeline()
    actor = actor or coordinator(mesa_number)
    return (
        services.election_create(
            actor=actor,
            mesa=Mesa.objects.get(number=mesa_number),
            title=kw.pop("title", f"Elección MR {mesa_number}"),
            nominations_open_at=t.nominations_open,
            nominations_close_at=t.nominations_close,
            voting_open_at=t.voting_open,
            voting_close_at=t.voting_close,
            term_starts_on=kw.pop("term_starts_on", t.term_start),
            **kw,
        ),
        actor,
        t,
    )


def stand(election: Election, user, gender: str, now, **extra):
    fields = {
        **CRITERIA,
        "display_name": user.full_name or user.email,
        "parity_gender": gender,
        "sector": ActorType.objects.get(code="cso"),
        **extra,
    }
    return services.candidacy_stand(actor=user, election=election, now=now, **fields)


def election_with_candidates(
    genders=("woman", "man", "woman"), voters: int = 4, mesa_number=1, timeline=None
):
    """An election in the voting window: candidates of the given genders (each a member of the
    mesa), `voters` further members; returns (election, coordinator, timeline, candidacies,
    voter users)."""
    e, coord, t = election(mesa_number, timeline=timeline)
    services.nominations_open(actor=coord, election=e, now=t.during_nominations())
    candidacies = []
    for gender in genders:
        _member, user = voter(mesa_number)
        candidacies.append(stand(e, user, gender, t.during_nominations()))
    voter_users = [voter(mesa_number)[1] for _ in range(voters)]
    services.nominations_close(actor=coord, election=e, now=t.nominations_close)
    services.voting_open(actor=coord, election=e, now=t.voting_open)
    e.refresh_from_db()
    return e, coord, t, candidacies, voter_users
