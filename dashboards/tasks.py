"""Celery entry points of the dashboards app (idempotent, periodic: mecanismo/schedule.py)."""

from celery import shared_task

from membership.tasks import disclosure_releases_refresh

from . import services


@shared_task(name="dashboards.quarter_stats_refresh", acks_late=True, time_limit=1800)
def quarter_stats_refresh() -> int:
    """Per-quarter summaries that are not final yet, and the dashboards' releases that are due."""
    written = services.quarter_stats_refresh()
    services.dashboard_releases_refresh()
    disclosure_releases_refresh()
    return written
