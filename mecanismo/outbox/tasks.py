"""Celery entry points of the outbox: load by id, call the service (idempotent by design)."""

from celery import shared_task

from . import services


@shared_task(name="outbox.email_send", acks_late=True, soft_time_limit=60, time_limit=90)
def email_send(message_id: int) -> str:
    return services.email_deliver(message_id=message_id)


@shared_task(name="outbox.outbox_sweep", acks_late=True, time_limit=120)
def outbox_sweep() -> int:
    return services.outbox_sweep()
