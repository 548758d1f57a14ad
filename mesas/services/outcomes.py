"""Agreements and action items of a meeting (§6)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from mecanismo.core.models import User
from mecanismo.outbox import categories, keys
from mecanismo.outbox.services import absolute_url, recipient_language

from .. import permissions
from ..models import (
    ActionItem,
    ActionItemAction,
    Agreement,
    Meeting,
)
from ._common import _email, _require, meeting_email_context
from .agenda import _next_position


@transaction.atomic
def agreement_add(*, actor: User, meeting: Meeting, text: str) -> Agreement:
    _require(permissions.can_manage_meeting(actor, meeting))
    return Agreement.objects.create(
        meeting=meeting, text=text, position=_next_position(meeting.agreements.all())
    )


@transaction.atomic
def action_item_add(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    owner: User | None = None,
    owner_name: str = "",
    due_on: datetime.date | None = None,
) -> ActionItem:
    _require(permissions.can_manage_meeting(actor, meeting))
    if owner is None and not owner_name.strip():
        raise ValidationError({"owner_name": _("Name who will do it.")})
    item = ActionItem.objects.create(
        meeting=meeting,
        body_id=meeting.body_id,
        text=text,
        owner=owner,
        owner_name=owner_name,
        due_on=due_on,
    )
    if owner is not None:
        _tell_owner(item)
    return item


def _tell_owner(item: ActionItem) -> None:
    """The owner of a new action item is told once (category action items: switchable)."""
    user = item.owner
    lang = recipient_language(user)
    with translation.override(lang):
        due = formats.date_format(item.due_on, "DATE_FORMAT") if item.due_on else ""
    _email(
        key=keys.action_item_assigned(item, user.pk),
        user=user,
        template="action_item_assigned",
        context={
            **meeting_email_context(item.meeting, user, with_link=False),
            "action": item.text,
            "due_on": due,
            "body_url": absolute_url("mesas:body_detail", lang, slug=item.meeting.body.slug),
        },
        category=categories.ACTION_ITEMS,
    )


@transaction.atomic
def action_item_set_status(*, actor: User, item: ActionItem, status: str) -> ActionItem:
    """The body's coordinators or the owner mark an item done, dropped or open again: only
    what `permissions.action_item_actions` offers now (the action's value is the new status)."""
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("body").get(pk=item.pk)
    if status not in ActionItemAction.values:
        raise ValidationError(_("Choose a status."))
    if ActionItemAction(status) not in permissions.action_item_actions(actor, item):
        raise PermissionDenied(_("Only the owner or the coordinators can change this item."))
    item.status = status
    item.save(update_fields=["status"])
    return item
