"""Notifications and digests (§12): frequencies per category on the existing settings page,
one digest per person and period with text and HTML, signed unsubscribe links without login,
List-Unsubscribe, the portal list with read/unread."""

import datetime

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from communication import keys, services
from communication.models import Category, Frequency, Notification, NotificationPreference
from mecanismo.outbox.models import NotificationOptOut, OutboxMessage
from mecanismo.outbox.services import email_deliver, email_render

from .factories import body, coordinator, member, thread

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 7)  # a Monday


def _announce(boss, title="Aviso", when=None):
    a = services.announcement_publish(actor=boss, body=body("mr1"), title=title, text="Texto")
    services.announcement_fanout(announcement_id=a.pk)
    if when is not None:
        Notification.objects.filter(announcement=a).update(created_at=when)
    return a


def test_the_settings_page_keeps_the_switches_and_adds_frequencies(client):
    ana = member(1)
    client.force_login(ana)
    page = client.get(reverse("outbox:preferences")).content.decode()
    assert "frequency-announcements" in page and 'name="enabled"' in page
    response = client.post(
        reverse("outbox:preferences"),
        {
            "enabled": ["minutes"],
            "frequency-announcements": "weekly",
            "frequency-discussions": "off",
            "frequency-new_threads": "daily",
        },
    )
    assert response.status_code == 302
    assert services.frequencies_for(ana) == {
        "announcements": "weekly",
        "discussions": "off",
        "new_threads": "daily",
    }
    assert NotificationOptOut.objects.filter(user=ana, category="meeting_reminders").exists()


def test_an_unknown_frequency_is_refused_and_nothing_is_written(client):
    ana = member(1)
    client.force_login(ana)
    response = client.post(
        reverse("outbox:preferences"),
        {"enabled": [], "frequency-announcements": "hourly", "frequency-discussions": "off",
         "frequency-new_threads": "off"},
    )  # fmt: skip
    assert response.status_code == 200 and "hourly" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert not NotificationOptOut.objects.exists()


def test_a_member_who_chose_a_digest_gets_no_immediate_mail():
    boss, ana = coordinator(1), member(1)
    services.frequencies_set(user=ana, frequencies={"announcements": "weekly"})
    a = _announce(boss)
    assert Notification.objects.filter(user=ana, announcement=a).exists()
    assert not OutboxMessage.objects.filter(key=keys.announcement(a.pk, ana.pk)).exists()


