"""Writes shared by every app: the audit log (§9) and role assignments (§1)."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import LINKING_TABLE_NOT_ASSIGNED, AuditLog, Role, RoleAssignment, User
from .permissions import forget_roles


def audit_record(*, actor, action: str, target: models.Model | None = None, **data) -> AuditLog:
    """Write one audit entry. `data` must never hold sensitive values (gender, migrant
    experience, at-risk groups): record that something changed, not what it changed to. A new
    `action` code needs its label in `mecanismo.core.audit.ACTION_LABELS`."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data,
    )


def audit_forget_text(*, targets, texts, replacement: str) -> int:
    """A person deleted their account (§9): their name or address in the labels of past entries
    about them (`targets`: objects such as the user, their individual member profile and its
    memberships) is replaced; who did what stays, by id. Returns the entries changed."""
    about = Q(pk__in=[])
    for target in targets:
        about |= Q(target_type=target._meta.label_lower, target_id=str(target.pk))
    changed = 0
    for text in sorted({t for t in texts if t and len(t) >= 3}, key=len, reverse=True):
        changed += AuditLog.objects.filter(about, target_repr__contains=text).update(
            target_repr=Replace("target_repr", Value(text), Value(replacement))
        )
    return changed


@transaction.atomic
def role_assign(*, actor, user: User, role: str, mesa=None, agency_id: int | None = None):
    """The one writer of role assignments (§1): coordinators now, elected mandates next. The
    caller checks who may assign. A person holds a role (of a mesa) once at a time: a second
    open assignment is refused with a ValidationError, also when two requests race (the user row
    is locked, and the database has the same unique constraint). Audited as `role.assigned`."""
    if role == Role.LINKING_TABLE:
        raise ValidationError(LINKING_TABLE_NOT_ASSIGNED)
    User.objects.select_for_update().filter(pk=user.pk).first()
    if RoleAssignment.objects.filter(
        user=user, role=role, mesa=mesa, ends_on__isnull=True
    ).exists():
        raise ValidationError(_("This person already holds this role."))
    assignment = RoleAssignment.objects.create(
        user=user, role=role, mesa=mesa, agency_id=agency_id, assigned_by=actor
    )
    forget_roles(user)
    audit_record(
        actor=actor,
        action="role.assigned",
        target=assignment,
        role=role,
        mesa=mesa.slug if mesa is not None else "",
        user_id=user.pk,
        agency_id=agency_id,
    )
    return assignment


@transaction.atomic
def role_end(*, actor, assignment_id: int, role: str | None = None) -> RoleAssignment:
    """End a role in force (never delete it: history stays, §9). It ends yesterday, so it stops
    counting today (RoleAssignment.active() includes the end day). `role` restricts which kind
    may be ended through this call. Audited as `role.removed`."""
    qs = RoleAssignment.objects.active().select_for_update(of=("self",)).filter(pk=assignment_id)
    if role is not None:
        qs = qs.filter(role=role)
    assignment = qs.select_related("mesa", "user").first()
    if assignment is None:
        raise ValidationError(_("This role has already ended."))
    assignment.ends_on = timezone.localdate() - timedelta(days=1)
    assignment.save(update_fields=["ends_on"])
    forget_roles(assignment.user)
    audit_record(
        actor=actor,
        action="role.removed",
        target=assignment,
        role=assignment.role,
        mesa=assignment.mesa.slug if assignment.mesa_id else "",
        user_id=assignment.user_id,
    )
    return assignment
