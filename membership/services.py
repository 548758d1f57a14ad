"""Every write of the membership app (§3, §9): one function per use case.

Functions take keyword-only arguments, run in `transaction.atomic`, check the permission they
enforce (raising PermissionDenied) or validate their input (raising ValidationError with a
translated message) BEFORE writing anything, write an audit entry for sensitive changes, and queue
e-mail through the outbox inside the same transaction.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import (
    ActorType,
    Country,
    Mesa,
    PrivacyConsent,
    PrivacyNotice,
    Role,
    RoleAssignment,
)
from mecanismo.core.permissions import (
    can_assign_roles,
    can_coordinate_mesa,
    forget_roles,
    gtsc_agency_ids,
    is_admin,
)
from mecanismo.core.services import audit_record
from mecanismo.outbox.services import absolute_url, email_enqueue

from . import permissions
from .models import (
    ContactPerson,
    ContactStatus,
    Member,
    MemberKind,
    MembershipStatus,
    MesaMembership,
    RegistrationDraft,
    SelfDeclaration,
    normalise_name,
)
from .selectors import contact_users, forget_member, likely_duplicates, member_for_user
from .signals import (
    contact_person_approved,
    contact_person_left,
    mesa_membership_approved,
    mesa_membership_ended,
)

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


# --- e-mail -------------------------------------------------------------------------------------


def _email(*, key: str, user, template: str, context: dict, category: str = "membership"):
    """One e-mail to one account through the outbox (after commit, in the user's language)."""
    return email_enqueue(key=key, user=user, template=template, context=context, category=category)


# --- privacy ------------------------------------------------------------------------------------


def privacy_consent_record(*, user, notice: PrivacyNotice | None = None) -> PrivacyConsent:
    """Record that the user accepted a version of the privacy notice (§9), with the time."""
    notice = notice or PrivacyNotice.current()
    if notice is None:
        raise ValidationError(_("There is no privacy notice to accept yet."))
    consent, _created = PrivacyConsent.objects.get_or_create(user=user, notice=notice)
    return consent


def privacy_reconsent_needed(user) -> bool:
    """True when the user accepted an earlier notice but not the current one."""
    notice = PrivacyNotice.current()
    if notice is None or not user.is_authenticated:
        return False
    consents = set(PrivacyConsent.objects.filter(user=user).values_list("notice_id", flat=True))
    return bool(consents) and notice.pk not in consents


# --- registration -------------------------------------------------------------------------------


def registration_draft_save(*, user, step: str, data: dict) -> RegistrationDraft:
    """Keep the answers given so far (§3: progress kept if the person stops halfway)."""
    draft, _created = RegistrationDraft.objects.get_or_create(user=user)
    draft.data = {**draft.data, **data}
    draft.step = step
    draft.save()
    return draft


def _assert_no_profile(user) -> None:
    if ContactPerson.objects.filter(
        user=user, status__in=[ContactStatus.PENDING, ContactStatus.APPROVED]
    ).exists():
        raise ValidationError(
            _(
                "You already act for a member or have a pending request: "
                "one account acts for one member."
            )
        )


def self_declaration_save(*, user, data: dict) -> SelfDeclaration | None:
    """Store the optional self-declared answers of the person (§3). Never audited with values."""
    clean = {k: data.get(k) for k in SENSITIVE_FIELDS if k in data}
    if not clean:
        return None
    clean["gender"] = clean.get("gender") or ""
    for flag in ("indigenous", "afro_descendant", "lgbtiq", "disability", "youth"):
        clean[flag] = bool(clean.get(flag))
    declaration, _created = SelfDeclaration.objects.update_or_create(user=user, defaults=clean)
    return declaration


@transaction.atomic
def self_declaration_erase(*, user) -> None:
    """Erase the person's optional answers (§9). Audited without values."""
    deleted, _rows = SelfDeclaration.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action="self_declaration.erased", target=user)


