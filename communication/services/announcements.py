"""Announcements of a body's coordinators (§12)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record
from mecanismo.documents.uploads import check_upload
from mesas.models import Body

from .. import permissions
from ..models import Announcement
from ._common import MAX_TEXT, markdown_html, require
from .notifications import fanout_dispatch


@transaction.atomic
def announcement_publish(
    *,
    actor,
    body: Body,
    title: str,
    text: str,
    mechanism_wide: bool = False,
    attachment=None,
) -> Announcement:
    """A coordinator of `body` posts a notice to its members, or (linking table, GT-SC for the
    dialogues) to the whole mechanism. Markdown is sanitised; an attachment must be a PDF, DOCX
    or ODT by its structure (mecanismo/documents/uploads.py). Members are told after commit,
    once each (notifications.fanout)."""
    require(permissions.can_announce(actor, body), _("You do not coordinate this body."))
    if mechanism_wide and not permissions.can_announce_mechanism_wide(actor, body):
        raise ValidationError(
            _("Only the linking table and GT-SC staff write to the whole mechanism.")
        )
    title = (title or "").strip()
    text = (text or "").strip()
    if not title or not text:
        raise ValidationError(_("An announcement needs a title and a text."))
    if len(text) > MAX_TEXT:
        raise ValidationError(_("The text is too long."))
    announcement = Announcement(
        body=body,
        author=actor,
        mechanism_wide=mechanism_wide,
        title=title[:200],
        text=text,
        html=markdown_html(text),
    )
    if attachment is not None:
        announcement.attachment_kind = check_upload(attachment)
        announcement.attachment_name = (attachment.name or "document")[-120:]
        announcement.attachment.save(attachment.name, attachment, save=False)
    announcement.save()
    audit_record(
        actor=actor,
        action="announcement.published",
        target=announcement,
        body_slug=body.slug,
        mechanism_wide=mechanism_wide,
    )
    fanout_dispatch("announcement_fanout", announcement.pk)
    return announcement
