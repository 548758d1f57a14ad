"""Writes shared by every app: the audit log (§9)."""

from django.db import models

from .models import AuditLog


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
    from django.db.models import Q, Value
    from django.db.models.functions import Replace

    about = Q(pk__in=[])
    for target in targets:
        about |= Q(target_type=target._meta.label_lower, target_id=str(target.pk))
    changed = 0
    for text in sorted({t for t in texts if t and len(t) >= 3}, key=len, reverse=True):
        changed += AuditLog.objects.filter(about, target_repr__contains=text).update(
            target_repr=Replace("target_repr", Value(text), Value(replacement))
        )
    return changed
