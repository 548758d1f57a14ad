"""Agreements and action items of a meeting (§6)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mecanismo.core.models import User

from .. import permissions
from ..models import (
    ActionItem,
    ActionStatus,
    Agreement,
    Meeting,
)
from ._common import _require
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
    return ActionItem.objects.create(
        meeting=meeting,
        body_id=meeting.body_id,
        text=text,
        owner=owner,
        owner_name=owner_name,
        due_on=due_on,
    )


@transaction.atomic
def action_item_set_status(*, actor: User, item: ActionItem, status: str) -> ActionItem:
    """The body's coordinators or the owner mark an item done, dropped or open again."""
    item = ActionItem.objects.select_for_update(of=("self",)).select_related("body").get(pk=item.pk)
    if not (permissions.can_coordinate_body(actor, item.body) or item.owner_id == actor.pk):
        raise PermissionDenied(_("Only the owner or the coordinators can change this item."))
    if status not in ActionStatus.values:
        raise ValidationError(_("Choose a status."))
    item.status = status
    item.save(update_fields=["status"])
    return item
