"""What membership's services share: e-mail, the field lists, one rule for deciding a request."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.outbox.services import email_enqueue

SENSITIVE_FIELDS = (
    "gender",
    "migrant_experience",
    "indigenous",
    "afro_descendant",
    "lgbtiq",
    "disability",
    "youth",
)


PROFILE_FIELDS = (
    "works_local",
    "works_national",
    "works_regional",
    "gathers_networks",
    "description",
    "website",
    "listed_in_directory",
)


def _email(*, key: str, user, template: str, context: dict, category: str = "membership"):
    """One e-mail to one account through the outbox (after commit, in the user's language)."""
    return email_enqueue(key=key, user=user, template=template, context=context, category=category)


def decision_reason_check(*, approve: bool, reason: str) -> str:
    """A request (a contact person's claim, a mesa membership) is never declined without a
    reason (§3). Returns the reason stripped; the decision form shows the same error."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give a reason when you decline a request.")})
    return reason


@transaction.atomic
def _decide(request_row, *, actor, approve: bool, reason: str) -> None:
    """Pending → approved or declined, for both kinds of request (a contact person's claim, a mesa
    membership): decided once, by whom and when, and never declined without a reason (§3)."""
    if request_row.status != "pending":
        raise PermissionDenied(_("This request has already been decided."))
    reason = decision_reason_check(approve=approve, reason=reason)
    request_row.status = "approved" if approve else "declined"
    request_row.decided_at = timezone.now()
    request_row.decided_by = actor
    request_row.decision_reason = reason
    request_row.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
