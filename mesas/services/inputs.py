"""Inputs: the open channel (§2 transparency, §6). A member sends an input to a mesa or the
linking table; the body's coordinators acknowledge it (the member is e-mailed) and link it to the
agenda item, consultation or recommendation that uses it."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.core.services import audit_record
from mecanismo.documents.uploads import check_upload
from mecanismo.outbox.services import absolute_url, recipient_language
from membership.selectors import member_for_user

from .. import permissions_outputs as perms
from ..markup import render_markdown
from ..models import AgendaItem, Body, Consultation, Input, InputStatus, Recommendation
from ._common import _email, _require


def input_max_bytes() -> int:
    return int(getattr(settings, "INPUT_MAX_BYTES", 10 * 1024 * 1024))


def checked_upload(upload) -> str:
    """The kind of an uploaded document ('pdf', 'docx', 'odt') from its bytes, within the inputs'
    size limit. The content check itself is the one shared checker (never a copy of it)."""
    limit = input_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            {"file": _("The file is too large (at most %(mb)s MB).") % {"mb": limit >> 20}}
        )
    try:
        return check_upload(upload, max_bytes=limit)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc


def safe_stem(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0][:60] or "document"


def key_input_acknowledged(item: Input, user) -> str:
    return f"mesas:input:{item.pk}:acknowledged:user:{user.pk}"


@transaction.atomic
def input_submit(
    *,
    actor: User,
    body: Body,
    title: str,
    text: str,
    objectives: Iterable = (),
    may_publish: bool = False,
    upload=None,
) -> Input:
    """A member (organisation or individual) sends an input. The document, if any, is checked by
    its bytes and stored under a name ending in what it really is."""
    if not perms.can_submit_input(actor, body):
        raise PermissionDenied(_("Only members can send inputs, to a mesa or the linking table."))
    if not (title or "").strip() or not (text or "").strip():
        raise ValidationError(_("Give a title and a text."))
    kind = checked_upload(upload) if upload else ""
    item = Input(
        body=body,
        submitted_by=actor,
        member=member_for_user(actor),
        title=title.strip(),
        text=text,
        html=render_markdown(text),
        may_publish=may_publish,
    )
    if upload:
        item.file_kind, item.file_size = kind, upload.size
        item.file.save(f"{safe_stem(upload.name)}.{kind}", upload, save=False)
    item.save()
    item.objectives.set(objectives)
    audit_record(actor=actor, action="input.submit", target=item, has_file=bool(upload))
    return item


def _tell_acknowledged(item: Input) -> None:
    """Whoever sent the input learns, once, that the coordinators received it."""
    user = item.submitted_by
    if user is None or not user.is_active:
        return
    lang = recipient_language(user)
    _email(
        key=key_input_acknowledged(item, user),
        user=user,
        template="input_acknowledged",
        context={
            "input_title": item.title,
            "body_name": item.body.translated("name", lang),
            "url": absolute_url("mesas:my_inputs", lang),
        },
        category="membership",
    )


@transaction.atomic
def input_acknowledge(*, actor: User, item: Input) -> Input:
    """Coordinators acknowledge an input; whoever sent it is told by e-mail, once."""
    item = Input.objects.select_for_update(of=("self",)).select_related("body").get(pk=item.pk)
    _require(perms.can_manage_inputs(actor, item.body))
    if item.status != InputStatus.RECEIVED:
        raise ValidationError(_("This input was already acknowledged."))
    item.status = InputStatus.ACKNOWLEDGED
    item.acknowledged_by = actor
    item.acknowledged_at = timezone.now()
    item.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    _tell_acknowledged(item)
    audit_record(actor=actor, action="input.acknowledge", target=item)
    return item


@transaction.atomic
def input_link(
    *,
    actor: User,
    item: Input,
    agenda_item: AgendaItem | None = None,
    consultation: Consultation | None = None,
    recommendation: Recommendation | None = None,
) -> Input:
    """Link an input to what uses it (same body only); it is then 'used' (acknowledged first,
    implicitly, if it was not)."""
    item = Input.objects.select_for_update(of=("self",)).select_related("body").get(pk=item.pk)
    _require(perms.can_manage_inputs(actor, item.body))
    targets = [t for t in (agenda_item, consultation, recommendation) if t is not None]
    if not targets:
        raise ValidationError(_("Choose what uses this input."))
    if agenda_item is not None and agenda_item.meeting.body_id != item.body_id:
        raise ValidationError({"agenda_item": _("Choose an agenda item of this body.")})
    for name, target in (("consultation", consultation), ("recommendation", recommendation)):
        if target is not None and target.body_id != item.body_id:
            raise ValidationError({name: _("Choose one of this body.")})
    was_received = item.status == InputStatus.RECEIVED
    item.agenda_item = agenda_item or item.agenda_item
    item.consultation = consultation or item.consultation
    item.recommendation = recommendation or item.recommendation
    item.status = InputStatus.USED
    if was_received:
        item.acknowledged_by, item.acknowledged_at = actor, timezone.now()
    item.save()
    if was_received:
        _tell_acknowledged(item)
    audit_record(
        actor=actor,
        action="input.link",
        target=item,
        agenda_item_id=getattr(agenda_item, "pk", None),
        consultation_id=getattr(consultation, "pk", None),
        recommendation_id=getattr(recommendation, "pk", None),
    )
    return item
