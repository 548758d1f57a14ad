"""Assigning and ending mesa coordinators (§1)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mecanismo.core.models import (
    Mesa,
    Role,
    RoleAssignment,
)
from mecanismo.core.permissions import can_assign_roles, gtsc_agency_ids
from mecanismo.core.services import role_assign, role_end

from ..models import (
    ContactPerson,
    ContactStatus,
)


@transaction.atomic
def coordinator_assign(*, actor, user, mesa: Mesa, agency_co_coordinator: bool = False):
    """Admins and GT-SC staff name a mesa coordinator (§1): a contact person of a member, or a
    UN-agency co-coordinator (GT-SC staff of an agency, ToR footnote i). Audited."""
    if not can_assign_roles(actor):
        raise PermissionDenied
    agency = None
    if agency_co_coordinator:
        agency_ids = gtsc_agency_ids(user)
        if not agency_ids:
            raise ValidationError(_("A UN-agency co-coordinator must be GT-SC staff of an agency."))
        agency = min(agency_ids)
    elif not ContactPerson.objects.filter(user=user, status=ContactStatus.APPROVED).exists():
        raise ValidationError(_("A coordinator must be a contact person of a member."))
    try:
        return role_assign(
            actor=actor, user=user, role=Role.COORDINATOR, mesa=mesa, agency_id=agency
        )
    except ValidationError:
        raise ValidationError(_("This person already coordinates this mesa.")) from None


@transaction.atomic
def coordinator_remove(*, actor, assignment_id: int) -> RoleAssignment:
    """End a coordinator role through core's role_end (never deleted: history stays)."""
    if not can_assign_roles(actor):
        raise PermissionDenied
    return role_end(actor=actor, assignment_id=assignment_id, role=Role.COORDINATOR)
