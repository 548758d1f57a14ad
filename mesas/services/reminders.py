"""Reminders through the outbox, once per person and reason (§6)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import formats, timezone, translation

from mecanismo.outbox import keys
from mecanismo.outbox.services import absolute_url, recipient_language

from ..models import (
    ActionItem,
    ActionStatus,
    Body,
    Cadence,
    Invitation,
    Meeting,
    MeetingStatus,
    Rsvp,
)
from ..selectors import body_coordinators, body_has_meeting_in_period, period_of
from ._common import _email, meeting_email_context


def meeting_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """7 days and 1 day before a meeting, to invitees who have not declined (§6). A meeting less
    than a day away gets only the 1-day reminder. Keys carry the meeting's sequence, so a moved
    meeting reminds again for its new date; otherwise each person gets each reminder once."""
    now = now or timezone.now()
    sent = 0
    windows = [
        ("1d", "reminded_1d_at", now, now + datetime.timedelta(days=1)),
        (
            "7d",
            "reminded_7d_at",
            now + datetime.timedelta(days=1),
            now + datetime.timedelta(days=7),
        ),
    ]
    for label, stamp, lo, hi in windows:
        meetings = Meeting.objects.filter(
            status=MeetingStatus.SCHEDULED,
            recorded_afterwards=False,
            starts_at__gt=lo,
            starts_at__lte=hi,
        ).select_related("body")
        for meeting in meetings:
            with transaction.atomic():
                due = list(
                    meeting.invitations.select_for_update(skip_locked=True, of=("self",))
                    .filter(**{f"{stamp}__isnull": True})
                    .exclude(rsvp=Rsvp.NOT_ATTENDING)
                    .select_related("user")
                )
                for inv in due:
                    _email(
                        key=keys.meeting_reminder(meeting, inv.user, label),
                        user=inv.user,
                        template=f"meeting_reminder_{label}",
                        context=meeting_email_context(meeting, inv.user),
                        category="meeting_reminders",
                    )
                    setattr(inv, stamp, now)
                Invitation.objects.bulk_update(due, [stamp])
                sent += len(due)
    return sent


def action_item_reminders_send(*, today: datetime.date | None = None) -> int:
    """Owners of open action items due today or tomorrow (or overdue) are reminded once."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        items = list(
            ActionItem.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=ActionStatus.OPEN,
                owner__isnull=False,
                reminded_at__isnull=True,
                due_on__lte=today + datetime.timedelta(days=1),
            )
            .select_related("owner", "meeting__body")
        )
        for item in items:
            user = item.owner
            lang = recipient_language(user)
            with translation.override(lang):
                due = formats.date_format(item.due_on, "DATE_FORMAT")
            _email(
                key=keys.action_item_due(item, user),
                user=user,
                template="action_item_due",
                context={
                    **meeting_email_context(item.meeting, user, with_link=False),
                    "action": item.text,
                    "due_on": due,
                    "body_url": absolute_url("mesas:body_detail", lang, slug=item.body.slug),
                },
                category="action_items",
            )
            item.reminded_at = timezone.now()
        ActionItem.objects.bulk_update(items, ["reminded_at"])
        sent = len(items)
    return sent


def quarter_reminders_send(*, today: datetime.date | None = None) -> int:
    """From the first day of a quarter's last month (a semester's, for the dialogues), the
    coordinators of a body with no meeting held or scheduled in that period are reminded, once
    per body and period (the dedup key holds body and period)."""
    today = today or timezone.localdate()
    sent = 0
    for body in Body.objects.all():
        period = period_of(body, today)
        if period is None:
            continue
        start, end, label = period
        last_month_start = (end - datetime.timedelta(days=1)).replace(day=1)
        if today < last_month_start or body_has_meeting_in_period(body, today):
            continue
        with transaction.atomic():
            for user in body_coordinators(body):
                lang = recipient_language(user)
                result = _email(
                    key=keys.quarter_reminder(body, label, user),
                    user=user,
                    template="quarter_reminder",
                    context={
                        "body_name": body.translated("name", lang),
                        "period": label,
                        "semester": body.cadence == Cadence.SEMESTER,
                        "url": absolute_url("mesas:body_detail", lang, slug=body.slug),
                        "new_url": absolute_url("mesas:meeting_create", lang, slug=body.slug),
                    },
                    category="coordinator_reminders",
                )
                sent += result is not None
    return sent
