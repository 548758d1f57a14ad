"""The outbox with a real Celery worker process, real Redis and PostgreSQL (issue 4).

Each recipient gets each message exactly once: when everything works, when a task is delivered
twice, when the worker is killed (kill -9) in the middle of a send, when Redis is unreachable at
the moment the change is saved, and when the same reminder is scheduled twice concurrently.
"""

import json
import subprocess
import sys
import threading
import time

import pytest
from django.db import close_old_connections, connection, transaction

from mecanismo.outbox.models import OutboxMessage
from mecanismo.outbox.services import email_enqueue, outbox_sweep
from mecanismo.outbox.tasks import email_send
from tests.factories import UserFactory

from .conftest import ROOT, delivered, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TEMPLATE = "outbox/email/test"


def status_of(key: str) -> str | None:
    row = OutboxMessage.objects.filter(key=key).values_list("status", flat=True).first()
    return row


def test_a_saved_message_is_delivered_once(start_worker, broker_eager_off, mail_dir):
    worker = start_worker()
    user = UserFactory(language="fr")
    key = "integration:saved:user:1"
    with transaction.atomic():
        message = email_enqueue(key=key, user=user, template=TEMPLATE, context={})
        # Nothing reaches the broker before commit.
        time.sleep(0.3)
        assert delivered(mail_dir, key) == 0
    wait_for(lambda: status_of(key) == "sent", 30, message=worker.log_text())
    # The same task delivered twice more (broker redelivery, a duplicate publish): no new mail.
    email_send.delay(message.pk)
    email_send.delay(message.pk)
    time.sleep(2)
    assert delivered(mail_dir, key) == 1
    text = "".join(p.read_text() for p in mail_dir.iterdir())
    assert "Message de test du portail" in text  # rendered in the recipient's language
    message.refresh_from_db()
    assert message.attempts == 1


def test_worker_killed_mid_send_then_a_new_worker_delivers_once(
    start_worker, broker_eager_off, mail_dir, tmp_path
):
    marker = tmp_path / "sending"
    slow = start_worker(
        OUTBOX_TEST_SEND_DELAY=60, OUTBOX_TEST_SENDING_MARKER=marker, OUTBOX_LEASE_SECONDS=3
    )
    key = "integration:kill:user:1"
    with transaction.atomic():
        email_enqueue(key=key, to="kill@example.org", template=TEMPLATE, context={})
    wait_for(marker.exists, 30, message=f"the send never started:\n{slow.log_text()}")
    slow.kill()  # kill -9 in the middle of the SMTP conversation
    assert status_of(key) == "sending"
    assert delivered(mail_dir, key) == 0

    # A new worker with the periodic sweep (beat): the expired lease makes the row claimable.
    fresh = start_worker(beat=True, OUTBOX_SWEEP_INTERVAL=1, OUTBOX_SWEEP_AFTER_SECONDS=1)
    wait_for(lambda: status_of(key) == "sent", 60, message=fresh.log_text())
    time.sleep(3)  # more sweeps run: still one mail
    assert delivered(mail_dir, key) == 1
    assert OutboxMessage.objects.get(key=key).attempts == 2


def test_broker_unreachable_at_save_time_then_delivered_once_when_it_is_back(
    start_worker, private_redis, worker_env, mail_dir
):
    user = UserFactory(email="outage@example.org", language="es")
    private_redis.stop()  # Redis is down when the person asks for a password reset
    env = {
        **worker_env,
        "REDIS_URL": private_redis.url,
    }
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "tests.integration.portal_request", user.email],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    print(f"request answered {answer['status']} in {answer['elapsed']:.3f} s with Redis down")
    assert answer["status"] == 302  # the request answered normally…
    assert answer["elapsed"] < 1.5, answer  # …and at once (process start-up not counted)
    assert time.monotonic() - started < 30
    row = OutboxMessage.objects.get(to=user.email)
    assert row.status == "pending"  # …and the message waits in the database
    assert row.attempts == 0

    private_redis.start()
    worker = start_worker(
        beat=True,
        REDIS_URL=private_redis.url,
        OUTBOX_SWEEP_INTERVAL=1,
        OUTBOX_SWEEP_AFTER_SECONDS=1,
    )
    wait_for(lambda: status_of(row.key) == "sent", 60, message=worker.log_text())
    time.sleep(3)
    assert delivered(mail_dir, row.key) == 1


def test_the_same_reminder_scheduled_twice_concurrently_gives_one_row_and_one_mail(
    start_worker, broker_eager_off, mail_dir
):
    worker = start_worker()
    user = UserFactory()
    key = f"meeting:42:reminder-7d:user:{user.pk}"
    barrier = threading.Barrier(2)
    results: dict[str, object] = {}
    errors: list[BaseException] = []

    def schedule(name: str, hold: float):
        try:
            with transaction.atomic():
                # Both transactions are open before either inserts: a real race.
                barrier.wait(10)
                results[name] = email_enqueue(
                    key=key,
                    user=user,
                    template=TEMPLATE,
                    context={},
                    category="meeting_reminders",
                )
                time.sleep(hold)
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=schedule, args=("a", 0.5)),
        threading.Thread(target=schedule, args=("b", 0.0)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    close_old_connections()
    assert errors == []
    assert sorted(r is None for r in results.values()) == [False, True]
    assert OutboxMessage.objects.filter(key=key).count() == 1
    wait_for(lambda: status_of(key) == "sent", 30, message=worker.log_text())
    # Scheduling it again later (a sweep that runs twice) changes nothing.
    assert email_enqueue(key=key, user=user, template=TEMPLATE, context={}) is None
    outbox_sweep(older_than_seconds=0)
    time.sleep(2)
    assert delivered(mail_dir, key) == 1
