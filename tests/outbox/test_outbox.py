import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from mecanismo.core.models import User
from mecanismo.outbox import categories
from mecanismo.outbox.models import NotificationOptOut, OutboxMessage
from mecanismo.outbox.services import (
    email_deliver,
    email_enqueue,
    notification_preferences_set,
    outbox_retry,
    outbox_sweep,
)
from tests.factories import UserFactory

TEMPLATE = "outbox/email/test"


def enqueue(capture, **kwargs):
    kwargs.setdefault("key", "test:1")
    kwargs.setdefault("template", TEMPLATE)
    kwargs.setdefault("context", {})
    with capture(execute=True) as callbacks:
        message = email_enqueue(**kwargs)
    return message, callbacks


@pytest.mark.django_db
def test_a_queued_message_is_sent_once_after_commit(django_capture_on_commit_callbacks):
    user = UserFactory(language="es")
    message, callbacks = enqueue(django_capture_on_commit_callbacks, user=user)
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None


@pytest.mark.django_db
def test_nothing_is_sent_before_commit_nor_after_rollback(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email_enqueue(key="k:pending", user=user, template=TEMPLATE, context={})
    assert len(callbacks) == 1
    assert mail.outbox == []

    with pytest.raises(RuntimeError), transaction.atomic():
        email_enqueue(key="k:rolled-back", user=user, template=TEMPLATE, context={})
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.filter(key="k:rolled-back").exists()


@pytest.mark.django_db
def test_the_same_key_twice_gives_one_row_and_one_mail(django_capture_on_commit_callbacks):
    user = UserFactory()
    first, _ = enqueue(django_capture_on_commit_callbacks, user=user, key="meeting:1:7d:user:1")
    second, callbacks = enqueue(
        django_capture_on_commit_callbacks, user=user, key="meeting:1:7d:user:1"
    )
    assert first is not None and second is None
    assert len(callbacks) == 0
    assert OutboxMessage.objects.filter(key="meeting:1:7d:user:1").count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_duplicate_key_does_not_break_the_callers_transaction(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email_enqueue(key="dup", user=user, template=TEMPLATE, context={})
        assert email_enqueue(key="dup", user=user, template=TEMPLATE, context={}) is None
        user.full_name = "Still writable"
        user.save()
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_task_delivered_twice_sends_once(django_capture_on_commit_callbacks):
    user = UserFactory()
    message, _ = enqueue(django_capture_on_commit_callbacks, user=user)
    assert email_deliver(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_message_being_sent_by_another_worker_is_not_sent_again(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        message = email_enqueue(key="k:busy", user=user, template=TEMPLATE, context={})
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=OutboxMessage.Status.SENDING,
        attempts=1,
        lease_until=timezone.now() + timedelta(minutes=5),
    )
    assert email_deliver(message_id=message.pk) == "skipped"
    assert mail.outbox == []
    # The lease expires (the worker died): the message is claimed and sent once.
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert email_deliver(message_id=message.pk) == "sent"
    assert email_deliver(message_id=message.pk) == "skipped"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_email_is_rendered_in_the_recipients_language_with_text_html_and_footer(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(language="pt", full_name="Ana Souza")
    enqueue(django_capture_on_commit_callbacks, user=user)
    sent = mail.outbox[0]
    assert sent.subject == "Mensagem de teste do portal"
    assert "Olá Ana Souza" in sent.body
    assert "http://testserver" not in sent.body
    assert re.search(r"https?://\S+/pt/settings/notifications/", sent.body)
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="pt">' in html
    assert "/pt/settings/notifications/" in html
    assert sent.extra_headers["Message-ID"].startswith("<outbox-")


@pytest.mark.django_db
def test_spanish_is_the_default_language(django_capture_on_commit_callbacks):
    enqueue(django_capture_on_commit_callbacks, to="someone@example.org")
    sent = mail.outbox[0]
    assert sent.subject == "Mensaje de prueba del portal"
    assert "/es/settings/notifications/" in sent.body


@pytest.mark.django_db
def test_a_switched_off_category_is_not_queued_but_account_mail_always_is(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    notification_preferences_set(user=user, enabled=[categories.MINUTES])
    reminder, _ = enqueue(
        django_capture_on_commit_callbacks,
        user=user,
        key="r:1",
        category=categories.MEETING_REMINDERS,
    )
    minutes, _ = enqueue(
        django_capture_on_commit_callbacks, user=user, key="m:1", category=categories.MINUTES
    )
    account, _ = enqueue(
        django_capture_on_commit_callbacks, user=user, key="a:1", category=categories.ACCOUNT
    )
    assert reminder is None
    assert minutes is not None and account is not None
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_unknown_category_and_missing_recipient_are_refused():
    with pytest.raises(ValueError):
        email_enqueue(key="x", to="a@example.org", template=TEMPLATE, context={}, category="spam")
    with pytest.raises(ValueError):
        email_enqueue(key="x", template=TEMPLATE, context={})


@pytest.mark.django_db
def test_a_failing_send_is_retried_with_backoff_then_marked_failed(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.outbox.backends.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3
    message, _ = enqueue(django_capture_on_commit_callbacks, to="x@example.org")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert "SMTP server unreachable" in message.last_error
    assert message.next_attempt_at > timezone.now() + timedelta(seconds=30)
    # Not due yet: a early duplicate task does nothing.
    assert email_deliver(message_id=message.pk) == "skipped"

    first_delay = message.next_attempt_at
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert email_deliver(message_id=message.pk) == "retry"
    message.refresh_from_db()
    assert message.next_attempt_at - timezone.now() > first_delay - timezone.now()  # back-off

    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert email_deliver(message_id=message.pk) == "failed"
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert message.attempts == 3
    assert "SMTP server unreachable" in message.last_error


@pytest.mark.django_db
def test_a_missing_template_fails_at_once(django_capture_on_commit_callbacks):
    message, _ = enqueue(
        django_capture_on_commit_callbacks, to="x@example.org", template="nowhere/mail"
    )
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    assert "TemplateDoesNotExist" in message.last_error


@pytest.mark.django_db
def test_admin_retry_sends_a_failed_message_once(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.outbox.backends.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    message, _ = enqueue(django_capture_on_commit_callbacks, to="x@example.org")
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry(message_ids=[message.pk]) == 1
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
    # A sent message is never re-sent by a retry.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry(message_ids=[message.pk]) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_admin_lists_messages_and_retry_action(
    admin_client, settings, django_capture_on_commit_callbacks
):
    from allauth.mfa.models import Authenticator

    admin = User.objects.get(is_superuser=True)
    # Admins must have TOTP enrolled before reaching the admin (core middleware).
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    settings.EMAIL_BACKEND = "tests.outbox.backends.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    message, _ = enqueue(django_capture_on_commit_callbacks, to="x@example.org")
    response = admin_client.get("/admin/outbox/outboxmessage/?status__exact=failed")
    assert response.status_code == 200
    assert b"test:1" in response.content
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/outbox/outboxmessage/",
            {"action": "retry", "_selected_action": [message.pk]},
        )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


@pytest.mark.django_db
def test_sweep_hands_over_old_pending_rows_and_expired_leases(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        stuck = email_enqueue(key="k:stuck", to="a@example.org", template=TEMPLATE, context={})
        fresh = email_enqueue(key="k:fresh", to="b@example.org", template=TEMPLATE, context={})
        crashed = email_enqueue(key="k:crash", to="c@example.org", template=TEMPLATE, context={})
    long_ago = timezone.now() - timedelta(minutes=10)
    OutboxMessage.objects.filter(pk=stuck.pk).update(next_attempt_at=long_ago)
    OutboxMessage.objects.filter(pk=crashed.pk).update(
        status=OutboxMessage.Status.SENDING, attempts=1, lease_until=long_ago
    )
    assert outbox_sweep(older_than_seconds=120) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]
    assert OutboxMessage.objects.get(pk=fresh.pk).status == OutboxMessage.Status.PENDING
    assert outbox_sweep(older_than_seconds=0) == 1
    assert outbox_sweep(older_than_seconds=0) == 0
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_outbox_status_command_prints_counts_by_status(
    capsys, settings, django_capture_on_commit_callbacks
):
    enqueue(django_capture_on_commit_callbacks, to="a@example.org", key="s:1")
    settings.EMAIL_BACKEND = "tests.outbox.backends.FailingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 1
    enqueue(django_capture_on_commit_callbacks, to="b@example.org", key="s:2")
    call_command("outbox_status", "--failed")
    out = capsys.readouterr().out
    assert re.search(r"^sent\s+1$", out, re.M)
    assert re.search(r"^failed\s+1$", out, re.M)
    assert re.search(r"^pending\s+0$", out, re.M)
    assert "s:2" in out and "SMTP server unreachable" in out


@pytest.mark.django_db
def test_preferences_page_needs_login(client):
    response = client.get("/es/settings/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_member_switches_off_a_reminder_category(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get("/pt/settings/notifications/")
    assert response.status_code == 200
    assert "Lembretes de reuniões".encode() in response.content
    enabled = [c for c in categories.SWITCHABLE if c != categories.MEETING_REMINDERS]
    response = client.post("/es/settings/notifications/", {"enabled": enabled})
    assert response.status_code == 302
    assert set(NotificationOptOut.objects.filter(user=user).values_list("category", flat=True)) == {
        categories.MEETING_REMINDERS
    }


@pytest.mark.django_db
def test_account_categories_cannot_be_switched_off(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/es/settings/notifications/", {"enabled": [categories.ACCOUNT]})
    assert response.status_code == 200  # the form refuses the unknown choice
    assert not NotificationOptOut.objects.filter(user=user).exists()
    assert response.context["form"].errors


@pytest.mark.django_db
def test_an_attachment_is_sent_with_the_message(django_capture_on_commit_callbacks):
    """An invitation carries its .ics: the file is stored with the row and attached as given."""
    ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"
    user = UserFactory()
    message, _callbacks = enqueue(
        django_capture_on_commit_callbacks,
        user=user,
        attachments=[{"filename": "invitation.ics", "mimetype": "text/calendar", "content": ics}],
    )
    assert message.attachments[0]["filename"] == "invitation.ics"
    sent = mail.outbox[0]
    assert sent.attachments == [("invitation.ics", ics, "text/calendar")]
    assert "Content-Type: text/calendar" in sent.message().as_string()


@pytest.mark.django_db
def test_a_malformed_attachment_is_refused_before_anything_is_written():
    user = UserFactory()
    for bad in (
        {"filename": "../x.ics", "mimetype": "text/calendar", "content": ""},
        {"filename": "x.ics", "mimetype": "calendar", "content": ""},
        {"filename": "x.ics", "mimetype": "text/calendar", "content": b"bytes"},
    ):
        with pytest.raises(ValueError):
            email_enqueue(key="k:bad", user=user, template=TEMPLATE, context={}, attachments=[bad])
    assert not OutboxMessage.objects.filter(key="k:bad").exists()
