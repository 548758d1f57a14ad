"""django-allauth's mail goes through the outbox, in the recipient's language (issue 4).

Rate limits are off here: they live in the (persistent) Redis cache and would make repeated runs
within a minute flaky; they are allauth's and tested by the Foundation's tests."""

import time
import uuid

import pytest
from django.core import mail

from mecanismo.outbox import categories
from mecanismo.outbox.models import OutboxMessage
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.mark.django_db
def test_password_reset_mail_is_an_outbox_row_in_the_users_language(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(language="fr", email=f"reset-{uuid.uuid4().hex[:8]}@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/es/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    row = OutboxMessage.objects.get()
    assert row.key.startswith("allauth:password_reset_key:")
    assert row.category == categories.ACCOUNT
    assert row.language == "fr"
    assert row.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [user.email]
    assert "mot de passe" in sent.subject.lower()
    assert "/fr/settings/notifications/" in sent.body
    assert "/accounts/password/reset/key/" in sent.body
    # Once sent, the reset link is not kept in the database.
    row.refresh_from_db()
    assert row.context == {}
    assert "reset/key" not in str(row.context)


@pytest.mark.django_db
def test_asking_again_is_a_new_message(client, django_capture_on_commit_callbacks):
    user = UserFactory(email=f"again-{uuid.uuid4().hex[:8]}@example.org")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/es/accounts/password/reset/", {"email": user.email})
        # Django's reset token has a one-second resolution: the same second gives the very same
        # mail (same link), which is deduplicated; a later request carries a new link.
        time.sleep(1.1)
    assert OutboxMessage.objects.count() == 2
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_signup_verification_mail_goes_through_the_outbox(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/pt/accounts/signup/",
            {
                "email": f"new-{uuid.uuid4().hex[:8]}@example.org",
                "password1": "Correct-horse-2026-x",
                "password2": "Correct-horse-2026-x",
            },
        )
    assert response.status_code in (200, 302)
    row = OutboxMessage.objects.filter(key__startswith="allauth:email_confirmation").first()
    assert row is not None, response.content[:2000]
    assert row.language == "pt"
    assert row.category == categories.ACCOUNT
    assert len(mail.outbox) == 1
