"""Minutes: draft → circulated → approved, corrections as new versions, the public PDF (§6)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record
from mecanismo.documents.services import document_request
from mecanismo.outbox import keys
from mecanismo.outbox.services import absolute_url, recipient_language

from .. import permissions
from ..markup import render_markdown
from ..models import (
    Meeting,
    Minutes,
    MinutesAction,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
)
from ..selectors import invitation_for
from ._common import _email, _require, meeting_email_context


@transaction.atomic
def _minutes_locked(meeting: Meeting) -> Minutes:
    """The meeting's minutes (created on first use), locked for the caller's transaction."""
    minutes, _created = Minutes.objects.get_or_create(meeting=meeting)
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


def _require_action(actor: User, meeting: Meeting, minutes: Minutes, action: MinutesAction):
    """Refuse anything `permissions.minutes_actions` does not offer now (judged on the locked,
    current row, so two coordinators approving at once cannot both pass)."""
    meeting.minutes = minutes
    invitation = invitation_for(actor, meeting)
    if action not in permissions.minutes_actions(actor, meeting, invitation):
        raise PermissionDenied(_("This cannot be done to the minutes now."))


@transaction.atomic
def minutes_save(*, actor: User, meeting: Meeting, text: str) -> Minutes:
    """Write or edit the draft (also while circulated: comments lead to edits). Markdown is
    stored with its sanitised HTML: no script, style, frame or javascript: link survives."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    _require_action(actor, meeting, minutes, MinutesAction.SAVE)
    minutes.text = text
    minutes.html = render_markdown(text)
    minutes.updated_by = actor
    minutes.save()
    return minutes


@transaction.atomic
def minutes_circulate(*, actor: User, meeting: Meeting) -> Minutes:
    """Draft → circulated: invitees are asked for comments, each once (§6 reminders)."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    _require_action(actor, meeting, minutes, MinutesAction.CIRCULATE)
    if not minutes.text.strip():
        raise ValidationError(_("Write the minutes before circulating them."))
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = timezone.now()
    minutes.save()
    for inv in meeting.invitations.select_related("user"):
        lang = recipient_language(inv.user)
        _email(
            key=keys.minutes_circulated(minutes, inv.user),
            user=inv.user,
            template="minutes_circulated",
            context={
                **meeting_email_context(meeting, inv.user, with_link=False),
                "minutes_url": absolute_url("mesas:minutes", lang, pk=meeting.pk),
            },
            category="minutes",
        )
    audit_record(actor=actor, action="minutes.circulate", target=meeting)
    return minutes


@transaction.atomic
def minutes_comment(*, actor: User, meeting: Meeting, text: str) -> MinutesComment:
    invitation = invitation_for(actor, meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    meeting.minutes = minutes
    if MinutesAction.COMMENT not in permissions.minutes_actions(actor, meeting, invitation):
        raise PermissionDenied(_("Comments are open to invitees while the minutes circulate."))
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    return MinutesComment.objects.create(minutes=minutes, author=actor, text=text)


def _freeze_version(*, actor: User, minutes: Minutes, note: str = "") -> MinutesVersion:
    number = (minutes.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = MinutesVersion.objects.create(
        minutes=minutes,
        number=number,
        text=minutes.text,
        html=minutes.html,
        note=note,
        approved_by=actor,
    )
    minutes_pdf_request(version=version)
    return version


def minutes_pdf_filename(version: MinutesVersion) -> str:
    """acta-<body>-<local date>-m<meeting id>-v<n>.pdf: two meetings of one body on one day (or
    a meeting moved onto another's day) never share a file name."""
    meeting = version.minutes.meeting
    day = timezone.localtime(meeting.starts_at, meeting.zone).date()
    return f"acta-{meeting.body.slug}-{day.isoformat()}-m{meeting.pk}-v{version.number}.pdf"


def minutes_pdf_request(*, version: MinutesVersion):
    """Ask the documents pipeline for this version's PDF (rendered after commit, public)."""
    meeting = version.minutes.meeting
    doc = document_request(
        key=keys.minutes_pdf(version),
        builder="mesas.documents.minutes_pdf",
        params={"minutes_version_id": version.pk},
        filename=minutes_pdf_filename(version),
        public=meeting.is_public,
        # Asked at every download: the PDF follows its meeting if that is made private later.
        access="mesas.permissions.can_download_minutes_pdf",
        language=settings.LANGUAGE_CODE,
    )
    if version.document_id != doc.pk:
        version.document = doc
        version.save(update_fields=["document"])
    return doc


@transaction.atomic
def minutes_approve(*, actor: User, meeting: Meeting) -> MinutesVersion:
    """Circulated → approved by the coordinators: freezes version n with its PDF, which is then
    published on the meeting's page (§6). Minutes that were not circulated cannot be approved."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    _require_action(actor, meeting, minutes, MinutesAction.APPROVE)
    minutes.status = MinutesStatus.APPROVED
    minutes.updated_by = actor
    minutes.save()
    version = _freeze_version(actor=actor, minutes=minutes)
    audit_record(actor=actor, action="minutes.approve", target=meeting, version=version.number)
    return version


@transaction.atomic
def minutes_correct(*, actor: User, meeting: Meeting, text: str, note: str) -> MinutesVersion:
    """A correction after approval is a new approved version with its own PDF; earlier
    versions and their PDFs stay reachable."""
    _require(permissions.can_manage_meeting(actor, meeting))
    minutes = _minutes_locked(meeting)
    _require_action(actor, meeting, minutes, MinutesAction.CORRECT)
    if not note.strip():
        raise ValidationError({"note": _("Say what the correction changes.")})
    latest = minutes.versions.order_by("-number").first()
    if latest is not None and latest.text == text and latest.note == note:
        return latest  # the same correction sent twice: one version, one PDF (issue 11)
    minutes.text = text
    minutes.html = render_markdown(text)
    minutes.updated_by = actor
    minutes.save()
    version = _freeze_version(actor=actor, minutes=minutes, note=note)
    audit_record(actor=actor, action="minutes.correct", target=meeting, version=version.number)
    return version
