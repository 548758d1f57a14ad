"""Outbox keys of the communication app: one helper per reason (STYLE), so "one e-mail per
person and announcement" and "one digest per person and period" are written once."""

from __future__ import annotations

import datetime


def announcement(announcement_id: int, user_id: int) -> str:
    return f"communication:announcement:{announcement_id}:user:{user_id}"


def notification(notification_id: int) -> str:
    """Replies, new threads and moderation notices: the notification row is unique per person,
    kind and object, so its id is a stable reason."""
    return f"communication:notification:{notification_id}"


def digest_period(frequency: str, day: datetime.date) -> str:
    """'daily:2026-12-01' or 'weekly:2026-W49' (ISO week of `day`)."""
    if frequency == "weekly":
        year, week, _weekday = day.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    return f"daily:{day.isoformat()}"


def digest(frequency: str, day: datetime.date, user_id: int) -> str:
    return f"communication:digest:{digest_period(frequency, day)}:user:{user_id}"
