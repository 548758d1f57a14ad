"""Objective pages at constant queries (§4, §6, §7) and consultations on drafts (§6)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mecanismo.core.models import Country, Objective
from mecanismo.outbox.models import OutboxMessage
from mesas import services
from mesas.models import (
    AgendaItem,
    ConsultationComment,
    Indicator,
    Input,
    InputStatus,
    Measurement,
    Recommendation,
    RecommendationStatus,
)
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _fill_objective(n: int, objective: Objective):
    meeting = f.meeting(days=-2)
    _member, user = f.member_in_mesa(1)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, title=f"Punto {i}", position=i) for i in range(n)
    )
    inputs = Input.objects.bulk_create(
        Input(
            body=f.body("mr1"),
            submitted_by=user,
            title=f"Aporte {i}",
            text="t",
            may_publish=True,
            status=InputStatus.ACKNOWLEDGED,
        )
        for i in range(n)
    )
    recs = Recommendation.objects.bulk_create(
        Recommendation(
            body=f.body("mr1"),
            title=f"Rec {i}",
            text="t",
            status=RecommendationStatus.PUBLISHED,
            adopted_at_meeting=meeting,
            published_at=timezone.now(),
        )
        for i in range(n)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            slug=f"ind-{i}",
            name=f"Ind {i}",
            unit="u",
            baseline_value=1,
            baseline_period=2020,
            target_value=5,
            target_period=2030,
        )
        for i in range(n)
    )
    Measurement.objects.bulk_create(
        Measurement(indicator=i, period=2024, value=Decimal(3), source="s") for i in indicators
    )
    for rows in (items, inputs, recs, indicators):
        rows[0].objectives.through.objects.bulk_create(
            rows[0].objectives.through(
                **{f"{type(r).__name__.lower()}_id": r.pk, "objective": objective}
            )
            for r in rows
        )


@pytest.mark.parametrize("rows", [3, 300])
def test_objective_page_costs_the_same_queries_at_3_and_300(rows, django_assert_num_queries):
    objective = Objective.objects.get(number=15)
    _fill_objective(rows, objective)
    c = _client()
    # objective+mesa; agenda; inputs + their objectives; recommendations + objectives +
    # addressees; indicators + objectives + current measurements
    with django_assert_num_queries(10):
        r = c.get(objective.get_absolute_url())
    assert r.status_code == 200
    html = r.content.decode()
    assert "Punto 0" in html and "Aporte" in html and "Rec " in html and "Ind " in html
    assert ("?agenda=2" in html) == (rows > 10)


def test_unpublished_inputs_do_not_show_on_the_objective_page():
    objective = Objective.objects.get(number=15)
    _member, user = f.member_in_mesa(1)
    item = services.input_submit(
        actor=user, body=f.body("mr1"), title="Privado", text="x", objectives=[objective]
    )
    assert "Privado" not in _client().get(objective.get_absolute_url()).content.decode()
    item.status = InputStatus.ACKNOWLEDGED
    item.save()
    assert "Privado" not in _client().get(objective.get_absolute_url()).content.decode()


def _open(coordinator, days=5):
    return services.consultation_open(
        actor=coordinator,
        body=f.body("mr1"),
        title="Borrador sobre salud",
        kind="recommendation",
        text="Primer párrafo.\n\nSegundo párrafo.",
        closes_at=timezone.now() + datetime.timedelta(days=days),
    )


def test_opening_a_consultation_emails_the_members_once_each():
    _m1, u1 = f.member_in_mesa(1)
    _m2, u2 = f.member_in_mesa(1)
    _m3, other = f.member_in_mesa(2)
    consultation = _open(f.coordinator(1))
    keys = set(OutboxMessage.objects.values_list("user_id", flat=True))
    assert keys == {u1.pk, u2.pk}
    assert services.consultation_reminders_send() == 0  # closes in 5 days
    later = timezone.now() + datetime.timedelta(days=3, hours=12)
    assert services.consultation_reminders_send(now=later) == 2
    assert services.consultation_reminders_send(now=later) == 0
    assert consultation.pk


def test_members_comment_by_paragraph_and_coordinators_answer():
    _m1, member = f.member_in_mesa(1)
    coordinator = f.coordinator(1)
    consultation = _open(coordinator)
    url = consultation.get_absolute_url()
    assert _client(member).post(url, {"paragraph": 2, "text": "Precisar"}).status_code == 302
    assert _client(member).post(url, {"paragraph": 9, "text": "No existe"}).status_code == 400
    _m2, outsider = f.member_in_mesa(2)
    assert _client(outsider).post(url, {"text": "x"}).status_code == 403
    comment = ConsultationComment.objects.get()
    r = _client(coordinator).post(
        reverse("mesas:consultation_answer", args=[comment.pk]),
        {"answer": "Incorporado", "taken_into_account": "on"},
    )
    assert r.status_code == 302
    comment.refresh_from_db()
    assert comment.taken_into_account and comment.answer == "Incorporado"


def test_commenting_after_the_consultation_closed_is_refused():
    _m1, member = f.member_in_mesa(1)
    consultation = _open(f.coordinator(1))
    consultation.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    consultation.opens_at = consultation.closes_at - datetime.timedelta(days=1)
    consultation.save()
    r = _client(member).post(consultation.get_absolute_url(), {"text": "Tarde"})
    assert r.status_code == 400 and "cerrada" in r.content.decode()
    with pytest.raises(ValidationError):
        services.consultation_comment(actor=member, consultation=consultation, text="x")
    assert not ConsultationComment.objects.exists()


def test_the_page_shows_what_changed_between_versions():
    _m1, member = f.member_in_mesa(1)
    coordinator = f.coordinator(1)
    consultation = _open(coordinator)
    r = _client(coordinator).post(
        reverse("mesas:consultation_revise", args=[consultation.pk]),
        {"text": "Primer párrafo.\n\nSegundo párrafo mejorado.", "note": "Según comentarios"},
    )
    assert r.status_code == 302
    html = _client(member).get(consultation.get_absolute_url()).content.decode()
    assert "<del>" in html and "Segundo párrafo mejorado." in html and "<ins>" in html
    assert Country.objects.exists()