@transaction.atomic
def member_register(
    *,
    user,
    kind: str,
    name: str,
    actor_type: ActorType,
    country: Country,
    position: str = "",
    profile: dict | None = None,
    self_declaration: dict | None = None,
) -> Member:
    """Create a member profile with the user as its first approved contact person (§3).

    Refuses a user who already acts for a member (one user, one member) and unknown countries or
    actor types. Likely duplicates are the view's concern (shown before this is called).
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    _assert_no_profile(user)
    if kind not in MemberKind.values:
        raise ValidationError(_("Choose whether you register an organisation or yourself."))
    if not isinstance(country, Country) or not Country.objects.filter(pk=country.pk).exists():
        raise ValidationError(_("Unknown country."))
    if not isinstance(actor_type, ActorType):
        raise ValidationError(_("Unknown actor type."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("A name is required."))
    values = {k: v for k, v in (profile or {}).items() if k in PROFILE_FIELDS}
    member = Member(kind=kind, name=name, actor_type=actor_type, country=country, **values)
    member.full_clean(exclude=["name_normalised", "subregion"])
    member.save()
    ContactPerson.objects.create(
        member=member,
        user=user,
        status=ContactStatus.APPROVED,
        position=position,
        decided_at=timezone.now(),
    )
    if kind == MemberKind.INDIVIDUAL and not user.full_name:
        user.full_name = name
        user.save(update_fields=["full_name"])
    if self_declaration:
        self_declaration_save(user=user, data=self_declaration)
    RegistrationDraft.objects.filter(user=user).delete()
    forget_member(user)
    audit_record(actor=user, action="member.registered", target=member, kind=kind)
    return member


@transaction.atomic
def contact_request_create(*, user, member: Member, position: str = "") -> ContactPerson:
    """Ask to be added as a contact person of an existing organisation (§3). Its approved
    contacts are told by e-mail; an organisation without contacts is decided by an admin."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    _assert_no_profile(user)
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
            key=f"membership:contact:{contact.pk}:requested:user:{decider.pk}",
            user=decider,
            template="membership/email/contact_requested",
            context={
                "member_name": member.name,
                "requester": user.full_name or user.email,
                "url": absolute_url("membership:contact_requests", decider.language),
            },
        )
    return contact


