"""Recommendations (§6): adoption before publication, PDFs, two-track follow-up with dated
sources, overdue flag, reminders exactly once, public list at constant queries, open data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mecanismo.core.models import AuditLog, Country, Objective
from mecanismo.documents.models import Document
from mecanismo.outbox.models import OutboxMessage
from mesas import services
from mesas.models import (
    Addressee,
    FollowUp,
    Recommendation,
    RecommendationStatus,
    ResponseStatus,
)
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _draft(
    coordinator,
    *,
    due_on=None,
    countries=("MX", "CO"),
    title="Acceso a la salud sin discriminación",
):
    return services.recommendation_create(
        actor=coordinator,
        body=f.body("mr1"),
        title=title,
        text="Los Estados **garantizan** el acceso.",
        objectives=[Objective.objects.get(number=15)],
        addressees=[(Country.objects.get(code=c), "", due_on) for c in countries]
        + [(None, "OIM", due_on)],
    )


def _published(coordinator, **kw):
    rec = _draft(coordinator, **kw)
    services.recommendation_adopt(actor=coordinator, rec=rec, meeting=f.meeting(days=-3))
    return services.recommendation_publish(actor=coordinator, rec=rec)


def test_publishing_an_unadopted_recommendation_is_refused_and_nothing_changes():
    coordinator = f.coordinator(1)
    rec = _draft(coordinator)
    r = _client(coordinator).post(reverse("mesas:recommendation_publish", args=[rec.pk]))
    assert r.status_code == 302
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.DRAFT and rec.document is None
    assert not Document.objects.exists()


def test_adoption_needs_a_held_meeting_of_the_body():
    coordinator = f.coordinator(1)
    rec = _draft(coordinator)
    with pytest.raises(ValidationError):
        services.recommendation_adopt(actor=coordinator, rec=rec, meeting=f.meeting(days=5))
    with pytest.raises(ValidationError):
        services.recommendation_adopt(actor=coordinator, rec=rec, meeting=f.meeting("mr2", days=-5))


def test_editing_a_draft_keeps_the_earlier_version():
    coordinator = f.coordinator(1)
    rec = _draft(coordinator)
    services.recommendation_update(
        actor=coordinator, rec=rec, title=rec.title, text="Nuevo texto", objectives=[]
    )
    rec.refresh_from_db()
    assert rec.version == 2 and rec.versions.get().text.startswith("Los Estados")


def test_publication_renders_a_pdf_per_language_given(django_capture_on_commit_callbacks):
    coordinator = f.coordinator(1)
    rec = _draft(coordinator)
    services.recommendation_translate(
        actor=coordinator, rec=rec, language="en", title="Health", text="States ensure access."
    )
    services.recommendation_adopt(actor=coordinator, rec=rec, meeting=f.meeting(days=-3))
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_publish(actor=coordinator, rec=rec)
    docs = Document.objects.filter(key__startswith=f"recommendation:{rec.pk}:")
    assert sorted(docs.values_list("language", flat=True)) == ["en", "es"]
    assert all(d.public for d in docs)
    assert {d.status for d in docs} == {Document.Status.READY}
    assert AuditLog.objects.filter(action="recommendation.publish").exists()
    page = _client().get(rec.get_absolute_url()).content.decode()
    assert "garantizan" in page and docs.get(language="es").get_absolute_url() in page


def _entry(rec, coordinator, **kw):
    data = {
        "track": "response",
        "addressee": rec.addressees.get(country__code="MX").pk,
        "status": "supported",
        "on": timezone.localdate().isoformat(),
        "summary": "Respuesta oficial",
        "source_kind": "link",
        "source_url": "https://gob.mx/respuesta",
    }
    data.update(kw)
    return _client(coordinator).post(reverse("mesas:follow_up_add", args=[rec.pk]), data)


@pytest.mark.parametrize(
    "bad",
    [
        {"on": ""},
        {"on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat()},
        {"status": "implemented"},  # not a response status
        {"source_url": ""},
    ],
)
def test_bad_follow_up_entries_are_refused_with_nothing_written(bad):
    coordinator = f.coordinator(1)
    rec = _published(coordinator)
    r = _entry(rec, coordinator, **bad)
    assert r.status_code == 400
    assert not FollowUp.objects.exists()


def test_a_response_for_a_country_not_addressed_is_refused():
    coordinator = f.coordinator(1)
    rec = _published(coordinator)
    other = _published(coordinator, countries=("BR",))
    r = _entry(rec, coordinator, addressee=other.addressees.get(country__code="BR").pk)
    assert r.status_code == 400
    with pytest.raises(ValidationError):
        services.follow_up_record(
            actor=coordinator,
            rec=rec,
            track="response",
            status="supported",
            on=timezone.localdate(),
            source_url="https://x.org",
            addressee=other.addressees.get(country__code="BR"),
        )
    assert not FollowUp.objects.exists()


def test_two_tracks_are_kept_apart_and_the_latest_entry_sets_the_status():
    coordinator = f.coordinator(1)
    rec = _published(coordinator)
    assert _entry(rec, coordinator).status_code == 302
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert _entry(rec, coordinator, status="rejected", on=yesterday).status_code == 302
    r = _entry(
        rec, coordinator, track="implementation", status="in_progress", addressee="", on=yesterday
    )
    assert r.status_code == 302
    mx = rec.addressees.get(country__code="MX")
    assert mx.response_status == ResponseStatus.SUPPORTED  # the later date wins
    rec.refresh_from_db()
    assert rec.implementation_status == "in_progress"
    page = _client().get(rec.get_absolute_url()).content.decode()
    assert "Respuesta oficial" in page and "En curso" in page
    assert AuditLog.objects.filter(action="recommendation.follow_up").count() == 3


def test_overdue_is_flagged_on_the_page_and_in_the_list():
    coordinator = f.coordinator(1)
    rec = _published(coordinator, due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert "Respuesta atrasada" in _client().get(rec.get_absolute_url()).content.decode()
    listing = _client().get(reverse("mesas:recommendation_list"))
    assert listing.context["window"].items[0].is_overdue


def test_reminders_30_days_before_and_on_the_due_date_exactly_once():
    coordinator = f.coordinator(1)
    today = timezone.localdate()
    _published(coordinator, due_on=today + datetime.timedelta(days=30), countries=("MX",))
    n = Addressee.objects.count()  # MX and the other actor
    assert services.recommendation_reminders_send(today=today) == n
    assert services.recommendation_reminders_send(today=today) == 0
    assert services.recommendation_reminders_send(today=today + datetime.timedelta(days=30)) == n
    assert services.recommendation_reminders_send(today=today + datetime.timedelta(days=31)) == 0
    keys = list(OutboxMessage.objects.values_list("key", flat=True))
    assert len(keys) == 2 * n and sum(":30d:" in k for k in keys) == n


def test_answered_addressees_get_no_reminder():
    coordinator = f.coordinator(1)
    today = timezone.localdate()
    rec = _published(coordinator, due_on=today, countries=("MX",))
    rec.addressees.update(response_status=ResponseStatus.NOTED)
    assert services.recommendation_reminders_send(today=today) == 0


@pytest.mark.parametrize("rows", [3, 300])
def test_public_list_costs_the_same_queries_at_3_and_300(rows, django_assert_num_queries):
    coordinator = f.coordinator(1)
    meeting = f.meeting(days=-3)
    recs = Recommendation.objects.bulk_create(
        Recommendation(
            body=f.body("mr1"),
            title=f"R{i}",
            text="t",
            status=RecommendationStatus.PUBLISHED,
            adopted_at_meeting=meeting,
            published_at=timezone.now(),
            created_by=coordinator,
        )
        for i in range(rows)
    )
    mx = Country.objects.get(code="MX")
    Addressee.objects.bulk_create(Addressee(recommendation=r, country=mx) for r in recs)
    c = _client()
    url = reverse("mesas:recommendation_list") + "?country=MX&implementation=not_started"
    # filter choices (bodies, objectives, countries), one page (+1 row), its objectives and
    # addressees
    with django_assert_num_queries(6):
        r = c.get(url)
    assert r.status_code == 200 and len(r.context["window"].items) == min(rows, 50)


def test_drafts_are_not_public():
    rec = _draft(f.coordinator(1))
    assert _client().get(rec.get_absolute_url()).status_code == 404
    assert rec.title not in _client().get(reverse("mesas:recommendation_list")).content.decode()


def test_the_api_returns_published_recommendations_with_both_tracks():
    coordinator = f.coordinator(1)
    rec = _published(coordinator)
    _entry(rec, coordinator)
    _draft(coordinator)
    data = _client().get("/api/v1/recommendations/").json()
    assert [r["id"] for r in data["recommendations"]] == [rec.pk]
    item = data["recommendations"][0]
    assert item["response_track"][0]["status"] == "supported"
    assert item["response_track"][0]["addressee"] == "MX"
    assert item["implementation_track"] == [] and item["objectives"] == [15]
    assert data["next"] is None and data["page"] == 1
