"""Celery entry points of the linking table (periodic; idempotent: steps are due-checked under
the election's row lock and e-mails carry outbox keys)."""

from celery import shared_task

from . import services


@shared_task(name="vinculacion.elections_sweep")
def elections_sweep() -> int:
    return services.elections_sweep()


@shared_task(name="vinculacion.mandates_sweep")
def mandates_sweep() -> int:
    return services.mandates_sweep()
