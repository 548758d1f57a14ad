"""Helpers every mesas service shares: the coordination check, zones, meeting e-mail context."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mecanismo.core.timezones import time_zone_name
from mecanismo.documents.uploads import MAX_UPLOAD_BYTES
from mecanismo.outbox.services import absolute_url, email_enqueue, recipient_language

from ..models import (
    Meeting,
)

# A submission repeated within this window with the same content is the same submission (a
# double click, a resent form): services return the first result instead of a copy.
DUPLICATE_WINDOW = datetime.timedelta(minutes=10)
MAX_DOCUMENT_BYTES = MAX_UPLOAD_BYTES  # the upload checker's limit (documents/uploads.py)


EMAIL_PREFIX = "mesas/email/"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not coordinate this body."))


def _user_zone(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def format_when(meeting: Meeting, user=None, lang: str | None = None) -> str:
    """'12 de marzo de 2026 15:00 (Bogotá, Colombia)' in the person's zone and language (the
    zone named as people read it, not its IANA id)."""
    zone = _user_zone(user) if user is not None else meeting.zone
    lang = lang or recipient_language(user)
    with translation.override(lang):
        start = timezone.localtime(meeting.starts_at, zone)
        return f"{formats.date_format(start, 'DATETIME_FORMAT')} ({time_zone_name(zone.key, lang)})"


def meeting_email_context(meeting: Meeting, user, *, with_link: bool = True) -> dict:
    """JSON-only context for e-mails about a meeting, in the recipient's language and zone."""
    lang = recipient_language(user)
    with translation.override(lang):
        modality = str(meeting.get_modality_display())
    return {
        "meeting_id": meeting.pk,
        "title": meeting.title,
        "body_name": meeting.body.translated("name", lang),
        "when": format_when(meeting, user, lang),
        "when_meeting_zone": format_when(meeting, None, lang),
        "modality": modality,
        "place": meeting.place,
        "video_link": meeting.video_link if with_link else "",
        "url": absolute_url("mesas:meeting_detail", lang, pk=meeting.pk),
    }


def _email(*, key: str, user, template: str, context: dict, category: str, attachments=None):
    """One e-mail to one account (the outbox writes it in the account's language)."""
    return email_enqueue(
        key=key,
        user=user,
        template=EMAIL_PREFIX + template,
        context=context,
        category=category,
        attachments=attachments,
    )
