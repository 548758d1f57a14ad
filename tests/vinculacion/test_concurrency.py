"""Two contacts of one organisation submit their ballots at the same moment (§5: "double voting
is impossible"): real POSTs from threads, each in its own connection and transaction, outside
any test transaction, on PostgreSQL."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from membership.models import ContactPerson, ContactStatus
from tests.factories import UserFactory
from vinculacion.models import Ballot, VoteRecord

from . import factories as f

THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_ballots_of_one_organisation_count_once(reference_data):
    assert connection.vendor == "postgresql"
    t = f.Timeline(timezone.now() - datetime.timedelta(days=3, hours=12))
    e, coord, t, cands, voters = f.election_with_candidates(timeline=t)
    member = ContactPerson.objects.get(user=voters[0]).member
    contacts = [voters[0]]
    for _ in range(THREADS - 1):
        user = UserFactory()
        ContactPerson.objects.create(member=member, user=user, status=ContactStatus.APPROVED)
        contacts.append(user)
    clients = []
    for user in contacts:
        client = Client()
        client.force_login(user)
        clients.append(client)
    url = reverse("vinculacion:ballot", kwargs={"pk": e.pk})
    barrier = threading.Barrier(THREADS)
    statuses = []

    def vote(client, choice):
        try:
            barrier.wait()
            statuses.append(client.post(url, {"candidates": [choice]}).status_code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=vote, args=(c, cands[i % 3].pk)) for i, c in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] + [400] * (THREADS - 1)
    assert VoteRecord.objects.filter(election=e, member=member).count() == 1
    assert Ballot.objects.filter(election=e).count() == 1
