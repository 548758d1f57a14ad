"""The election's rules (§5) through the real services on PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from mecanismo.core.models import AuditLog
from mecanismo.outbox.models import OutboxMessage
from membership.models import ContactPerson, ContactStatus
from tests.factories import UserFactory
from tests.membership.factories import membership
from vinculacion import selectors, services
from vinculacion.models import (
    Ballot,
    ElectionState,
    ElectorateEntry,
    Mandate,
    MandateEnd,
    Seat,
    VoteRecord,
)

from . import factories as f

pytestmark = pytest.mark.django_db


def _count_and_publish(e, coord, t):
    services.voting_close(actor=coord, election=e, now=t.after_voting())
    return services.results_publish(actor=coord, election=e, now=t.after_voting())


def test_the_electorate_is_frozen_when_nominations_close():
    e, coord, t, cands, voters = f.election_with_candidates(voters=2)
    assert ElectorateEntry.objects.filter(election=e).count() == 5
    late_member, late_user = f.voter(1)
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(actor=late_user, election=e, choices=[], now=t.during_voting())
    assert exc.value.code == "not_electorate"
    assert not VoteRecord.objects.filter(member=late_member).exists()


def test_a_ballot_is_stored_apart_from_the_record_that_the_member_voted():
    e, coord, t, cands, voters = f.election_with_candidates()
    receipt = services.ballot_cast(
        actor=voters[0], election=e, choices=[cands[0].pk, cands[1].pk], now=t.during_voting()
    )
    ballot = Ballot.objects.get(election=e)
    assert ballot.choices == sorted([cands[0].pk, cands[1].pk])
    assert ballot.fingerprint == receipt.fingerprint != receipt.tracker
    fields = {fld.name for fld in Ballot._meta.get_fields()}
    assert fields == {"id", "election", "fingerprint", "choices"}
    assert {fld.name for fld in VoteRecord._meta.get_fields()} == {"id", "election", "member"}
    # No audit entry is written for a cast ballot: its time would order the ballots.
    assert not AuditLog.objects.filter(action__startswith="ballot").exists()


@pytest.mark.parametrize(
    "case",
    ["too_many", "other_election", "twice", "non_member", "before", "after", "duplicate"],
)
def test_bad_ballots_are_refused_and_nothing_is_written(case):
    e, coord, t, cands, voters = f.election_with_candidates()
    other, *_ = f.election_with_candidates(mesa_number=2)
    now = t.during_voting()
    choices = [cands[0].pk]
    actor = voters[0]
    if case == "too_many":
        choices = [c.pk for c in cands]
    elif case == "other_election":
        choices = [other.candidacies.first().pk]
    elif case == "twice":
        services.ballot_cast(actor=actor, election=e, choices=choices, now=now)
    elif case == "non_member":
        actor = UserFactory()
    elif case == "before":
        now = t.voting_open - datetime.timedelta(minutes=1)
    elif case == "after":
        now = t.voting_close
    elif case == "duplicate":
        choices = [cands[0].pk, cands[0].pk]
    before = (Ballot.objects.count(), VoteRecord.objects.count())
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=actor, election=e, choices=choices, now=now)
    assert (Ballot.objects.count(), VoteRecord.objects.count()) == before


def test_two_contacts_of_one_organisation_cast_one_ballot():
    e, coord, t, cands, voters = f.election_with_candidates()
    member = ContactPerson.objects.get(user=voters[0]).member
    second = UserFactory()
    ContactPerson.objects.create(member=member, user=second, status=ContactStatus.APPROVED)
    services.ballot_cast(actor=voters[0], election=e, choices=[], now=t.during_voting())
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(actor=second, election=e, choices=[], now=t.during_voting())
    assert exc.value.code == "twice"
    assert VoteRecord.objects.filter(member=member).count() == 1


def test_the_database_refuses_a_second_vote_record():
    e, coord, t, cands, voters = f.election_with_candidates()
    member = ContactPerson.objects.get(user=voters[0]).member
    VoteRecord.objects.create(election=e, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        VoteRecord.objects.create(election=e, member=member)


def test_voting_cannot_be_closed_early():
    e, coord, t, cands, voters = f.election_with_candidates()
    with pytest.raises(ValidationError):
        services.voting_close(actor=coord, election=e, now=t.during_voting())
    e.refresh_from_db()
    assert e.state == ElectionState.VOTING and e.ballots_shuffled_at is None


def test_closing_rewrites_the_ballots_with_new_ids_then_counts_and_publishes():
    e, coord, t, cands, voters = f.election_with_candidates(genders=("woman", "woman", "man"))
    votes = [[cands[0].pk, cands[1].pk], [cands[0].pk], [cands[2].pk], []]
    receipts = [
        services.ballot_cast(actor=u, election=e, choices=c, now=t.during_voting())
        for u, c in zip(voters, votes, strict=True)
    ]
    ids_before = set(Ballot.objects.values_list("pk", flat=True))
    services.voting_close(actor=coord, election=e, now=t.after_voting())
    e.refresh_from_db()
    assert e.state == ElectionState.COUNTED
    assert ids_before.isdisjoint(Ballot.objects.values_list("pk", flat=True))
    assert {b["fingerprint"] for b in Ballot.objects.values("fingerprint")} == {
        r.fingerprint for r in receipts
    }
    assert not selectors.published_ballots(e).exists()  # not before publication
    e = services.results_publish(actor=coord, election=e, now=t.after_voting())
    assert e.result["elected"] == [cands[0].pk, cands[2].pk]
    assert e.result["parity_met"] is True
    assert e.result["electorate_size"] == 7 and e.result["blank_ballots"] == 1
    assert services.election_tally(e) == e.result  # verify_tally
    mandates = Mandate.objects.filter(election=e).order_by("seat__number")
    assert [m.candidacy_id for m in mandates] == [cands[0].pk, cands[2].pk]
    assert all(m.ends_on == e.term_ends_on for m in mandates)
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {"election.counted", "election.published", "mandate.created"} <= actions
    assert not any("choices" in str(d) for d in AuditLog.objects.values_list("data", flat=True))


def test_ineligible_people_cannot_stand():
    e, coord, t = f.election(1)
    services.nominations_open(actor=coord, election=e, now=t.during_nominations())
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        f.stand(e, outsider, "woman", t.during_nominations())
    member, other_mesa = f.voter(2)
    with pytest.raises(ValidationError) as exc:
        f.stand(e, other_mesa, "woman", t.during_nominations())
    assert "MR 1" in exc.value.messages[0]
    assert not e.candidacies.exists()


def _mandate(user, member, seat, start):
    return Mandate.objects.create(
        seat=seat,
        user=user,
        member=member,
        starts_on=start,
        ends_on=start.replace(year=start.year + 1),
    )


def test_third_consecutive_term_is_refused_naming_the_mandates():
    e, coord, t = f.election(1)
    services.nominations_open(actor=coord, election=e, now=t.during_nominations())
    member, user = f.voter(1)
    start = e.term_starts_on
    seat1, seat2 = Seat.objects.get(code="mr1-1"), Seat.objects.get(code="mr1-2")
    _mandate(user, member, seat1, start.replace(year=start.year - 2))
    _mandate(user, member, seat2, start.replace(year=start.year - 1))
    with pytest.raises(ValidationError) as exc:
        f.stand(e, user, "man", t.during_nominations())
    message = exc.value.messages[0]
    assert "MR 1, seat 1" in message or "MR 1, puesto 1" in message
    assert "third consecutive" in message or "tercer mandato" in message
    assert not e.candidacies.exists()


def test_a_gap_of_one_term_restores_eligibility():
    e, coord, t = f.election(1)
    services.nominations_open(actor=coord, election=e, now=t.during_nominations())
    member, user = f.voter(1)
    start = e.term_starts_on
    seat1 = Seat.objects.get(code="mr1-1")
    _mandate(user, member, seat1, start.replace(year=start.year - 3))
    _mandate(user, member, seat1, start.replace(year=start.year - 2))
    cand = f.stand(e, user, "man", t.during_nominations())
    assert cand.pk
    assert services.term_number_for(user, start) == 1


def test_candidacies_are_frozen_after_nominations_close():
    e, coord, t, cands, voters = f.election_with_candidates()
    with pytest.raises(ValidationError):
        services.candidacy_withdraw(actor=cands[0].user, candidacy=cands[0], now=t.during_voting())
    _member, late = f.voter(1)
    with pytest.raises(ValidationError):
        f.stand(e, late, "man", t.during_voting())
    assert e.candidacies.filter(status="standing").count() == 3


def test_a_withdrawn_candidate_may_stand_again_while_nominations_are_open():
    e, coord, t = f.election(1)
    services.nominations_open(actor=coord, election=e, now=t.during_nominations())
    _member, user = f.voter(1)
    cand = f.stand(e, user, "woman", t.during_nominations())
    services.candidacy_withdraw(actor=user, candidacy=cand, now=t.during_nominations())
    again = f.stand(e, user, "man", t.during_nominations())
    assert again.pk == cand.pk and again.status == "standing" and again.parity_gender == "man"


def test_only_the_mesas_coordinators_create_elections():
    outsider = f.coordinator(2)
    with pytest.raises(PermissionDenied):
        f.election(1, actor=outsider)


def test_mandates_cannot_overlap_on_one_seat():
    member, user = f.voter(1)
    seat = Seat.objects.get(code="mr1-1")
    _mandate(user, member, seat, datetime.date(2025, 3, 1))
    other_member, other = f.voter(1)
    assert connection.vendor == "postgresql"
    with pytest.raises(IntegrityError), transaction.atomic():
        Mandate.objects.create(
            seat=seat,
            user=other,
            member=other_member,
            starts_on=datetime.date(2025, 9, 1),
            ends_on=datetime.date(2026, 9, 1),
        )


def test_a_by_election_for_an_occupied_seat_is_refused():
    e, coord, t, cands, voters = f.election_with_candidates()
    _count_and_publish(e, coord, t)
    seat = Seat.objects.get(code="mr1-1")
    with pytest.raises(ValidationError):
        f.election(1, actor=coord, by_election_seat=seat, timeline=f.Timeline())
    assert e.mesa.elections.count() == 1


def test_stepping_down_offers_the_seat_to_the_next_ranked_who_keeps_parity():
    e, coord, t, cands, voters = f.election_with_candidates(
        genders=("woman", "man", "man", "woman"), timeline=f.Timeline.term_started()
    )
    plan = [
        [cands[0].pk, cands[1].pk],
        [cands[0].pk, cands[2].pk],
        [cands[1].pk, cands[3].pk],
        [cands[0].pk],
    ]
    for u, c in zip(voters, plan, strict=True):
        services.ballot_cast(actor=u, election=e, choices=c, now=t.during_voting())
    e = _count_and_publish(e, coord, t)
    assert e.result["elected"] == [cands[0].pk, cands[1].pk]
    seat2 = Mandate.objects.get(election=e, candidacy=cands[1])
    day = datetime.date.today()
    services.mandate_step_down(actor=cands[1].user, mandate=seat2, on=day)
    seat2.refresh_from_db()
    assert seat2.ended_how == MandateEnd.STEPPED_DOWN and seat2.ends_on == day
    offer = seat2.offers.get()
    # Seat 1 is a woman: the next-ranked man (cands[2]) is asked, not the woman (cands[3]).
    assert offer.candidacy == cands[2]
    assert OutboxMessage.objects.filter(key__startswith=f"seat_offer:{offer.pk}").exists()
    services.offer_answer(actor=cands[2].user, offer=offer, accept=False)
    assert not seat2.offers.filter(status="offered").exists()
    assert OutboxMessage.objects.filter(key__contains=f"mandate:{seat2.pk}:by_election").exists()
    seat = seat2.seat
    by, _c, _t = f.election(
        1,
        actor=coord,
        by_election_seat=seat,
        timeline=f.Timeline(),
        term_starts_on=max(day, f.Timeline().term_start),
        term_ends_on=e.term_ends_on,
    )
    assert by.seat_count == 1


def test_accepting_an_offer_gives_a_mandate_for_the_rest_of_the_term():
    e, coord, t, cands, voters = f.election_with_candidates(
        genders=("woman", "man", "man"), timeline=f.Timeline.term_started()
    )
    for u in voters[:2]:
        services.ballot_cast(
            actor=u, election=e, choices=[cands[0].pk, cands[1].pk], now=t.during_voting()
        )
    e = _count_and_publish(e, coord, t)
    seat2 = Mandate.objects.get(election=e, candidacy=cands[1])
    services.mandate_step_down(actor=cands[1].user, mandate=seat2, on=datetime.date.today())
    offer = seat2.offers.get()
    mandate = services.offer_answer(actor=cands[2].user, offer=offer, accept=True)
    seat2.refresh_from_db()
    assert mandate.seat == seat2.seat and mandate.ends_on == e.term_ends_on
    assert mandate.starts_on >= seat2.ends_on


def test_nominations_and_voting_notices_go_once_to_each_contact():
    e, coord, t = f.election(1)
    _m, user = f.voter(1)
    services.nominations_open(actor=coord, election=e, now=t.during_nominations())
    assert (
        OutboxMessage.objects.filter(key=f"election:{e.pk}:nominations:user:{user.pk}").count() == 1
    )
    services.nominations_close(actor=coord, election=e, now=t.nominations_close)
    services.voting_open(actor=coord, election=e, now=t.voting_open)
    services.election_advance(election=e, now=t.voting_open)
    assert OutboxMessage.objects.filter(key=f"election:{e.pk}:voting:user:{user.pk}").count() == 1


def test_the_48_hour_reminder_goes_once_to_members_who_have_not_voted():
    e, coord, t, cands, voters = f.election_with_candidates()
    services.ballot_cast(actor=voters[0], election=e, choices=[], now=t.during_voting())
    close = t.voting_close
    assert services.reminders_send(election=e, now=close - datetime.timedelta(hours=49)) == 0
    sent = services.reminders_send(election=e, now=close - datetime.timedelta(hours=47))
    assert sent == 6  # 3 candidates + 3 voters who did not vote
    assert services.reminders_send(election=e, now=close - datetime.timedelta(hours=1)) == 0
    assert not OutboxMessage.objects.filter(
        key=f"election:{e.pk}:reminder48h:user:{voters[0].pk}"
    ).exists()


def test_mandate_ending_reminders_60_and_30_days_exactly_once():
    e, coord, t, cands, voters = f.election_with_candidates()
    e = _count_and_publish(e, coord, t)
    end = e.term_ends_on
    for day in (end - datetime.timedelta(days=61), end - datetime.timedelta(days=60)):
        services.mandates_sweep(today=day)
    services.mandates_sweep(today=end - datetime.timedelta(days=59))
    services.mandates_sweep(today=end - datetime.timedelta(days=30))
    keys = set(OutboxMessage.objects.filter(key__contains=":ending:").values_list("key", flat=True))
    mandate = Mandate.objects.filter(election=e).first()
    assert f"mandate:{mandate.pk}:ending:60d:user:{coord.pk}" in keys
    assert f"mandate:{mandate.pk}:ending:30d:user:{mandate.user_id}" in keys
    assert len(keys) == 2 * 2 * 2  # two mandates × (coordinator + representative) × 60/30


def test_linking_table_membership_follows_the_mandates():
    e, coord, t, cands, voters = f.election_with_candidates()
    e = _count_and_publish(e, coord, t)
    winner = cands[0].user if cands[0].pk in e.result["elected"] else cands[1].user
    assert winner.pk not in selectors.linking_table_user_ids(
        e.term_starts_on - datetime.timedelta(days=1)
    )
    assert winner.pk in selectors.linking_table_user_ids(e.term_starts_on)
    assert winner.pk not in selectors.linking_table_user_ids(e.term_ends_on)


def test_gtsc_staff_designate_the_two_agency_seats():
    from mecanismo.core.models import Agency
    from tests.factories import make_gtsc

    staff = UserFactory()
    make_gtsc(staff, "iom")
    agencies = [Agency.objects.get(code="iom"), Agency.objects.get(code="undp")]
    start = datetime.date.today()
    services.agency_designation_record(
        actor=staff, agencies=agencies, agreed_on=start, agreed_at="Reunión GT-SC", starts_on=start
    )
    rows = selectors.composition(start)
    agency_rows = [r for r in rows if r.seat.kind == "agency"]
    assert [r.mandate.agency for r in agency_rows] == agencies
    assert staff.pk in selectors.linking_table_user_ids(start)
    member_user = UserFactory()
    with pytest.raises(PermissionDenied):
        services.agency_designation_record(
            actor=member_user, agencies=agencies, agreed_on=start, agreed_at="x", starts_on=start
        )
    membership  # noqa: B018 - imported for the factories' side


def test_an_outgoing_mandate_hands_over_on_the_day_the_elected_term_starts():
    """Publishing an election whose term starts while the seat's current mandate still runs
    ends that mandate on the new term's first day (served), instead of failing on the database's
    one-mandate-per-seat constraint."""
    e, coord, t, cands, voters = f.election_with_candidates(genders=("woman", "man"))
    seat = Seat.objects.get(code="mr1-1")
    member, outgoing = f.voter(1)
    old = _mandate(outgoing, member, seat, e.term_starts_on - datetime.timedelta(days=300))
    assert old.ends_on > e.term_starts_on
    services.ballot_cast(actor=voters[0], election=e, choices=[cands[0].pk], now=t.during_voting())
    _count_and_publish(e, coord, t)
    old.refresh_from_db()
    assert old.ends_on == e.term_starts_on and old.ended_how == MandateEnd.SERVED
    assert Mandate.objects.filter(election=e, seat=seat, starts_on=e.term_starts_on).exists()
    assert AuditLog.objects.filter(action="mandate.handed_over").count() == 1
