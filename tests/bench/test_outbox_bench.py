"""Benchmark (make bench): 10,000 outbox messages drained by one worker process, compared with
the rate of a bare Celery no-op task measured in the same run. Printed, never asserted on time.

Both phases publish their tasks from this process and time until the last one is done, with one
worker (concurrency 1) on the same Redis and PostgreSQL. E-mail goes to Django's dummy backend, so
the outbox rate measures the outbox itself: claim row, render subject/text/HTML in the recipient's
language, hand to the backend, mark sent.
"""

import os
import time

import pytest
import redis
from django.conf import settings
from django.db import transaction

from mecanismo.outbox.models import OutboxMessage
from mecanismo.outbox.services import email_enqueue
from tests.integration.conftest import (  # noqa: F401 - fixtures used by name below
    broker_eager_off,
    mail_dir,
    start_worker,
    wait_for,
    worker_env,
)
from tests.outbox.bench_tasks import noop

N = int(os.environ.get("OUTBOX_BENCH_N", "10000"))

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True)]


def queue_empty(client: redis.Redis) -> bool:
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def test_outbox_drain_rate_against_a_bare_celery_task(start_worker, broker_eager_off):  # noqa: F811
    client = redis.Redis.from_url(settings.REDIS_URL)
    worker = start_worker(
        args=("-I", "tests.outbox.bench_tasks"),
        loglevel="WARNING",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        DB_CONN_MAX_AGE=60,
    )

    # Baseline: N bare no-op tasks.
    started = time.perf_counter()
    for i in range(N):
        noop.delay(i)
    wait_for(lambda: queue_empty(client), 600, 0.05, worker.log_text())
    noop_seconds = time.perf_counter() - started
    noop_rate = N / noop_seconds

    # The outbox: N messages queued in one transaction, handed to Celery on commit.
    started = time.perf_counter()
    with transaction.atomic():
        for i in range(N):
            email_enqueue(
                key=f"bench:{i}",
                to=f"person{i}@example.org",
                template="outbox/email/test",
                context={"i": i},
                language=("es", "en", "pt", "fr")[i % 4],
            )
    queued_seconds = time.perf_counter() - started
    wait_for(
        lambda: OutboxMessage.objects.filter(status="sent").count() == N,
        900,
        0.2,
        worker.log_text(),
    )
    outbox_seconds = time.perf_counter() - started
    outbox_rate = N / outbox_seconds
    assert not OutboxMessage.objects.exclude(status="sent").exists()

    print()
    print(f"outbox bench: {N} messages, one worker (concurrency 1)")
    print(f"  bare Celery no-op task : {noop_rate:8.1f} tasks/s    ({noop_seconds:.1f} s)")
    print(
        f"  outbox e-mail          : {outbox_rate:8.1f} messages/s ({outbox_seconds:.1f} s,"
        f" of which {queued_seconds:.1f} s writing the rows and publishing)"
    )
    drain_rate = N / (outbox_seconds - queued_seconds)
    print(f"  outbox, after commit   : {drain_rate:8.1f} messages/s (worker drain only)")
    print(f"  ratio outbox / no-op   : {outbox_rate / noop_rate:8.3f}")