def test_a_weekly_digest_reaches_the_member_exactly_once_with_text_html_and_unsubscribe():
    boss, ana, bea = coordinator(1), member(1), member(1)
    ana.language = "pt"
    ana.save()
    services.frequencies_set(user=ana, frequencies={"announcements": "weekly"})
    last_week = datetime.datetime(2026, 12, 2, 10, tzinfo=datetime.UTC)
    _announce(boss, "Aviso da semana", when=last_week)
    _announce(boss, "Aviso de hoje", when=datetime.datetime(2026, 12, 7, 1, tzinfo=datetime.UTC))
    assert services.digests_send(frequency="weekly", today=TODAY) == 1
    assert services.digests_send(frequency="weekly", today=TODAY) == 0  # a duplicated run
    assert services.digests_send(frequency="weekly", today=TODAY + datetime.timedelta(1)) == 0
    row = OutboxMessage.objects.get(category="digest")
    assert row.key == keys.digest("weekly", datetime.date(2026, 11, 30), ana.pk)
    assert row.user == ana and row.language == "pt"
    assert not OutboxMessage.objects.filter(category="digest", user=bea).exists()
    email = email_render(row)
    assert "Aviso da semana" in email.body and "Aviso de hoje" not in email.body
    html = email.alternatives[0][0]
    assert "Aviso da semana" in html and "semanal" in email.subject.lower()
    assert email.extra_headers["List-Unsubscribe"].startswith("<https://portal.example.org/pt/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    email_deliver(message_id=row.pk)
    assert len(mail.outbox) == 1


def test_a_daily_digest_covers_yesterday():
    boss, ana = coordinator(1), member(1)
    services.frequencies_set(user=ana, frequencies={"announcements": "daily"})
    _announce(boss, "Ayer", when=datetime.datetime(2026, 12, 6, 23, 59, tzinfo=datetime.UTC))
    assert services.digests_send(frequency="daily", today=TODAY) == 1
    row = OutboxMessage.objects.get(category="digest")
    assert row.key == keys.digest("daily", datetime.date(2026, 12, 6), ana.pk)


def test_the_unsubscribe_link_works_without_login_and_refuses_tampering(client):
    ana = member(1)
    token = services.unsubscribe_token(ana, Category.ANNOUNCEMENTS)
    url = reverse("communication:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert not NotificationPreference.objects.exists()  # a GET changes nothing (link scanners)
    assert client.post(url).status_code == 200
    assert services.frequencies_for(ana)["announcements"] == Frequency.OFF
    bad = reverse("communication:unsubscribe", args=[token[:-2] + "xx"])
    response = client.post(bad)
    assert response.status_code == 400 and "no es válido" in response.content.decode()
    forged = signing.dumps({"u": ana.pk, "c": "discussions"}, salt="other")
    assert client.post(reverse("communication:unsubscribe", args=[forged])).status_code == 400
    assert services.frequencies_for(ana)["discussions"] == Frequency.IMMEDIATELY


def test_an_expired_unsubscribe_link_is_refused(client, monkeypatch):
    ana = member(1)
    token = services.unsubscribe_token(ana, Category.DISCUSSIONS)
    later = timezone.now() + datetime.timedelta(days=91)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    response = client.post(reverse("communication:unsubscribe", args=[token]))
    assert response.status_code == 400 and "caducado" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_immediate_mail_carries_its_unsubscribe_link_and_header():
    boss, ana = coordinator(1), member(1)
    a = _announce(boss)
    row = OutboxMessage.objects.get(key=keys.announcement(a.pk, ana.pk))
    email = email_render(row)
    assert "/unsubscribe/" in email.body
    assert "List-Unsubscribe" in email.extra_headers


def test_the_notification_list_marks_read_and_unread(client):
    boss, ana = coordinator(1), member(1)
    a = _announce(boss, "Primero")
    _announce(boss, "Segundo")
    client.force_login(ana)
    page = client.get(reverse("communication:notifications")).content.decode()
    assert page.count("no leída") == 2
    note = Notification.objects.get(user=ana, announcement=a)
    response = client.get(reverse("communication:notification_open", args=[note.pk]))
    assert response.url == a.get_absolute_url()
    note.refresh_from_db()
    assert note.read_at is not None
    other = member(1)
    client.force_login(other)
    assert client.get(reverse("communication:notification_open", args=[note.pk])).status_code == 404
    client.force_login(ana)
    client.post(reverse("communication:notifications_read"))
    assert not Notification.objects.filter(user=ana, read_at__isnull=True).exists()


def test_the_sweep_does_a_fan_out_whose_task_was_lost():
    boss, ana = coordinator(1), member(1)
    a = services.announcement_publish(actor=boss, body=body("mr1"), title="x", text="y")
    assert a.fanned_out_at is None  # the on-commit task never ran (captured, not executed)
    assert services.fanout_sweep(older_than_seconds=0) >= 1
    assert Notification.objects.filter(user=ana, announcement=a).exists()


def test_periodic_tasks_are_declared_in_the_schedule():
    from mecanismo.schedule import BEAT_SCHEDULE

    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {"communication.daily_digests", "communication.weekly_digests"} <= tasks
    assert "communication.fanout_sweep" in tasks


def test_a_thread_participant_is_told_of_replies_but_not_one_who_switched_off():
    ana, bea, cai = member(1), member(1), member(1)
    t = thread(ana)
    services.post_reply(actor=cai, thread=t, text="yo también")
    services.frequencies_set(user=cai, frequencies={"discussions": "off"})
    reply = services.post_reply(actor=bea, thread=t, text="hola")
    services.post_fanout(post_id=reply.pk)
    assert OutboxMessage.objects.filter(user=ana, category="discussions").exists()
    assert not OutboxMessage.objects.filter(user=cai, category="discussions").exists()
    assert Notification.objects.filter(user=cai, post=reply).exists()  # still on the portal
