"""Every periodic task of the portal, in one place (celery beat reads it via mecanismo/celery.py).

Each app adds its entries here: {"name": {"task": "<registered task name>", "schedule": seconds
or crontab(...)}}. Periodic tasks must be idempotent (they may run twice, or late).
"""

import os

from celery.schedules import crontab  # noqa: F401 - for the entries that later issues add

# How often the outbox sweep runs (seconds); the integration tests make it short.
OUTBOX_SWEEP_INTERVAL = float(os.environ.get("OUTBOX_SWEEP_INTERVAL", "60"))

BEAT_SCHEDULE: dict = {
    # Re-send outbox rows still pending after a delay (broker was down, task lost) and rows
    # whose sending lease expired (worker killed mid-send).
    "outbox-sweep": {"task": "outbox.outbox_sweep", "schedule": OUTBOX_SWEEP_INTERVAL},
    # PDF documents still pending after a delay or whose rendering lease expired.
    "documents-sweep": {"task": "documents.documents_sweep", "schedule": 120.0},
    # Meetings: 7-day and 1-day reminders, action items due (issue 6; dedup keys: once each).
    "mesas-meeting-reminders": {"task": "mesas.meeting_reminders_sweep", "schedule": 900.0},
    # Meetings: bodies without a meeting in the quarter/semester, daily from its last month.
    "mesas-quarter-reminders": {
        "task": "mesas.quarter_reminders_sweep",
        "schedule": crontab(hour=12, minute=0),
    },
    # Linking table (issue 12): election steps whose time has come (nominations close, voting
    # opens/closes, count and publish) and the 48-hour reminder to members who have not voted.
    "vinculacion-elections": {"task": "vinculacion.elections_sweep", "schedule": 300.0},
    # Mandates: served when ended; 60- and 30-day reminders to coordinators and representative.
    "vinculacion-mandates": {
        "task": "vinculacion.mandates_sweep",
        "schedule": crontab(hour=11, minute=30),
    },
    # Recommendations: responses due in 30 days / today; consultations closing in 2 days
    # (issue 13; outbox keys: once per person and reason).
    "mesas-outputs-reminders": {"task": "mesas.outputs_reminders_sweep", "schedule": 3600.0},
    # Communication (issue 14): fan-outs a lost task left undone; digests once per person and
    # period (outbox key per person and period, so a duplicated run sends nothing twice).
    "communication-fanout-sweep": {"task": "communication.fanout_sweep", "schedule": 300.0},
    "communication-daily-digests": {
        "task": "communication.daily_digests",
        "schedule": crontab(hour=6, minute=0),
    },
    "communication-weekly-digests": {
        "task": "communication.weekly_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week=1),
    },
    # Disclosure control (§9): composition releases, at most once a quarter (issue 11).
    "membership-disclosure-releases": {
        "task": "membership.disclosure_releases_refresh",
        "schedule": crontab(hour=2, minute=15),
    },
    # Dashboards (§8): per-quarter summaries not final yet, and the releases that are due.
    "dashboards-quarter-stats": {
        "task": "dashboards.quarter_stats_refresh",
        "schedule": crontab(hour=2, minute=30),
    },
}
