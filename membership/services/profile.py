"""Editing a member's public profile (§3)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mecanismo.core.models import (
    ActorType,
    Country,
)
from mecanismo.core.services import audit_record

from .. import permissions
from ..models import (
    Member,
    MemberKind,
)
from ._common import PROFILE_FIELDS


@transaction.atomic
def member_update(*, actor, member: Member, data: dict) -> Member:
    """Edit the public profile of a member (its approved contacts or an admin), with the checks
    of registration: a known country, an actor type of the member's kind, a name. The kind never
    changes. Audited with the names of the changed fields (not their values)."""
    if not permissions.can_edit_member(actor, member):
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.archived_at is not None:
        raise ValidationError(_("This member is archived."))
    if "country" in data:
        country = data["country"]
        if not isinstance(country, Country) or not Country.objects.filter(pk=country.pk).exists():
            raise ValidationError(_("Unknown country."))
    if "actor_type" in data:
        actor_type = data["actor_type"]
        if not isinstance(actor_type, ActorType) or not actor_type.fits(
            individual=(member.kind == MemberKind.INDIVIDUAL)
        ):
            raise ValidationError(_("Unknown actor type."))
    if "name" in data:
        data = {**data, "name": " ".join((data["name"] or "").split())}
        if not data["name"]:
            raise ValidationError(_("A name is required."))
    changed = []
    for field in ("name", "actor_type", "country", *PROFILE_FIELDS):
        if field in data and getattr(member, field) != data[field]:
            setattr(member, field, data[field])
            changed.append(field)
    if not changed:
        return member
    member.full_clean(exclude=["name_normalised", "subregion"])
    member.save()
    audit_record(actor=actor, action="member.updated", target=member, fields=changed)
    return member
