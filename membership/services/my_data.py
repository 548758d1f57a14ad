"""A member's own data (§9): export, account deletion (anonymisation), archiving."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import (
    PrivacyConsent,
    RoleAssignment,
)
from mecanismo.core.permissions import (
    is_admin,
)
from mecanismo.core.services import audit_forget_text, audit_record
from mecanismo.outbox.services import outbox_forget_person

from ..models import (
    ContactPerson,
    ContactStatus,
    Member,
    MemberKind,
    RegistrationDraft,
    SelfDeclaration,
)
from ..selectors import forget_member, member_for_user
from ..signals import (
    contact_person_left,
)
from ._common import PROFILE_FIELDS, SENSITIVE_FIELDS
from .memberships import _close_memberships


def _dt(value):
    return value.isoformat() if value else None


@transaction.atomic
def my_data_export(*, user) -> dict:
    """Everything the portal holds about the person and their organisation (§9), as JSON-ready
    data. The person's own self-declaration is included: it is theirs. Audited (not the values)."""
    declaration = SelfDeclaration.objects.filter(user=user).first()
    contacts = ContactPerson.objects.filter(user=user).select_related("member")
    data = {
        "generated_at": _dt(timezone.now()),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "language": user.language,
            "time_zone": user.time_zone,
            "date_joined": _dt(user.date_joined),
            "last_login": _dt(user.last_login),
        },
        "privacy_consents": [
            {"version": c.notice.version, "accepted_at": _dt(c.accepted_at)}
            for c in PrivacyConsent.objects.filter(user=user).select_related("notice")
        ],
        "self_declaration": (
            {f: getattr(declaration, f) for f in SENSITIVE_FIELDS} if declaration else None
        ),
        "contact_roles": [
            {
                "member_id": c.member_id,
                "member_name": c.member.name,
                "status": c.status,
                "position": c.position,
                "requested_at": _dt(c.requested_at),
                "decided_at": _dt(c.decided_at),
                "left_at": _dt(c.left_at),
            }
            for c in contacts
        ],
        "roles": [
            {
                "role": r.role,
                "mesa": r.mesa.slug if r.mesa_id else None,
                "agency": r.agency.code if r.agency_id else None,
                "starts_on": str(r.starts_on),
                "ends_on": str(r.ends_on) if r.ends_on else None,
            }
            for r in RoleAssignment.objects.filter(user=user).select_related("mesa", "agency")
        ],
        "member": None,
    }
    member = member_for_user(user)
    if member is not None:
        data["member"] = {
            "id": member.pk,
            "kind": member.kind,
            "name": member.name,
            "actor_type": member.actor_type.code,
            "country": member.country.code,
            "subregion": member.subregion,
            **{f: getattr(member, f) for f in PROFILE_FIELDS},
            "created_at": _dt(member.created_at),
            "contact_persons": [
                {"name": c.user.full_name, "email": c.user.email, "position": c.position}
                for c in member.contacts.filter(status=ContactStatus.APPROVED).select_related(
                    "user"
                )
            ],
            "mesa_memberships": [
                {
                    "mesa": m.mesa.slug,
                    "status": m.status,
                    "requested_at": _dt(m.requested_at),
                    "decided_at": _dt(m.decided_at),
                    "decision_reason": m.decision_reason,
                    "left_at": _dt(m.left_at),
                    "motivation": m.motivation,
                }
                for m in member.mesa_memberships.select_related("mesa").order_by("requested_at")
            ],
        }
    audit_record(actor=user, action="my_data.exported", target=user)
    return data


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete one's account (§9) by anonymising the person: name and e-mail replaced, sensitive
    answers removed, login disabled. Rows that other records count (memberships, attendance,
    minutes) stay, so totals and past minutes remain coherent. An individual member is anonymised
    with its person and leaves its mesas; an organisation whose last contact leaves stays, without
    contacts, until an admin archives it."""
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        raise ValidationError(_("This account has already been deleted."))
    now = timezone.now()
    old_email, old_names = user.email, [user.full_name]
    about_them = [user, *ContactPerson.objects.filter(user=user)]
    for contact in (
        ContactPerson.objects.select_for_update()
        .filter(user=user, status__in=[ContactStatus.PENDING, ContactStatus.APPROVED])
        .select_related("member")
    ):
        member = contact.member
        if member.kind == MemberKind.INDIVIDUAL:
            old_names.append(member.name)
            about_them += [member, *member.mesa_memberships.all()]
        contact.status = ContactStatus.LEFT
        contact.left_at = now
        contact.position = ""
        contact.save(update_fields=["status", "left_at", "position"])
        contact_person_left.send(sender=ContactPerson, contact=contact)
        if member.kind == MemberKind.INDIVIDUAL:
            member.name = _anonymous_name(member)
            member.description = ""
            member.website = ""
            member.listed_in_directory = False
            member.save()
            _close_memberships(member, now)
    SelfDeclaration.objects.filter(user=user).delete()
    RegistrationDraft.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    user.full_name = ""
    user.email = f"deleted-{user.pk}@anonymised.invalid"
    user.set_unusable_password()
    user.is_active = False
    user.anonymised_at = now
    user.save()
    # Queued and sent e-mails and the audit log's labels forget the person too (§9).
    replacement = _("Anonymised member")
    outbox_forget_person(
        user_id=user.pk,
        email=old_email,
        anonymous_email=user.email,
        names=old_names,
        replacement=replacement,
    )
    audit_forget_text(targets=about_them, texts=[old_email, *old_names], replacement=replacement)
    forget_member(user)
    audit_record(actor=user, action="account.deleted", target=user, user_id=user.pk)


def _anonymous_name(member: Member) -> str:
    return f"{_('Anonymised member')} #{member.pk}"


@transaction.atomic
def member_archive(*, actor, member: Member) -> Member:
    """An admin archives a member (e.g. an organisation left without contacts, §9): hidden from
    the directory, open mesa memberships closed. History stays."""
    if not is_admin(actor):
        raise PermissionDenied
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.archived_at is not None:
        return member
    now = timezone.now()
    member.archived_at = now
    member.listed_in_directory = False
    member.save(update_fields=["archived_at", "listed_in_directory"])
    _close_memberships(member, now)
    audit_record(actor=actor, action="member.archived", target=member)
    return member
