"""Celery entry points of the membership app (STYLE: load, call, idempotent)."""

from celery import shared_task

from mecanismo.core.models import Mesa

from . import aggregates
from .selectors import approved_members


@shared_task(name="membership.disclosure_releases_refresh")
def disclosure_releases_refresh() -> int:
    """Make each mesa's composition release that is due (§9: at most once a quarter, after at
    least five changes; see membership/disclosure.py). Idempotent: a release already checked
    this quarter is left alone. Returns how many scopes were looked at."""
    mesas = list(Mesa.objects.all())
    for mesa in mesas:
        aggregates.release_refresh(aggregates.mesa_scope(mesa), approved_members(mesa))
    return len(mesas)
