"""Celery entry points of the communication app: load by id, call the service. Idempotent:
notifications are unique per person and object, e-mails carry outbox keys."""

from celery import shared_task

from . import services


@shared_task(name="communication.announcement_fanout", acks_late=True, time_limit=900)
def announcement_fanout(announcement_id: int) -> int:
    return services.announcement_fanout(announcement_id=announcement_id)


@shared_task(name="communication.post_fanout", acks_late=True, time_limit=900)
def post_fanout(post_id: int) -> int:
    return services.post_fanout(post_id=post_id)


@shared_task(name="communication.fanout_sweep", acks_late=True, time_limit=900)
def fanout_sweep() -> int:
    return services.fanout_sweep()


@shared_task(name="communication.daily_digests", acks_late=True, time_limit=1800)
def daily_digests() -> int:
    return services.digests_send(frequency="daily")


@shared_task(name="communication.weekly_digests", acks_late=True, time_limit=1800)
def weekly_digests() -> int:
    return services.digests_send(frequency="weekly")
