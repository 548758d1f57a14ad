"""Who may do what with elections, mandates and designations (§1, §5). One function says what a
user may do to an election now; views show one button per member of the set and the services
refuse anything outside it."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mecanismo.core import permissions as core
from membership.selectors import member_for_user

from . import selectors
from .models import (
    CandidacyStatus,
    Election,
    ElectionState,
    IntegratedStrategy,
    Mandate,
    SeatOffer,
)


class ElectionAction(models.TextChoices):
    OPEN_NOMINATIONS = "open_nominations", _("Open nominations")
    CLOSE_NOMINATIONS = "close_nominations", _("Close nominations and freeze the electorate")
    OPEN_VOTING = "open_voting", _("Open voting")
    CLOSE_VOTING = "close_voting", _("Close voting and count")
    PUBLISH = "publish", _("Publish the results")
    STAND = "stand", _("Stand as a candidate")
    WITHDRAW = "withdraw", _("Withdraw my candidacy")
    VOTE = "vote", _("Vote")


# Steps a coordinator may take (each only once its time has come) and the time that allows it.
MANAGE_STEPS = {
    ElectionState.ANNOUNCED: (ElectionAction.OPEN_NOMINATIONS, "nominations_open_at"),
    ElectionState.COUNTED: (ElectionAction.PUBLISH, "voting_close_at"),
}


def can_manage_election(user, election: Election) -> bool:
    """The coordinators of the election's mesa (and admins)."""
    return core.can_coordinate_mesa(user, election.mesa_id)


def can_create_election(user, mesa) -> bool:
    return core.can_coordinate_mesa(user, mesa)


def can_designate_agencies(user) -> bool:
    """GT-SC staff record the consensus designation of the UN-agency seats (§5)."""
    return core.is_admin(user) or core.is_gtsc_staff(user)


def due_step(election: Election, now: datetime.datetime | None = None):
    """The next automatic step of the election if its time has come, else None."""
    now = now or timezone.now()
    state = election.state
    if state == ElectionState.NOMINATIONS and now >= election.nominations_close_at:
        return ElectionAction.CLOSE_NOMINATIONS
    if state == ElectionState.NOMINATIONS:
        return None
    if state == ElectionState.VOTING:
        return ElectionAction.CLOSE_VOTING if now >= election.voting_close_at else None
    if state in MANAGE_STEPS:
        action, field = MANAGE_STEPS[state]
        return action if now >= getattr(election, field) else None
    return None


def _voting_step(election: Election, now) -> ElectionAction | None:
    """Nominations closed and the electorate frozen: voting opens at its time."""
    if (
        election.state == ElectionState.NOMINATIONS
        and election.electorate_frozen_at is not None
        and now >= election.voting_open_at
    ):
        return ElectionAction.OPEN_VOTING
    return None


def next_step(election: Election, now=None) -> ElectionAction | None:
    """The step of the election that is due now (for the periodic task and coordinators)."""
    now = now or timezone.now()
    return _voting_step(election, now) or due_step(election, now)


def election_actions(user, election: Election, now=None, candidacy=None) -> set[ElectionAction]:
    """What `user` may do to this election now (§5: announced → nominations → voting →
    counted → published). `candidacy`: the user's own, if the caller has it already."""
    now = now or timezone.now()
    actions: set[ElectionAction] = set()
    if can_manage_election(user, election):
        step = next_step(election, now)
        if step is not None:
            actions.add(step)
    if not getattr(user, "is_authenticated", False):
        return actions
    if election.state == ElectionState.NOMINATIONS and election.electorate_frozen_at is None:
        if now < election.nominations_close_at:
            if candidacy is not None and candidacy.status == CandidacyStatus.STANDING:
                actions.add(ElectionAction.WITHDRAW)
            elif candidacy is None:
                actions.add(ElectionAction.STAND)
    if (
        election.state == ElectionState.VOTING
        and election.voting_open_at <= now < election.voting_close_at
        and member_for_user(user) is not None
    ):
        actions.add(ElectionAction.VOTE)
    return actions


def can_step_down(user, mandate: Mandate) -> bool:
    """The representative themself, while the mandate is current (admins too)."""
    if not mandate.is_current() or mandate.user_id is None:
        return False
    return core.is_admin(user) or mandate.user_id == getattr(user, "pk", None)


def can_answer_offer(user, offer: SeatOffer) -> bool:
    return offer.status == "offered" and offer.candidacy.user_id == getattr(user, "pk", None)


def can_write_strategies(user) -> bool:
    """Integrated strategies are written by the linking table: the people derived from the
    current mandates and agency designations (selectors.is_linking_table_member), and admins."""
    return core.is_admin(user) or selectors.is_linking_table_member(user)


def can_view_strategy(user, strategy: IntegratedStrategy) -> bool:
    """Published strategies are public; drafts are for the linking table."""
    return strategy.is_published or can_write_strategies(user)
