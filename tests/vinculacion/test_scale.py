"""The count at scale and `manage.py verify_tally` (§5, §10)."""

import io

import pytest
from django.core.management import CommandError, call_command

from vinculacion import services
from vinculacion.models import Ballot, ElectorateEntry, VoteRecord
from vinculacion.tally import fingerprint

from . import factories as f

pytestmark = pytest.mark.django_db
BALLOTS = 20_000


def test_counting_20000_ballots_takes_a_bounded_number_of_queries(django_assert_max_num_queries):
    e, coord, t, cands, voters = f.election_with_candidates(voters=0)
    ids = [c.pk for c in cands]
    Ballot.objects.bulk_create(
        [
            Ballot(
                election=e,
                fingerprint=fingerprint(f"T{i}"),
                choices=sorted({ids[i % 3], ids[i % 2]}),
            )
            for i in range(BALLOTS)
        ],
        batch_size=5000,
    )
    # Shuffle (read, delete, rewrite in batches of 2,000) and count: independent of the size
    # but for the rewrite's batches.
    with django_assert_max_num_queries(20 + BALLOTS // 2000):
        services.voting_close(actor=coord, election=e, now=t.after_voting())
    e.refresh_from_db()
    assert e.result["ballots_cast"] == BALLOTS
    assert Ballot.objects.filter(election=e).count() == BALLOTS


def test_verify_tally_agrees_and_catches_a_changed_ballot():
    e, coord, t, cands, voters = f.election_with_candidates()
    for user in voters:
        services.ballot_cast(actor=user, election=e, choices=[cands[0].pk], now=t.during_voting())
    services.voting_close(actor=coord, election=e, now=t.after_voting())
    out = io.StringIO()
    call_command("verify_tally", str(e.pk), stdout=out)
    assert "OK" in out.getvalue()
    ballot = Ballot.objects.filter(election=e).first()
    ballot.choices = [cands[1].pk]
    ballot.save()
    with pytest.raises(CommandError, match="MISMATCH"):
        call_command("verify_tally", str(e.pk), stdout=io.StringIO())
    assert VoteRecord.objects.filter(election=e).count() == 4
    assert ElectorateEntry.objects.filter(election=e).count() == 7
