"""Writes shared by every app: the audit log (§9)."""

from django.db import models

from .models import AuditLog


def audit_record(*, actor, action: str, target: models.Model | None = None, **data) -> AuditLog:
    """Write one audit entry. `data` must never hold sensitive values (gender, migrant
    experience, at-risk groups): record that something changed, not what it changed to."""
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        data=data,
    )
