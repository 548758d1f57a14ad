"""A bare Celery task for the outbox benchmark's baseline (loaded with `celery worker -I`)."""

from celery import shared_task


@shared_task(name="bench.noop", acks_late=True)
def noop(i: int) -> None:
    return None
