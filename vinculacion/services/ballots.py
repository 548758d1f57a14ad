"""Casting a secret, verifiable ballot (§5) and erasing the order in which ballots were cast.

What links a voter to a choice, and what we remove:
* the record that a member voted (`VoteRecord`) and the ballot (`Ballot`) are two rows with no
  foreign key between them, no timestamp and random ids;
* the physical order of the ballot rows and the transaction id that wrote each (PostgreSQL's
  `xmin`) would follow the order of voting: when voting closes `ballots_shuffle` deletes the
  election's ballots and writes them again, in a random order, in one new transaction, and
  `VACUUM FULL` after commit rewrites the table without the old row versions.
The README lists what this cannot protect against (someone watching the database or the server's
logs while votes are cast; the tracker e-mail, which the voter asks for)."""

from __future__ import annotations

import base64
import logging
import random
import secrets
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record
from membership.selectors import member_for_user

from .. import keys
from ..models import Ballot, CandidacyStatus, Election, ElectionState, ElectorateEntry, VoteRecord
from ..tally import MAX_CHOICES, fingerprint
from ._common import election_email, locked, refuse

logger = logging.getLogger(__name__)
BATCH = 2000


@dataclass(frozen=True)
class Receipt:
    tracker: str
    fingerprint: str


def new_tracker() -> str:
    """80 random bits as 16 base-32 characters in groups of four (easy to copy by hand)."""
    raw = base64.b32encode(secrets.token_bytes(10)).decode()
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


@transaction.atomic
def ballot_cast(*, actor, election: Election, choices, email_tracker: bool = False, now=None):
    """Cast the ballot of the member `actor` acts for (§5): at most two candidates of this
    election (none = blank), inside the voting window, only for members of the electorate frozen
    at nominations close, once per member. Two contact persons of one organisation voting at the
    same moment: the electorate row is locked (select_for_update) and the unique constraint on
    the vote record is the last guard. Returns the tracker shown once to the voter."""
    now = now or timezone.now()
    election = Election.objects.get(pk=election.pk)
    if election.state != ElectionState.VOTING or not (
        election.voting_open_at <= now < election.voting_close_at
    ):
        refuse(_("Voting is not open in this election."), "closed")
    member = member_for_user(actor)
    if member is None:
        refuse(_("Only members of the mechanism vote."), "not_member")
    entry = (
        ElectorateEntry.objects.select_for_update().filter(election=election, member=member).first()
    )
    if entry is None:
        refuse(
            _(
                "Your organisation is not in this election's electorate: it had no approved "
                "membership in the mesa when nominations closed."
            ),
            "not_electorate",
        )
    try:
        ids = sorted({int(c) for c in choices})
    except (TypeError, ValueError):
        refuse(_("Choose candidates of this election."), "invalid")
    if len(ids) != len(list(choices)):
        refuse(_("Each candidate can be approved once."), "invalid")
    if len(ids) > MAX_CHOICES:
        refuse(_("Approve at most two candidates."), "too_many")
    standing = set(
        election.candidacies.filter(status=CandidacyStatus.STANDING).values_list("pk", flat=True)
    )
    if set(ids) - standing:
        refuse(_("Choose candidates of this election."), "invalid")
    if VoteRecord.objects.filter(election=election, member=member).exists():
        refuse(_("Your organisation has already voted in this election."), "twice")
    tracker = new_tracker()
    try:
        with transaction.atomic():
            VoteRecord.objects.create(election=election, member=member)
    except IntegrityError:
        refuse(_("Your organisation has already voted in this election."), "twice")
    Ballot.objects.create(election=election, fingerprint=fingerprint(tracker), choices=ids)
    if email_tracker:
        election_email(
            key=keys.ballot_tracker(election, actor),
            user=actor,
            election=election,
            template="ballot_tracker",
            tracker=tracker,
            fingerprint=fingerprint(tracker),
        )
    return Receipt(tracker=tracker, fingerprint=fingerprint(tracker))


@transaction.atomic
def ballots_shuffle(*, actor, election: Election, now=None) -> int:
    """Voting closes: rewrite the election's ballots in a random order with new random ids, in
    this one transaction, then vacuum the table after commit. Refused before the close."""
    now = now or timezone.now()
    election = locked(election)
    if election.state != ElectionState.VOTING or now < election.voting_close_at:
        refuse(_("Voting closes at its time: an election cannot be closed early."), "early")
    if election.ballots_shuffled_at is not None:
        return 0
    rows = list(Ballot.objects.filter(election=election).values_list("fingerprint", "choices"))
    random.SystemRandom().shuffle(rows)
    Ballot.objects.filter(election=election).delete()
    Ballot.objects.bulk_create(
        [Ballot(id=uuid.uuid4(), election=election, fingerprint=f, choices=c) for f, c in rows],
        batch_size=BATCH,
    )
    election.ballots_shuffled_at = now
    election.save(update_fields=["ballots_shuffled_at"])
    audit_record(
        actor=actor, action="election.voting_closed", target=election, ballot_count=len(rows)
    )
    transaction.on_commit(ballots_vacuum)
    return len(rows)


def ballots_vacuum() -> bool:
    """Rewrite the ballot table without dead row versions (PostgreSQL only; VACUUM cannot run
    inside a transaction, so this runs after commit and does nothing inside one)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return False
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM FULL {Ballot._meta.db_table}")
    return True
