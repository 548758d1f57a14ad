"""The invitation of a person brought in by a member import (issue 14): a signed link, valid
`INVITATION_DAYS`, that works once; accepting it is the person's own consent (§9)."""

from __future__ import annotations

from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record

from ..models import ContactPerson, ContactStatus, MembershipStatus, MesaMembership
from ..selectors import forget_member
from ..signals import contact_person_approved, mesa_membership_approved
from .registration import privacy_consent_record

INVITATION_DAYS = 60
INVITATION_SALT = "membership.invitation"


def invitation_token(contact) -> str:
    return signing.dumps({"c": contact.pk, "u": contact.user_id}, salt=INVITATION_SALT)


def invitation_contact(token: str) -> ContactPerson | None:
    """The invited contact row of a link, or None for a link that is wrong, expired, already
    used or undone."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=timedelta(days=INVITATION_DAYS))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return (
        ContactPerson.objects.filter(
            pk=data.get("c"), user_id=data.get("u"), status=ContactStatus.INVITED
        )
        .select_related("member", "user")
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, password: str, accept_privacy: bool) -> ContactPerson:
    """An imported person takes their place (issue 14): they choose a password and accept the
    privacy notice themselves (§9); their contact row and their member's imported mesa
    memberships become approved; their address counts as verified (they followed the link
    sent to it). Until then they were counted nowhere."""
    contact = invitation_contact(token)
    if contact is None:
        raise ValidationError(_("This invitation link is not valid any more."))
    contact = ContactPerson.objects.select_for_update(of=("self",)).get(pk=contact.pk)
    if contact.status != ContactStatus.INVITED:
        raise ValidationError(_("This invitation link is not valid any more."))
    user = contact.user
    if not accept_privacy:
        raise ValidationError({"accept": _("Accept the privacy notice to continue.")})
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    privacy_consent_record(user=user)
    now = timezone.now()
    contact.status = ContactStatus.APPROVED
    contact.decided_at = now
    contact.save(update_fields=["status", "decided_at"])
    invited = MesaMembership.objects.select_for_update(of=("self",)).filter(
        member=contact.member, status=MembershipStatus.INVITED
    )
    for membership in invited:
        membership.status = MembershipStatus.APPROVED
        membership.decided_at = now
        membership.save(update_fields=["status", "decided_at"])
        mesa_membership_approved.send(sender=MesaMembership, membership=membership)
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    forget_member(user)
    contact_person_approved.send(sender=ContactPerson, contact=contact)
    audit_record(actor=user, action="member.invitation_accepted", target=contact.member)
    return contact
