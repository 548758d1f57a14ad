"""Celery entry points of the meetings app. Periodic, idempotent: every e-mail carries a dedup
key in the outbox, so running twice (or late) sends nothing twice."""

from celery import shared_task

from . import services


@shared_task(name="mesas.meeting_reminders_sweep", acks_late=True, time_limit=600)
def meeting_reminders_sweep() -> dict:
    """Reminders due now: 7 days / 1 day before meetings, and action items due."""
    return {
        "meetings": services.meeting_reminders_send(),
        "action_items": services.action_item_reminders_send(),
    }


@shared_task(name="mesas.quarter_reminders_sweep", acks_late=True, time_limit=600)
def quarter_reminders_sweep() -> int:
    """Coordinators of bodies without a meeting this quarter (semester for the dialogues)."""
    return services.quarter_reminders_send()


@shared_task(name="mesas.outputs_reminders_sweep", acks_late=True, time_limit=600)
def outputs_reminders_sweep() -> dict:
    """Responses to recommendations due in 30 days or today (coordinators), consultations
    closing in two days (members). Outbox keys make each reminder once per person."""
    return {
        "responses": services.recommendation_reminders_send(),
        "consultations": services.consultation_reminders_send(),
    }
