"""Assigning and ending mesa coordinators (§1)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import (
    Mesa,
    Role,
    RoleAssignment,
)
from mecanismo.core.permissions import (
    can_assign_roles,
    forget_roles,
    gtsc_agency_ids,
)
from mecanismo.core.services import audit_record

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
    # Serialise assignments to one person (a double-submitted form must not end in a 500).
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if RoleAssignment.objects.filter(
        user=user, role=Role.COORDINATOR, mesa=mesa, ends_on__isnull=True
    ).exists():
        raise ValidationError(_("This person already coordinates this mesa."))
    role = RoleAssignment.objects.create(
        user=user, role=Role.COORDINATOR, mesa=mesa, agency_id=agency, assigned_by=actor
    )
    forget_roles(user)
    audit_record(
        actor=actor,
        action="role.assigned",
        target=role,
        role=Role.COORDINATOR,
        mesa=mesa.slug,
        user_id=user.pk,
        agency_id=agency,
    )
    return role


@transaction.atomic
def coordinator_remove(*, actor, assignment_id: int) -> RoleAssignment:
    """End a coordinator role (never delete it: history stays). The role ends yesterday so it
    stops counting today (RoleAssignment.active() includes the end day)."""
    if not can_assign_roles(actor):
        raise PermissionDenied
    role = (
        RoleAssignment.objects.select_for_update(of=("self",))
        .filter(pk=assignment_id, role=Role.COORDINATOR, ends_on__isnull=True)
        .select_related("mesa")
        .first()
    )
    if role is None:
        raise ValidationError(_("This role has already ended."))
    role.ends_on = timezone.localdate() - timedelta(days=1)
    role.save(update_fields=["ends_on"])
    forget_roles(role.user)
    audit_record(
        actor=actor,
        action="role.removed",
        target=role,
        role=role.role,
        mesa=role.mesa.slug if role.mesa_id else "",
        user_id=role.user_id,
    )
    return role
