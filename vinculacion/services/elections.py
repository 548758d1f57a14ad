"""The life of an election (§5): created by a coordinator, nominations open, nominations close
(the electorate is frozen), voting opens, voting closes (ballots rewritten in a random order,
then counted), results published (mandates for the winners). Each step happens once its time
has come — by the periodic task `elections_sweep` or by a coordinator who does not want to wait;
never earlier."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record
from membership.selectors import approved_members, contact_users

from .. import keys, permissions, selectors
from ..dates import add_years
from ..models import (
    Ballot,
    Candidacy,
    CandidacyStatus,
    Election,
    ElectionState,
    ElectorateEntry,
    Mandate,
    Seat,
    SeatKind,
)
from ..permissions import ElectionAction
from ..tally import tally
from ._common import election_email, locked, refuse, require
from .ballots import ballots_shuffle
from .mandates import mandates_for_winners, other_seat_gender


@transaction.atomic
def election_create(
    *,
    actor,
    mesa,
    title: str,
    description: str = "",
    nominations_open_at: datetime.datetime,
    nominations_close_at: datetime.datetime,
    voting_open_at: datetime.datetime,
    voting_close_at: datetime.datetime,
    term_starts_on: datetime.date,
    term_ends_on: datetime.date | None = None,
    by_election_seat: Seat | None = None,
) -> Election:
    """A coordinator of the mesa creates an election of its two seats, or of one seat that is
    vacant when the term starts (a by-election, §5). Windows must follow each other; the term
    lasts one year unless given (a by-election serves the rest of the vacated term)."""
    require(permissions.can_create_election(actor, mesa), _("You do not coordinate this mesa."))
    if not (nominations_open_at < nominations_close_at <= voting_open_at < voting_close_at):
        refuse(
            _(
                "The dates must follow each other: nominations open, nominations close, voting "
                "opens, voting closes."
            )
        )
    if term_starts_on < voting_close_at.date():
        refuse(_("The term cannot start before voting closes."))
    term_ends_on = term_ends_on or add_years(term_starts_on, 1)
    if term_ends_on <= term_starts_on:
        refuse(_("The term must end after it starts."))
    if by_election_seat is not None:
        if by_election_seat.kind != SeatKind.MESA or by_election_seat.mesa_id != mesa.pk:
            refuse(_("A by-election is for a seat of this mesa."))
        busy = Mandate.objects.filter(
            seat=by_election_seat, starts_on__lt=term_ends_on, ends_on__gt=term_starts_on
        ).exists()
        if busy:
            refuse(_("This seat is occupied during that term: a by-election is for a vacant seat."))
    election = Election.objects.create(
        mesa=mesa,
        by_election_seat=by_election_seat,
        title=title,
        description=description,
        nominations_open_at=nominations_open_at,
        nominations_close_at=nominations_close_at,
        voting_open_at=voting_open_at,
        voting_close_at=voting_close_at,
        term_starts_on=term_starts_on,
        term_ends_on=term_ends_on,
        created_by=actor,
    )
    audit_record(actor=actor, action="election.created", target=election, mesa_number=mesa.number)
    return election


def _check_step(actor, election: Election, action: ElectionAction, now) -> None:
    """A coordinator may take a step only once its time has come (no early close)."""
    if actor is not None:
        require(
            permissions.can_manage_election(actor, election), _("You do not coordinate this mesa.")
        )
    allowed = permissions.next_step(election, now)
    if allowed != action:
        refuse(_("This step is not possible now: its time has not come, or it was already taken."))


@transaction.atomic
def nominations_open(*, actor, election: Election, now=None) -> Election:
    """Nominations open; the contact persons of the mesa's approved members are told (once)."""
    now = now or timezone.now()
    election = locked(election)
    _check_step(actor, election, ElectionAction.OPEN_NOMINATIONS, now)
    election.state = ElectionState.NOMINATIONS
    election.save(update_fields=["state"])
    members = approved_members(election.mesa).values("pk")
    for user in contact_users(members):
        election_email(
            key=keys.election_notice(election, user, "nominations"),
            user=user,
            election=election,
            template="nominations_open",
        )
    audit_record(actor=actor, action="election.nominations_opened", target=election)
    return election


@transaction.atomic
def nominations_close(*, actor, election: Election, now=None) -> Election:
    """Nominations close: candidacies are frozen and the electorate — members with approved
    membership of the mesa now — is written in its own rows (§5)."""
    now = now or timezone.now()
    election = locked(election)
    _check_step(actor, election, ElectionAction.CLOSE_NOMINATIONS, now)
    member_ids = approved_members(election.mesa).values_list("pk", flat=True)
    ElectorateEntry.objects.bulk_create(
        [ElectorateEntry(election=election, member_id=mid) for mid in member_ids],
        ignore_conflicts=True,
    )
    election.electorate_frozen_at = now
    election.save(update_fields=["electorate_frozen_at"])
    audit_record(
        actor=actor,
        action="election.nominations_closed",
        target=election,
        electorate_size=election.electorate.count(),
    )
    return election


