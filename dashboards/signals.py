"""Membership changes feed the dashboards' history (point in time) and, after commit, a refresh
of the current quarter's summaries (the periodic task catches anything missed)."""

import logging

from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver

from membership.signals import mesa_membership_approved, mesa_membership_ended

from . import services
from .models import EventKind

logger = logging.getLogger(__name__)


def _enqueue_refresh():
    """At most one refresh queued per minute; a broker outage only delays it to the daily run."""
    from .tasks import quarter_stats_refresh

    if not cache.add("dashboards:refresh-queued", 1, timeout=60):
        return
    try:
        quarter_stats_refresh.apply_async(countdown=5, retry=False)
    except Exception:  # noqa: BLE001 - the periodic task catches up
        logger.warning("dashboards: could not queue the quarter refresh", exc_info=True)


@receiver(mesa_membership_approved, dispatch_uid="dashboards_member_joined")
def member_joined(sender, membership, **kwargs):
    services.membership_event_record(membership=membership, kind=EventKind.JOINED)
    transaction.on_commit(_enqueue_refresh, robust=True)


@receiver(mesa_membership_ended, dispatch_uid="dashboards_member_left")
def member_left(sender, membership, **kwargs):
    services.membership_event_record(membership=membership, kind=EventKind.LEFT)
    transaction.on_commit(_enqueue_refresh, robust=True)
