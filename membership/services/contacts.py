"""Contact persons: asking to act for an existing organisation, and deciding it (§3)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from mecanismo.core.services import audit_record
from mecanismo.outbox import keys
from mecanismo.outbox.services import absolute_url

from .. import permissions
from ..models import (
    ContactPerson,
    ContactStatus,
    Member,
    MemberKind,
    RegistrationDraft,
)
from ..selectors import contact_users, forget_member
from ..signals import (
    contact_person_approved,
)
from ._common import _decide, _email
from .registration import _assert_no_profile


@transaction.atomic
def contact_request_create(
    *, user, member: Member, position: str = "", full_name: str = ""
) -> ContactPerson:
    """Ask to be added as a contact person of an existing organisation (§3). Its approved
    contacts are told by e-mail; an organisation without contacts is decided by an admin. The
    person gives their name unless the account has one (issue 10): deciders read a name."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    _assert_no_profile(user)
    full_name = " ".join((full_name or "").split())
    if not (full_name or user.full_name):
        raise ValidationError(_("Tell us your name."))
    if full_name and full_name != user.full_name:
        user.full_name = full_name
        user.save(update_fields=["full_name"])
    if member.kind != MemberKind.ORGANISATION or member.archived_at is not None:
        raise ValidationError(_("Only active organisations can take new contact persons."))
    try:
        with transaction.atomic():
            contact = ContactPerson.objects.create(
                member=member, user=user, status=ContactStatus.PENDING, position=position
            )
    except IntegrityError as exc:
        raise ValidationError(_("You already have a pending request.")) from exc
    RegistrationDraft.objects.filter(user=user).delete()
    audit_record(actor=user, action="contact.requested", target=member, contact_id=contact.pk)
    deciders = list(contact_users([member.pk])) or list(
        get_user_model().objects.filter(is_superuser=True, is_active=True)
    )
    for decider in deciders:
        _email(
            key=keys.contact_requested(contact, decider),
            user=decider,
            template="membership/email/contact_requested",
            context={
                "member_name": member.name,
                "requester": user.display_name,
                "url": absolute_url("membership:contact_requests", decider.language),
            },
        )
    return contact


@transaction.atomic
def contact_request_decide(
    *, actor, contact_id: int, approve: bool, reason: str = ""
) -> ContactPerson:
    """Approve or decline a request to act for an organisation (§3): by one of its approved
    contacts, or by an admin. A decided request cannot be decided again (PermissionDenied)."""
    contact = (
        ContactPerson.objects.select_for_update(of=("self",))
        .select_related("member", "user")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise PermissionDenied
    if not permissions.can_decide_contact_request(actor, contact):
        raise PermissionDenied
    _decide(contact, actor=actor, approve=approve, reason=reason)
    audit_record(
        actor=actor,
        action="contact.approved" if approve else "contact.declined",
        target=contact.member,
        contact_id=contact.pk,
        user_id=contact.user_id,
    )
    _email(
        key=keys.contact_decided(contact),
        user=contact.user,
        template="membership/email/contact_decided",
        context={
            "member_name": contact.member.name,
            "approved": approve,
            "reason": reason,
            "url": absolute_url("membership:my_mesas", contact.user.language),
        },
    )
    forget_member(contact.user)
    if approve:
        contact_person_approved.send(sender=ContactPerson, contact=contact)
    return contact