@transaction.atomic
def voting_open(*, actor, election: Election, now=None) -> Election:
    """Voting opens; the electorate's contact persons are told (once)."""
    now = now or timezone.now()
    election = locked(election)
    _check_step(actor, election, ElectionAction.OPEN_VOTING, now)
    election.state = ElectionState.VOTING
    election.save(update_fields=["state"])
    for user in selectors.electorate_users(election):
        election_email(
            key=keys.election_notice(election, user, "voting"),
            user=user,
            election=election,
            template="voting_open",
        )
    audit_record(actor=actor, action="election.voting_opened", target=election)
    return election


def election_tally(election: Election) -> dict:
    """The tally of the stored ballots (pure function of tally.py; three queries)."""
    standing = Candidacy.objects.filter(election=election, status=CandidacyStatus.STANDING)
    candidates = [
        {"id": pk, "gender": gender} for pk, gender in standing.values_list("pk", "parity_gender")
    ]
    ballots = list(Ballot.objects.filter(election=election).values("fingerprint", "choices"))
    return tally(
        election_id=election.pk,
        candidates=candidates,
        ballots=ballots,
        electorate_size=election.electorate.count(),
        seats=election.seat_count,
        other_seat_gender=other_seat_gender(election),
    )


def voting_close(*, actor, election: Election, now=None) -> Election:
    """Voting closes: first the election's ballots are rewritten in a random order in their own
    transaction (so neither physical order nor transaction ids follow the order of voting) and
    the table is vacuumed after commit; then the ballots are counted (state: counted)."""
    now = now or timezone.now()
    ballots_shuffle(actor=actor, election=election, now=now)
    return _count(actor=actor, election=election, now=now)


@transaction.atomic
def _count(*, actor, election: Election, now) -> Election:
    election = locked(election)
    if election.state != ElectionState.VOTING or election.ballots_shuffled_at is None:
        refuse(_("This election cannot be counted now."))
    election.result = election_tally(election)
    election.state = ElectionState.COUNTED
    election.counted_at = now
    election.save(update_fields=["result", "state", "counted_at"])
    audit_record(
        actor=actor,
        action="election.counted",
        target=election,
        ballot_count=election.result["ballots_cast"],
        parity_met=election.result["parity_met"],
    )
    return election


@transaction.atomic
def results_publish(*, actor, election: Election, now=None) -> Election:
    """Results and the ballot list become public; each winner gets a mandate (§5)."""
    now = now or timezone.now()
    election = locked(election)
    _check_step(actor, election, ElectionAction.PUBLISH, now)
    election.state = ElectionState.PUBLISHED
    election.published_at = now
    election.save(update_fields=["state", "published_at"])
    mandates_for_winners(actor=actor, election=election)
    audit_record(actor=actor, action="election.published", target=election)
    return election


STEPS = {
    ElectionAction.OPEN_NOMINATIONS: nominations_open,
    ElectionAction.CLOSE_NOMINATIONS: nominations_close,
    ElectionAction.OPEN_VOTING: voting_open,
    ElectionAction.CLOSE_VOTING: voting_close,
    ElectionAction.PUBLISH: results_publish,
}


def election_step(*, actor, election: Election, action: str, now=None) -> Election:
    """A coordinator's button: the step named by `action`, if it is due now."""
    if action not in STEPS:
        refuse(_("Unknown step."))
    return STEPS[ElectionAction(action)](actor=actor, election=election, now=now)


def election_advance(*, election: Election, now=None) -> Election:
    """Take every step whose time has come (periodic task; idempotent)."""
    now = now or timezone.now()
    for _round in range(len(STEPS)):
        election.refresh_from_db()
        step = permissions.next_step(election, now)
        if step is None:
            break
        election = STEPS[step](actor=None, election=election, now=now)
    return election


def reminders_send(*, election: Election, now=None) -> int:
    """One reminder, 48 hours before voting closes, to the contact persons of members of the
    electorate that have not voted (outbox key: once per person)."""
    now = now or timezone.now()
    if election.state != ElectionState.VOTING:
        return 0
    if not (
        election.voting_close_at - datetime.timedelta(hours=48) <= now < election.voting_close_at
    ):
        return 0
    sent = 0
    with transaction.atomic():
        for user in selectors.non_voter_users(election):
            sent += bool(
                election_email(
                    key=keys.election_reminder(election, user),
                    user=user,
                    election=election,
                    template="voting_reminder",
                )
            )
    return sent


def elections_sweep(now=None) -> int:
    """Advance every unfinished election and send the 48-hour reminders."""
    now = now or timezone.now()
    count = 0
    pending = Election.objects.exclude(state=ElectionState.PUBLISHED).filter(
        nominations_open_at__lte=now
    )
    for election in pending:
        election = election_advance(election=election, now=now)
        count += reminders_send(election=election, now=now)
    return count
