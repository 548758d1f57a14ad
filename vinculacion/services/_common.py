"""Helpers shared by the services of the linking table: refusals, e-mail, locks."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation

from mecanismo.core.timezones import time_zone_name
from mecanismo.outbox import categories
from mecanismo.outbox.services import absolute_url, email_enqueue, recipient_language

from ..models import Election

EMAIL_PREFIX = "vinculacion/email/"


def refuse(message, code: str = "invalid") -> None:
    raise ValidationError(message, code=code)


def require(allowed: bool, message=None) -> None:
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def locked(election: Election) -> Election:
    """The election row, locked for the rest of the transaction."""
    return (
        Election.objects.select_for_update(of=("self",)).select_related("mesa").get(pk=election.pk)
    )


def when(value, user) -> str:
    """A date, or a time in the person's zone (named), in their language."""
    lang = recipient_language(user)
    with translation.override(lang):
        if not isinstance(value, datetime.datetime):
            return formats.date_format(value, "DATE_FORMAT")
        try:
            zone = zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or settings.TIME_ZONE)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        local = timezone.localtime(value, zone)
        return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({time_zone_name(zone.key, lang)})"


def election_email(*, key: str, user, election: Election, template: str, **extra):
    """One e-mail about an election to one person, in their language (outbox). Category
    "membership": about the member's own participation, never switched off."""
    lang = recipient_language(user)
    context = {
        "election_title": election.title,
        "mesa_number": election.mesa.number,
        "nominations_close": when(election.nominations_close_at, user),
        "voting_open": when(election.voting_open_at, user),
        "voting_close": when(election.voting_close_at, user),
        "url": absolute_url("vinculacion:election_detail", lang, pk=election.pk),
        **extra,
    }
    return email_enqueue(
        key=key,
        user=user,
        template=EMAIL_PREFIX + template,
        context=context,
        category=categories.MEMBERSHIP,
    )
