"""One job pipeline for the work a Celery task does after commit: e-mail (outbox) and PDFs
(documents). §10 "nothing is lost", §6 "each reminder reaches each person exactly once".

The row, not the Celery message, is the source of truth:

* `enqueue_once` inserts a row whose `key` is unique in the database, inside the caller's
  transaction; a second call with the same key returns the existing row. After commit the row's
  id is handed to Celery (`dispatch`); if the broker is down the row waits for the sweep.
* `claim` moves a due row pending → running (the subclass's RUNNING status) with an attempt
  counter and a lease, in one conditional UPDATE: of two tasks racing for a row exactly one
  matches (PostgreSQL re-checks the WHERE clause after waiting for the other's update). The
  attempt number is the fence of every later update (`fence`).
* `release` ends an attempt that failed: back to pending (retried later) or failed for good.
* `sweep` (periodic) hands to Celery the rows still pending after a delay and the rows whose
  lease expired (worker killed mid-job).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import partial
from typing import ClassVar

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PENDING = "pending"
FAILED = "failed"


def conf(name: str, default: int) -> int:
    """Tunables: a Django setting wins, then an environment variable, then the default."""
    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name, default)
    return int(value)


def status_field(status: type[models.TextChoices]) -> models.CharField:
    """The status column of a job model (its `Status` has PENDING and FAILED plus its own
    running and done states)."""
    return models.CharField(
        _("status"), max_length=10, choices=status.choices, default=status.PENDING
    )


def open_index(*, name: str, due_field: str, open_statuses: Iterable[str]) -> models.Index:
    """The partial index the sweep and the claims read: only rows still to do are indexed, so it
    stays small however many rows are done."""
    return models.Index(
        fields=["status", due_field], name=name, condition=Q(status__in=list(open_statuses))
    )


class Job(models.Model):
    """A unit of background work, deduplicated by `key`. Subclasses declare `status =
    status_field(Status)`, the open-rows index (`open_index`), RUNNING and DONE (their
    statuses), and `due_field` (the column saying from when a pending row may be claimed)."""

    RUNNING: ClassVar[str]
    DONE: ClassVar[str]
    due_field: ClassVar[str] = "created_at"

    key = models.CharField(_("deduplication key"), max_length=255, unique=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True


def dispatch(task, job_id: int, *, countdown: int | None = None) -> bool:
    """Hand a row to Celery. Never raises: if the broker is down, the sweep hands it over later."""
    try:
        task.apply_async((job_id,), countdown=countdown, retry=False)
    except Exception:  # noqa: BLE001 - broker errors of any kind leave the row for the sweep
        logger.warning("jobs: could not hand %s %s to Celery", task.name, job_id, exc_info=True)
        return False
    return True


def enqueue_once(
    model: type[Job], *, key: str, dispatch: Callable[[int], object], **fields
) -> tuple[Job, bool]:
    """Insert the row with this unique key, or return the existing one: (row, created). Call it
    inside the transaction of the change that causes the job; Celery receives the id only after
    commit. A duplicate key does not break the caller's transaction (savepoint)."""
    if not key or len(key) > 255:
        raise ValueError("A job key is required (at most 255 characters).")
    job = model(key=key, **fields)
    try:
        with transaction.atomic():
            job.save(force_insert=True)
    except IntegrityError:
        existing = model.objects.filter(key=key).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(partial(dispatch, job.pk), robust=True)
    return job, True


def _open(model: type[Job], *, due_before, now) -> Q:
    return Q(status=PENDING, **{f"{model.due_field}__lte": due_before}) | Q(
        status=model.RUNNING, lease_until__lt=now
    )


def claim(
    model: type[Job], job_id: int, *, lease_seconds: int, related: Iterable[str] = ()
) -> Job | None:
    """Take a due row (or one whose lease expired) for one attempt; None if there is nothing to
    claim (done, being worked on, not due, or another task won the race)."""
    now = timezone.now()
    claimed = (
        model.objects.filter(pk=job_id)
        .filter(_open(model, due_before=now, now=now))
        .update(
            status=model.RUNNING,
            attempts=F("attempts") + 1,
            lease_until=now + timedelta(seconds=lease_seconds),
        )
    )
    if not claimed:
        return None
    return model.objects.select_related(*related).get(pk=job_id)


def fence(job: Job) -> models.QuerySet:
    """The row, only while this attempt still holds it: updates through it are no-ops for a
    task whose lease was taken over."""
    return type(job).objects.filter(pk=job.pk, status=job.RUNNING, attempts=job.attempts)


def finish(job: Job, **fields) -> bool:
    """Mark the attempt done (DONE status, lease released), with the subclass's own fields."""
    return bool(fence(job).update(status=job.DONE, lease_until=None, **fields))


def release(job: Job, *, retry_in: int | None, dispatch: Callable[..., object], **fields) -> str:
    """End a failed attempt: 'retry' (pending again, handed to Celery in `retry_in` seconds) or,
    with retry_in None, 'failed' for good."""
    if retry_in is None:
        fence(job).update(status=FAILED, lease_until=None, **fields)
        return "failed"
    if job.due_field != "created_at":
        fields[job.due_field] = timezone.now() + timedelta(seconds=retry_in)
    fence(job).update(status=PENDING, lease_until=None, **fields)
    dispatch(job.pk, countdown=retry_in)
    return "retry"


def requeue(
    model: type[Job], ids: Iterable[int], *, dispatch: Callable[[int], object], **fields
) -> int:
    """Back to pending with a fresh attempt budget (an admin retries), handed to Celery after
    commit. The caller chooses the rows (e.g. never re-send sent mail)."""
    ids = list(ids)
    with transaction.atomic():
        model.objects.filter(pk__in=ids).update(
            status=PENDING, attempts=0, lease_until=None, **fields
        )
        for job_id in ids:
            transaction.on_commit(partial(dispatch, job_id), robust=True)
    return len(ids)


def sweep(
    model: type[Job], *, older_than_seconds: int, limit: int, dispatch: Callable[[int], object]
) -> int:
    """Hand to Celery again the rows still pending `older_than_seconds` after they were due
    (broker down at commit, task lost) and those whose lease expired. Returns how many."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    ids = list(
        model.objects.filter(_open(model, due_before=cutoff, now=now))
        .order_by(model.due_field)
        .values_list("pk", flat=True)[:limit]
    )
    for job_id in ids:
        dispatch(job_id)
    return len(ids)
