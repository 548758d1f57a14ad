"""Constant queries per page (§10): the bodies pages cost the same with 3 rows and with 300
(meetings, open action items and pending proposals of every body, built with bulk_create)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mesas.models import ActionItem, AgendaProposal, Body, Meeting
from tests.factories import UserFactory
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db

SIZES = [3, 300]


def populate(n):
    """n meetings per body (half of them past, one in three private), an open action item and a
    pending proposal on each meeting."""
    owner = UserFactory()
    now = timezone.now()
    meetings = []
    for body in Body.objects.all():
        for i in range(n):
            start = now + datetime.timedelta(days=i - n // 2, hours=1)
            meetings.append(
                Meeting(
                    body=body,
                    title=f"{body.slug} {i:03d}",
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=2),
                    modality="virtual",
                    video_link="https://meet.example.org/x",
                    is_public=i % 3 != 0,
                )
            )
    meetings = Meeting.objects.bulk_create(meetings)
    ActionItem.objects.bulk_create(
        ActionItem(meeting=m, body_id=m.body_id, text="Enviar el informe", owner=owner)
        for m in meetings
    )
    AgendaProposal.objects.bulk_create(
        AgendaProposal(meeting=m, proposed_by=owner, title="Punto propuesto") for m in meetings
    )


@pytest.mark.parametrize("n", SIZES)
def test_bodies_list(client, django_assert_num_queries, n):
    populate(n)
    # the bodies with their flags and counts (one query), the session-less page
    with django_assert_num_queries(1):
        assert client.get(reverse("mesas:body_list")).status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_bodies_overview(client, django_assert_num_queries, n):
    populate(n)
    client.force_login(f.coordinator(1))
    # session, user, roles, the bodies with their flags and counts, the linking-table rule
    # (current mandates, staff of the agencies holding a seat)
    with django_assert_num_queries(6):
        r = client.get(reverse("mesas:body_overview"))
    assert r.status_code == 200 and len(r.context["bodies"]) == 1


@pytest.mark.parametrize("n", SIZES)
def test_body_page_for_visitors(client, django_assert_num_queries, n):
    populate(n)
    # the body with its flags, one page of meetings, the open action items
    with django_assert_num_queries(3):
        r = client.get(reverse("mesas:body_detail", kwargs={"slug": "mr1"}))
    assert r.status_code == 200 and len(r.context["meetings"]) == min(n - n // 3, 20)


@pytest.mark.parametrize("n", SIZES)
def test_body_page_for_coordinators(client, django_assert_num_queries, n):
    populate(n)
    client.force_login(f.coordinator(1))
    # session, user, roles, the body, the open action items, one page of meetings, the
    # announcements of the body (issue 14)
    with django_assert_num_queries(7):
        r = client.get(reverse("mesas:body_detail", kwargs={"slug": "mr1"}))
    assert r.status_code == 200 and len(r.context["meetings"]) == min(n, 20)
