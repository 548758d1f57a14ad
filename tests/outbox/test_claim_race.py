"""Workers racing for the same row: exactly one claims and sends it (§6 exactly once)."""

import threading

import pytest
from django.core import mail
from django.db import connection

from mecanismo.outbox.models import OutboxMessage
from mecanismo.outbox.services import email_deliver


@pytest.mark.django_db(transaction=True)
def test_eight_tasks_racing_for_one_message_send_it_once():
    # A committed pending row, as email_enqueue leaves it (written directly: no hand-off here).
    message = OutboxMessage.objects.create(
        key="race:1", to="race@example.org", template="outbox/email/test", category="account"
    )
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def run():
        try:
            barrier.wait(10)
            outcomes.append(email_deliver(message_id=message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["sent"] + ["skipped"] * 7
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.attempts == 1
