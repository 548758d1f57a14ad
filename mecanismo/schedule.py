"""Every periodic task of the portal, in one place (celery beat reads CELERY_BEAT_SCHEDULE)."""

BEAT_SCHEDULE: dict = {}
