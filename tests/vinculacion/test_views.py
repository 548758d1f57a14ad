"""The linking table's pages and open data, through the real URLs (§5, §11)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from vinculacion import services, tally
from vinculacion.models import Ballot, VoteRecord

from . import factories as f

pytestmark = pytest.mark.django_db


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _published(voters=4, ballots=None):
    e, coord, t, cands, users = f.election_with_candidates(voters=voters)
    for user, choice in zip(users, ballots or [], strict=False):
        services.ballot_cast(actor=user, election=e, choices=choice(cands), now=t.during_voting())
    services.voting_close(actor=coord, election=e, now=t.after_voting())
    services.results_publish(actor=coord, election=e, now=t.after_voting())
    e.refresh_from_db()
    return e, coord, cands


def _voting_now():
    """An election whose voting window contains the real clock."""
    t = f.Timeline(timezone.now() - datetime.timedelta(days=3, hours=12))
    return f.election_with_candidates(timeline=t)


def test_a_third_box_is_a_form_error_and_nothing_is_written():
    e, coord, t, cands, voters = _voting_now()
    client = _client(voters[0])
    url = reverse("vinculacion:ballot", kwargs={"pk": e.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, {"candidates": [c.pk for c in cands]})
    assert response.status_code == 400
    assert "Apruebe como máximo dos candidaturas." in response.content.decode()
    assert not VoteRecord.objects.exists() and not Ballot.objects.exists()


def test_a_vote_shows_the_tracker_once_and_the_second_contact_is_refused():
    from membership.models import ContactPerson, ContactStatus
    from tests.factories import UserFactory

    e, coord, t, cands, voters = _voting_now()
    member = ContactPerson.objects.get(user=voters[0]).member
    second = UserFactory()
    ContactPerson.objects.create(member=member, user=second, status=ContactStatus.APPROVED)
    url = reverse("vinculacion:ballot", kwargs={"pk": e.pk})
    response = _client(voters[0]).post(url, {"candidates": [cands[0].pk]})
    assert response.status_code == 200
    tracker = response.context["receipt"].tracker
    assert tracker in response.content.decode()
    assert Ballot.objects.get().fingerprint == tally.fingerprint(tracker)
    assert response["Cache-Control"].startswith("max-age=0")
    page = _client(second).get(url)
    assert "ya votó" in page.content.decode()
    again = _client(second).post(url, {"candidates": [cands[1].pk]})
    assert again.status_code == 400
    assert VoteRecord.objects.count() == 1


def test_voting_outside_the_window_redirects_with_a_message():
    past = f.Timeline(timezone.now() - datetime.timedelta(days=10))
    e, coord, t, cands, voters = f.election_with_candidates(timeline=past)
    url = reverse("vinculacion:ballot", kwargs={"pk": e.pk})
    response = _client(voters[0]).post(url, {"candidates": [cands[0].pk]}, follow=True)
    assert "La votación no está abierta en esta elección." in response.content.decode()
    assert not Ballot.objects.exists()


def test_the_api_publishes_what_the_standalone_verifier_needs():
    e, coord, cands = _published(ballots=[lambda c: [c[0].pk, c[1].pk], lambda c: [c[0].pk]])
    client = _client()
    results = client.get(f"/api/v1/elections/{e.pk}/results/").json()
    ballots = client.get(f"/api/v1/elections/{e.pk}/ballots/").json()
    assert tally.verify(results, ballots) == []
    assert len(ballots["ballots"]) == 2
    seats = client.get("/api/v1/linking-table/").json()["seats"]
    assert len(seats) == 10 and sum(1 for s in seats if s["vacant"]) == 10  # term not started
    assert client.get(f"/api/v1/elections/{e.pk + 999}/results/").status_code == 404


def test_results_and_ballots_are_not_public_before_publication():
    e, coord, t, cands, voters = f.election_with_candidates()
    services.voting_close(actor=coord, election=e, now=t.after_voting())
    assert _client().get(f"/api/v1/elections/{e.pk}/ballots/").status_code == 404
    page = _client().get(reverse("vinculacion:election_detail", kwargs={"pk": e.pk}))
    assert "Papeletas publicadas" not in page.content.decode()


def test_only_coordinators_reach_the_management_pages():
    e, coord, t, cands, voters = f.election_with_candidates()
    for name in ("election_manage",):
        url = reverse(f"vinculacion:{name}", kwargs={"pk": e.pk})
        assert _client(voters[0]).get(url).status_code == 403
        assert _client(coord).get(url).status_code == 200
    create = reverse("vinculacion:election_create", kwargs={"slug": "mr2"})
    assert _client(coord).get(create).status_code == 403
    designation = reverse("vinculacion:designation_create")
    assert _client(coord).get(designation).status_code == 403
    assert _client().get(designation).status_code == 302


def test_the_election_form_refuses_dates_out_of_order():
    coord = f.coordinator(1)
    url = reverse("vinculacion:election_create", kwargs={"slug": "mr1"})
    response = _client(coord).post(
        url,
        {
            "title": "Elección",
            "nominations_open_at": "2027-03-10T10:00",
            "nominations_close_at": "2027-03-01T10:00",
            "voting_open_at": "2027-03-12T10:00",
            "voting_close_at": "2027-03-15T10:00",
            "term_starts_on": "2027-04-01",
        },
    )
    assert response.status_code == 400
    assert "Las fechas deben sucederse" in response.content.decode()


@pytest.mark.parametrize("past", [3, 300])
def test_the_linking_table_page_costs_the_same_with_3_or_300_past_mandates(
    past, django_assert_num_queries
):
    from vinculacion.models import Mandate, Seat

    member, user = f.voter(1)
    seats = list(Seat.objects.order_by("sort"))
    start = datetime.date(1980, 1, 1)
    Mandate.objects.bulk_create(
        [
            Mandate(
                seat=seats[i % 10],
                user=user,
                member=member,
                starts_on=start.replace(year=1980 + i // 10),
                ends_on=start.replace(year=1981 + i // 10),
            )
            for i in range(past)
        ]
    )
    client = _client()
    url = reverse("vinculacion:linking_table")
    client.get(url)
    # seats, current mandates, past mandates, elections, the linking table's body, its
    # meetings, its open action items, the published integrated strategies (none here; see
    # test_strategies for the page with 300 of them)
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<strong>Vacante</strong>") == 10


@pytest.mark.parametrize("voters", [3, 300])
def test_the_election_page_costs_the_same_with_3_or_300_ballots(voters, django_assert_num_queries):
    everyone = [lambda c: [c[0].pk]] * voters
    e, coord, cands = _published(voters=voters, ballots=everyone)
    client = _client()
    url = reverse("vinculacion:election_detail", kwargs={"pk": e.pk})
    client.get(url)
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200