@transaction.atomic
def _decide(request_row, *, actor, approve: bool, reason: str) -> None:
    """Pending → approved or declined, for both kinds of request (a contact person's claim, a mesa
    membership): decided once, by whom and when, and never declined without a reason (§3)."""
    if request_row.status != "pending":
        raise PermissionDenied(_("This request has already been decided."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError(_("Give a reason when you decline a request."))
    request_row.status = "approved" if approve else "declined"
    request_row.decided_at = timezone.now()
    request_row.decided_by = actor
    request_row.decision_reason = reason
    request_row.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])


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
        key=f"membership:contact:{contact.pk}:decided:user:{contact.user_id}",
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
        if not isinstance(actor_type, ActorType) or actor_type.for_individuals != (
            member.kind == MemberKind.INDIVIDUAL
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


# --- mesas --------------------------------------------------------------------------------------


@transaction.atomic
def mesa_membership_request(
    *, actor, member: Member, mesas, motivation: str = ""
) -> list[MesaMembership]:
    """Ask to join one or more mesas (§3). Refuses, writing nothing, a mesa the member already
    belongs to or has a pending request for. Members join as many mesas as they like (§4)."""
    if not permissions.can_act_for_member(actor, member):
        raise PermissionDenied
    if member.archived_at is not None:
        raise ValidationError(_("This member is archived."))
    mesas = list(mesas)
    if not mesas:
        raise ValidationError(_("Choose at least one mesa."))
    Member.objects.select_for_update().filter(pk=member.pk).first()
    open_rows = set(
        MesaMembership.objects.filter(
            member=member, mesa__in=mesas, status__in=MesaMembership.OPEN_STATUSES
        ).values_list("mesa__number", flat=True)
    )
    if open_rows:
        names = ", ".join(f"MR {n}" for n in sorted(open_rows))
        raise ValidationError(
            _("You already belong to or have asked to join: %(mesas)s.") % {"mesas": names}
        )
    rows = []
    for mesa in mesas:
        row = MesaMembership.objects.create(
            member=member, mesa=mesa, requested_by=actor, motivation=motivation.strip()
        )
        audit_record(actor=actor, action="mesa_membership.requested", target=row, mesa=mesa.slug)
        _tell_coordinators(row)
        rows.append(row)
    return rows


def _tell_coordinators(row: MesaMembership) -> None:
    """One e-mail per coordinator of the mesa (only that mesa's) about a new request, in the
    coordinator's language, linking to the requests page. Switchable category."""
    mesa = row.mesa
    coordinators = get_user_model().objects.filter(
        pk__in=RoleAssignment.objects.active()
        .filter(role=Role.COORDINATOR, mesa=mesa)
        .values("user_id"),
        is_active=True,
    )
    for user in coordinators:
        _email(
            key=f"membership:request:{row.pk}:coordinator:{user.pk}",
            user=user,
            template="membership/email/request_received",
            context={
                "member_name": row.member.name,
                "mesa_number": mesa.number,
                "mesa_slug": mesa.slug,
                "motivation": row.motivation,
                "url": absolute_url("membership:mesa_requests", user.language, slug=mesa.slug),
            },
            category="coordinator_reminders",
        )


@transaction.atomic
def mesa_membership_decide(
    *, actor, membership_id: int, mesa: Mesa, approve: bool, reason: str = ""
) -> MesaMembership:
    """A coordinator of THIS mesa approves or declines a pending request (§3), with a reason when
    declining. Deciding a request of another mesa, or one already decided, is refused
    (PermissionDenied → 403) and writes nothing. The member's contacts get an e-mail each."""
    if not can_coordinate_mesa(actor, mesa):
        raise PermissionDenied
    row = (
        MesaMembership.objects.select_for_update(of=("self",))
        .select_related("member", "mesa")
        .filter(pk=membership_id)
        .first()
    )
    if row is None or row.mesa_id != mesa.pk:
        raise PermissionDenied(_("This request does not belong to this mesa."))
    _decide(row, actor=actor, approve=approve, reason=reason)
    audit_record(
        actor=actor,
        action="mesa_membership.approved" if approve else "mesa_membership.declined",
        target=row,
        mesa=mesa.slug,
        member_id=row.member_id,
    )
    if approve:
        mesa_membership_approved.send(sender=MesaMembership, membership=row)
    for user in contact_users([row.member_id]):
        _email(
            key=f"membership:request:{row.pk}:decided:user:{user.pk}",
            user=user,
            template="membership/email/request_decided",
            context={
                "member_name": row.member.name,
                "mesa_number": mesa.number,
                "mesa_slug": mesa.slug,
                "approved": approve,
                "reason": reason,
                "url": absolute_url("membership:my_mesas", user.language),
            },
        )
    return row


@transaction.atomic
def mesa_membership_leave(*, actor, membership_id: int) -> MesaMembership:
    """Leave a mesa, or withdraw a pending request (§3). The row is closed, never deleted;
    rejoining later creates a new row, so the history stays."""
    row = (
        MesaMembership.objects.select_for_update(of=("self",))
        .select_related("member", "mesa")
        .filter(pk=membership_id)
        .first()
    )
    if row is None or not permissions.can_act_for_member(actor, row.member):
        raise PermissionDenied
    if row.status == MembershipStatus.APPROVED:
        row.status = MembershipStatus.LEFT
        row.left_at = timezone.now()
        action = "mesa_membership.left"
    elif row.status == MembershipStatus.PENDING:
        row.status = MembershipStatus.WITHDRAWN
        row.left_at = timezone.now()
        action = "mesa_membership.withdrawn"
    else:
        raise ValidationError(_("You are not a member of this mesa."))
    row.save(update_fields=["status", "left_at"])
    audit_record(actor=actor, action=action, target=row, mesa=row.mesa.slug)
    if row.status == MembershipStatus.LEFT:
        mesa_membership_ended.send(sender=MesaMembership, membership=row)
    return row


def _close_memberships(member: Member, now) -> None:
    """Close every open row of a member (archived, or an individual whose person left): approved
    rows become left (and say so to subscribers), pending ones withdrawn."""
    approved = list(
        MesaMembership.objects.select_for_update(of=("self",))
        .filter(member=member, status=MembershipStatus.APPROVED)
        .select_related("mesa")
    )
    MesaMembership.objects.filter(pk__in=[r.pk for r in approved]).update(
        status=MembershipStatus.LEFT, left_at=now
    )
    MesaMembership.objects.filter(member=member, status=MembershipStatus.PENDING).update(
        status=MembershipStatus.WITHDRAWN, left_at=now
    )
    for row in approved:
        row.status, row.left_at = MembershipStatus.LEFT, now
        mesa_membership_ended.send(sender=MesaMembership, membership=row)


# --- coordinators -------------------------------------------------------------------------------


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


# --- one's own data (§9) ------------------------------------------------------------------------


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
    from allauth.account.models import EmailAddress

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
    from mecanismo.core.services import audit_forget_text
    from mecanismo.outbox.services import outbox_forget_person

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


def duplicates_for(*, name: str, country: Country) -> list[Member]:
    """Organisations with the same normalised name in the same country (§3)."""
    return list(likely_duplicates(name=normalise_name(name), country=country))
