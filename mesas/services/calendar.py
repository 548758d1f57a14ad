"""The secret address of a person's private calendar feed."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mecanismo.core.models import User
from mecanismo.core.services import audit_record

from ..models import (
    CalendarToken,
)


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return token


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarToken:
    """A new secret: the old private feed address stops working at once."""
    token, _created = CalendarToken.objects.select_for_update().get_or_create(user=user)
    token.token = CalendarToken._meta.get_field("token").default()
    token.created_at = timezone.now()
    token.save()
    audit_record(actor=user, action="calendar.token_reset", target=token)
    return token
