"""The attacks of issue 11 (findings 3, 6 and 8), replayed: each must now be refused cleanly."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from mesas import services
from mesas.models import AgendaProposal, Meeting, MinutesVersion
from tests.factories import UserFactory
from tests.membership.factories import member_with_contact
from tests.mesas import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _meeting_post(**overrides):
    data = {
        "title": "Reunión",
        "starts_at": "2027-03-01T10:00",
        "ends_at": "2027-03-01T12:00",
        "time_zone": "America/Bogota",
        "modality": "virtual",
        "video_link": "https://meet.example.org/x",
        "is_public": "on",
    }
    return data | overrides


@pytest.mark.parametrize(
    "starts,ends",
    [
        ("9999-12-31T23:00", "9999-12-31T23:30"),  # past year 9999 once in UTC
        ("9999-12-31T10:00", "9999-12-31T11:00"),
        ("0001-01-01T10:00", "0001-01-01T11:00"),
        ("2150-01-01T10:00", "2150-01-01T11:00"),
    ],
)
def test_a_far_meeting_date_is_a_form_error_and_nothing_is_stored(starts, ends):
    coordinator = f.coordinator(1)
    url = reverse("mesas:meeting_create", kwargs={"slug": "mr1"})
    response = client_for(coordinator).post(url, _meeting_post(starts_at=starts, ends_at=ends))
    assert response.status_code == 400
    assert "2100-12-31" in response.content.decode()
    assert not Meeting.objects.exists()
    for lang in ("es", "en", "pt", "fr"):
        assert client_for().get(f"/{lang}/calendar/").status_code == 200


def test_the_service_refuses_far_dates_too():
    coordinator = f.coordinator(1)
    zone = datetime.timezone(datetime.timedelta(hours=-5))
    start = datetime.datetime(9999, 12, 31, 23, 0, tzinfo=zone)
    with pytest.raises(Exception) as refused:
        services.meeting_schedule(
            actor=coordinator,
            body=f.body("mr1"),
            title="x",
            starts_at=start,
            ends_at=start.replace(minute=30),
            time_zone="America/Bogota",
            modality="virtual",
            video_link="https://meet.example.org/x",
        )
    assert "starts_at" in getattr(refused.value, "message_dict", {})


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2101-01", "1999-12", "2026-13", "x"])
def test_calendar_months_out_of_range_are_a_clear_400(month):
    response = client_for().get(reverse("mesas:calendar"), {"month": month})
    assert response.status_code == 400
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in (
        response.content.decode()
    )


def test_calendar_month_in_range_still_works():
    assert client_for().get(reverse("mesas:calendar"), {"month": "2026-05"}).status_code == 200


def test_claim_search_lists_unlisted_organisations_only_by_their_exact_name():
    listed, _ = member_with_contact(name="Organización Pública del Sur", listed_in_directory=True)
    hidden, _ = member_with_contact(name="Organización Oculta del Norte", listed_in_directory=False)
    user = UserFactory()
    client = client_for(user)
    from membership.models import RegistrationDraft

    RegistrationDraft.objects.create(user=user, step="claim", data={"kind": "claim"})
    from mecanismo.core.models import PrivacyConsent, PrivacyNotice

    PrivacyConsent.objects.create(user=user, notice=PrivacyNotice.current())
    url = reverse("membership:register_step", kwargs={"step": "claim"})
    page = client.get(url, {"q": "o"}).content.decode()
    assert listed.name in page and hidden.name not in page
    assert hidden.name not in client.get(url, {"q": "Oculta"}).content.decode()
    assert hidden.name in client.get(url, {"q": "organizacion oculta del norte"}).content.decode()


@pytest.mark.parametrize(
    "url",
    ["/es/audit/?action=%00", "/es/calendar/?month=%00", "/es/directory/?q=a%00b", "/es/%00/"],
)
def test_nul_bytes_in_a_query_are_a_400_for_everyone(url):
    admin = UserFactory(is_superuser=True, is_staff=True)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    for client in (client_for(), client_for(admin)):
        assert client.get(url).status_code == 400


def test_nul_bytes_in_a_form_field_are_a_400_and_nothing_is_written():
    coordinator = f.coordinator(1)
    url = reverse("mesas:meeting_create", kwargs={"slug": "mr1"})
    response = client_for(coordinator).post(url, _meeting_post(title="Reu\x00nión"))
    assert response.status_code == 400
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("text", ["Cuenta \u202eanulada", "a\u2066b", "x\u200fy", "bell\x07"])
def test_bidi_override_and_control_characters_are_refused_in_names_and_titles(text):
    user = UserFactory()
    response = client_for(user).post(
        reverse("core:settings"),
        {"full_name": text, "language": "es", "time_zone": "America/Bogota"},
    )
    assert response.status_code in (200, 400)
    user.refresh_from_db()
    assert user.full_name != text
    coordinator = f.coordinator(1)
    url = reverse("mesas:meeting_create", kwargs={"slug": "mr1"})
    assert client_for(coordinator).post(url, _meeting_post(title=text)).status_code == 400
    assert not Meeting.objects.exists()


def test_personal_pages_and_downloads_are_not_stored_by_caches():
    member, user = f.member_in_mesa(1)
    client = client_for(user)
    for url in ("membership:my_data", "membership:my_answers", "membership:my_mesas"):
        assert "no-store" in client.get(reverse(url))["Cache-Control"], url
    export = client.post(reverse("membership:my_data_export"))
    assert "no-store" in export["Cache-Control"]
    coordinator = f.coordinator(1)
    members = client_for(coordinator).get(reverse("membership:mesa_members", args=["mr1"]))
    assert "no-store" in members["Cache-Control"]


def _at_once(n, func):
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait()
            func()
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_five_identical_proposals_sent_at_once_make_one(reference_data):
    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=10)
    f.invite(meeting, user, member)
    url = reverse("mesas:proposals", kwargs={"pk": meeting.pk})

    def send():
        client_for(user).post(url, {"title": "Migración laboral", "description": "Tema"})

    assert _at_once(5, send) == []
    assert AgendaProposal.objects.filter(meeting=meeting).count() == 1
    send()  # and later, the same again: still one
    assert AgendaProposal.objects.filter(meeting=meeting).count() == 1


@pytest.mark.django_db(transaction=True)
def test_five_identical_corrections_make_one_version(reference_data):
    coordinator = f.coordinator(1)
    meeting = f.meeting("mr1", days=-2)
    services.minutes_save(actor=coordinator, meeting=meeting, text="Acta")
    services.minutes_circulate(actor=coordinator, meeting=meeting)
    services.minutes_approve(actor=coordinator, meeting=meeting)
    url = reverse("mesas:minutes_correct", kwargs={"pk": meeting.pk})
    data = {"confirm": "1", "text": "Acta corregida", "note": "Nombre corregido"}
    assert _at_once(5, lambda: client_for(coordinator).post(url, data)) == []
    assert MinutesVersion.objects.filter(minutes__meeting=meeting).count() == 2
