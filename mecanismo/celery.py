"""Celery application. Configuration lives in settings (CELERY_* names); the guarantees the outbox
and the PDF renderer rely on are pinned here so no environment can switch them off.

`make worker` / `make beat` (or the docker-compose services) run it against REDIS_URL. Without
REDIS_URL, settings make every task run eagerly in the web process (development).
"""

import os

from celery import Celery

from mecanismo.schedule import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mecanismo.settings")

app = Celery("mecanismo")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # JSON only: tasks carry ids, never pickled objects.
    accept_content=["json"],
    task_serializer="json",
    result_serializer="json",
    # A task is acknowledged after it ran; if the worker process dies, it is redelivered.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    worker_cancel_long_running_tasks_on_connection_loss=True,
    # Nothing runs forever (the outbox lease is longer than the hard limit).
    task_soft_time_limit=120,
    task_time_limit=180,
    # Publishing must fail fast when Redis is down: the outbox row waits for the sweep.
    broker_connection_timeout=2,
    task_publish_retry=False,
    result_backend=None,
    task_ignore_result=True,
)


@app.on_after_configure.connect
def _publish_fails_fast(sender, **kwargs):
    """Producers (the web process handing an outbox row to Celery) try to connect once, not for
    seconds: when Redis is down the request must answer at once; the row waits for the sweep.
    The worker's own consumer connection keeps its retry loop (broker_connection_max_retries)."""
    options = dict(sender.conf.broker_transport_options or {})
    options.setdefault("socket_connect_timeout", 1)
    options.setdefault("max_retries", 0)
    options.setdefault("interval_start", 0)
    options.setdefault("connect_retries_timeout", 1)
    sender.conf.broker_transport_options = options


app.conf.beat_schedule = BEAT_SCHEDULE
app.autodiscover_tasks()
