"""Benchmark (make bench): the meeting page with 500 attendees against 10, and the public calendar
with 5,000 meetings against 50 (issue 6, §10). Prints the query count and median time of each and
the time ratio; the query counts must be equal (asserted), the times are only printed."""

import datetime
import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mecanismo.core.models import Objective, User
from mesas.models import AgendaItem, Attendance, Body, Invitation, Meeting, Speaker

pytestmark = [pytest.mark.bench, pytest.mark.django_db]
RUNS = 15


def measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)  # warm caches and templates
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    queries = len(ctx.captured_queries)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return queries, statistics.median(times)


def meeting_with(n_people: int, tag: str) -> Meeting:
    start = timezone.now() - datetime.timedelta(days=1)
    meeting = Meeting.objects.create(
        body=Body.objects.get(slug="mr1"),
        title=f"Bench {tag}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        modality="hybrid",
        place="Panamá",
    )
    objectives = list(Objective.objects.order_by("number")[:3])
    for i in range(10):
        item = AgendaItem.objects.create(meeting=meeting, position=i, title=f"Punto {i}")
        item.objectives.set(objectives)
    Speaker.objects.create(meeting=meeting, name="Ponente")
    users = User.objects.bulk_create(
        User(email=f"bench-{tag}-{i}@example.org", full_name=f"Persona {i}")
        for i in range(n_people)
    )
    Invitation.objects.bulk_create(
        Invitation(meeting=meeting, user=u, rsvp="online", attendance=Attendance.PRESENT)
        for u in users
    )
    return meeting


def test_meeting_page_500_vs_10_attendees():
    small = meeting_with(10, "s")
    big = meeting_with(500, "b")
    client = Client()
    q_small, t_small = measure(client, small.get_absolute_url())
    q_big, t_big = measure(client, big.get_absolute_url())
    print(
        f"\nmeeting page (visitor): 10 attendees {q_small} queries {t_small * 1000:.1f} ms | "
        f"500 attendees {q_big} queries {t_big * 1000:.1f} ms | time ratio {t_big / t_small:.2f}"
    )
    member = User.objects.get(email="bench-b-0@example.org")
    client.force_login(member)
    qm, tm = measure(client, big.get_absolute_url())
    print(f"meeting page (invited member, 500 attendees): {qm} queries {tm * 1000:.1f} ms")
    assert q_small == q_big <= 10 and qm <= 12


def test_public_calendar_5000_vs_50_meetings():
    body = Body.objects.get(slug="mr2")
    start = timezone.now() + datetime.timedelta(days=1)

    def make(n, offset_days):
        Meeting.objects.bulk_create(
            Meeting(
                body=body,
                title=f"Reunión {i}",
                starts_at=start + datetime.timedelta(days=offset_days, hours=i),
                ends_at=start + datetime.timedelta(days=offset_days, hours=i + 1),
                modality="virtual",
            )
            for i in range(n)
        )

    client = Client()
    url = reverse("mesas:calendar")
    make(50, 0)
    q_small, t_small = measure(client, url)
    make(4950, 3)
    q_big, t_big = measure(client, url)
    print(
        f"\npublic calendar: 50 meetings {q_small} queries {t_small * 1000:.1f} ms | "
        f"5,000 meetings {q_big} queries {t_big * 1000:.1f} ms | time ratio {t_big / t_small:.2f}"
    )
    assert q_small == q_big


def test_attendance_and_outcomes_pages_500_vs_10_invitees():
    """Issue 10: the attendance form (a compact radio group per person, 50 per page) and the
    action-item owner select cost about the same at 500 invitees as at 10 (target ratio <= 2)."""
    from tests.factories import UserFactory, make_coordinator

    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    client = Client()
    client.force_login(coordinator)
    small = meeting_with(10, "as")
    big = meeting_with(500, "ab")
    for name in ("attendance", "outcomes"):
        urls = [reverse(f"mesas:{name}", kwargs={"pk": m.pk}) for m in (small, big)]
        (q_small, t_small), (q_big, t_big) = (measure(client, u) for u in urls)
        size = len(client.get(urls[1]).content)
        print(
            f"\n{name} page: 10 invitees {q_small} queries {t_small * 1000:.1f} ms | "
            f"500 invitees {q_big} queries {t_big * 1000:.1f} ms, {size / 1000:.0f} KB | "
            f"t(500)/t(10) {t_big / t_small:.2f}"
        )
        assert q_small == q_big and size < 60_000
