"""Registration (§3): privacy consent, the saved draft, the member profile, optional answers."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import (
    ActorType,
    Country,
    PrivacyConsent,
    PrivacyNotice,
)
from mecanismo.core.services import audit_record
from mecanismo.core.timezones import default_zone_for_country

from ..models import (
    ContactPerson,
    ContactStatus,
    Member,
    MemberKind,
    RegistrationDraft,
    SelfDeclaration,
)
from ..selectors import forget_member
from ._common import PROFILE_FIELDS, SENSITIVE_FIELDS


def privacy_consent_record(*, user, notice: PrivacyNotice | None = None) -> PrivacyConsent:
    """Record that the user accepted a version of the privacy notice (§9), with the time."""
    notice = notice or PrivacyNotice.current()
    if notice is None:
        raise ValidationError(_("There is no privacy notice to accept yet."))
    consent, _created = PrivacyConsent.objects.get_or_create(user=user, notice=notice)
    return consent


@transaction.atomic
def registration_draft_save(*, user, step: str, data: dict) -> RegistrationDraft:
    """Keep the answers given so far (§3: progress kept if the person stops halfway)."""
    draft, _created = RegistrationDraft.objects.get_or_create(user=user)
    draft.data = {**draft.data, **data}
    draft.step = step
    draft.save()
    return draft


def _assert_no_profile(user) -> None:
    if ContactPerson.objects.filter(user=user, status=ContactStatus.INVITED).exists():
        # Brought in by a member import (issue 14): the invitation is the way in, not a
        # second registration (one account, one member).
        raise ValidationError(
            _(
                "You were invited to act for a member: open the link of the invitation e-mail "
                "to accept it."
            )
        )
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
    contact_name: str = "",
    profile: dict | None = None,
    self_declaration: dict | None = None,
) -> Member:
    """Create a member profile with the user as its first approved contact person (§3).

    Refuses a user who already acts for a member (one user, one member), unknown countries and
    actor types not offered to this kind of member. An organisation's contact person gives their
    name (`contact_name`, issue 10): others read it instead of an e-mail address. Likely
    duplicates are the view's concern (shown before this is called).
    """
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    _assert_no_profile(user)
    if kind not in MemberKind.values:
        raise ValidationError(_("Choose whether you register an organisation or yourself."))
    if not isinstance(country, Country) or not Country.objects.filter(pk=country.pk).exists():
        raise ValidationError(_("Unknown country."))
    if not isinstance(actor_type, ActorType) or not actor_type.fits(
        individual=(kind == MemberKind.INDIVIDUAL)
    ):
        raise ValidationError(_("Unknown actor type."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("A name is required."))
    contact_name = " ".join((contact_name or "").split())
    if kind == MemberKind.ORGANISATION and not (contact_name or user.full_name):
        raise ValidationError(_("Tell us your name."))
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
    _default_time_zone_from_country(user, country)
    person_name = name if kind == MemberKind.INDIVIDUAL else contact_name
    if person_name and (kind == MemberKind.ORGANISATION or not user.full_name):
        user.full_name = person_name
        user.save(update_fields=["full_name"])
    if self_declaration:
        self_declaration_save(user=user, data=self_declaration)
    RegistrationDraft.objects.filter(user=user).delete()
    forget_member(user)
    audit_record(actor=user, action="member.registered", target=member, kind=kind)
    return member


def _default_time_zone_from_country(user, country: Country) -> None:
    """A person who never chose a zone gets their country's (issue 10), when it has just one;
    a country with several is asked on the personal home (membership/pending.py)."""
    if user.time_zone != settings.TIME_ZONE:
        return
    zone = default_zone_for_country(country.code)
    if zone and zone != user.time_zone:
        user.time_zone = zone
        user.save(update_fields=["time_zone"])
