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


# --------------------------------------------------------------------------- meeting pages
# The pages of one meeting (issue 9): the same queries with 3 rows and with 300 (agenda items
# with objectives and documents, proposals with objectives, agreements and action items with
# owners, minutes versions and comments). Each page is requested once before counting, so the
# session and language lookups of the first request do not count.


def _objectives(rows, through_field, model):
    """Two GCM objectives on every row (the prefetch must not grow with the rows)."""
    from mecanismo.core.models import Objective

    through = model.objectives.through
    objectives = list(Objective.objects.order_by("number")[:2])
    through.objects.bulk_create(
        through(**{through_field: row, "objective": o}) for row in rows for o in objectives
    )


def _counted(client, url, n_queries, django_assert_num_queries):
    client.get(url)
    with django_assert_num_queries(n_queries):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("n", SIZES)
def test_agenda_page(client, django_assert_num_queries, n):
    from mesas.models import AgendaDocument, AgendaItem

    coord = f.coordinator(1)
    meeting = f.meeting(days=5)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, title=f"Punto {i:03d}") for i in range(n)
    )
    _objectives(items, "agendaitem", AgendaItem)
    AgendaDocument.objects.bulk_create(
        AgendaDocument(item=item, title="Nota", file="meetings/x/nota.pdf", kind="pdf", size=10)
        for item in items
    )
    client.force_login(coord)
    # session, user, roles, the meeting, the items, their objectives, their documents, the
    # objectives offered by the form
    r = _counted(client, reverse("mesas:agenda", kwargs={"pk": meeting.pk}), 8,
                 django_assert_num_queries)  # fmt: skip
    assert r.content.decode().count("Punto ") >= n


@pytest.mark.parametrize("n", SIZES)
def test_proposals_page_for_coordinators(client, django_assert_num_queries, n):
    coord = f.coordinator(1)
    meeting = f.meeting(days=5)
    member, proposer = f.member_in_mesa(1)
    rows = AgendaProposal.objects.bulk_create(
        AgendaProposal(meeting=meeting, proposed_by=proposer, member=member, title=f"P {i:03d}")
        for i in range(n)
    )
    _objectives(rows, "agendaproposal", AgendaProposal)
    client.force_login(coord)
    # session, user, roles, the meeting, the viewer's invitation, the viewer's member, the
    # proposals (with proposer, member, agenda item), their objectives (no form: coordinators
    # decide, they do not propose)
    r = _counted(client, reverse("mesas:proposals", kwargs={"pk": meeting.pk}), 8,
                 django_assert_num_queries)  # fmt: skip
    assert len(r.context["proposals"]) == min(n, 50)  # one page (mesas.views._common)
    assert r.context["window"].has_next == (n > 50)


@pytest.mark.parametrize("n", SIZES)
def test_proposals_page_for_members(client, django_assert_num_queries, n):
    meeting = f.meeting(days=5)
    member, proposer = f.member_in_mesa(1)
    f.invite(meeting, proposer, member)
    rows = AgendaProposal.objects.bulk_create(
        AgendaProposal(meeting=meeting, proposed_by=proposer, member=member, title=f"P {i:03d}")
        for i in range(n)
    )
    _objectives(rows, "agendaproposal", AgendaProposal)
    client.force_login(proposer)
    # session, user, roles, the meeting, the invitation, the member, its membership of the
    # mesa (the right to propose), the own proposals, their objectives
    r = _counted(client, reverse("mesas:proposals", kwargs={"pk": meeting.pk}), 9,
                 django_assert_num_queries)  # fmt: skip
    assert len(r.context["proposals"]) == min(n, 50)  # one page (mesas.views._common)


@pytest.mark.parametrize("n", SIZES)
def test_outcomes_page(client, django_assert_num_queries, n):
    from mesas.models import Agreement, Invitation

    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    owners = UserFactory.create_batch(n, verified=False)
    Invitation.objects.bulk_create(Invitation(meeting=meeting, user=u) for u in owners)
    Agreement.objects.bulk_create(
        Agreement(meeting=meeting, text=f"Acuerdo {i:03d}", position=i) for i in range(n)
    )
    ActionItem.objects.bulk_create(
        ActionItem(meeting=meeting, body_id=meeting.body_id, text=f"Tarea {i:03d}", owner=u)
        for i, u in enumerate(owners)
    )
    client.force_login(coord)
    # session, user, roles, the meeting, the agreements, the action items with owners, the
    # invitees offered as owners
    r = _counted(client, reverse("mesas:outcomes", kwargs={"pk": meeting.pk}), 7,
                 django_assert_num_queries)  # fmt: skip
    assert r.content.decode().count("Tarea ") == n


@pytest.mark.parametrize("n", SIZES)
def test_minutes_page(client, django_assert_num_queries, n):
    from mesas.models import Invitation, Minutes, MinutesComment, MinutesVersion

    coord = f.coordinator(1)
    meeting = f.meeting(days=-1)
    minutes = Minutes.objects.create(
        meeting=meeting, status="circulated", text="Acta", html="<p>Acta</p>"
    )
    MinutesVersion.objects.bulk_create(
        MinutesVersion(minutes=minutes, number=i + 1, text="Acta", html="<p>Acta</p>")
        for i in range(n)
    )
    readers = UserFactory.create_batch(n, verified=False)
    Invitation.objects.bulk_create(Invitation(meeting=meeting, user=u) for u in readers)
    MinutesComment.objects.bulk_create(
        MinutesComment(minutes=minutes, author=u, text=f"Comentario {i:03d}")
        for i, u in enumerate(readers)
    )
    client.force_login(coord)
    # session, user, roles, the meeting with its minutes, the viewer's invitation, the versions
    # with their documents, the comments with their authors
    r = _counted(client, reverse("mesas:minutes", kwargs={"pk": meeting.pk}), 7,
                 django_assert_num_queries)  # fmt: skip
    assert r.content.decode().count("Comentario ") == n
