"""Who may do what in the membership app (§1, §3). Views and templates ask these; they never
re-derive a rule. Built on the role helpers of `mecanismo.core.permissions`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from mecanismo.core.models import Mesa
from mecanismo.core.permissions import (
    can_assign_roles,
    can_coordinate_mesa,
    coordinated_mesa_ids,
    is_admin,
    is_gtsc_staff,
)

from .models import (
    ContactPerson,
    ContactStatus,
    Member,
    MemberKind,
    MembershipStatus,
    MesaMembership,
)
from .selectors import member_for_user


class MembershipAction(models.TextChoices):
    LEAVE = "leave", _("Leave the mesa")
    WITHDRAW = "withdraw", _("Withdraw the request")
    APPROVE = "approve", _("Approve")
    DECLINE = "decline", _("Decline")


def membership_actions(user, membership: MesaMembership) -> set[MembershipAction]:
    """What `user` may do to this mesa membership now (§3: pending → approved → left, or pending →
    declined / withdrawn). The member's contacts leave an approved row or withdraw a pending one;
    the coordinators of that mesa (and admins) approve or decline a pending one. Decided, left and
    withdrawn rows are history: nothing more happens to them. The pages show one button per
    action and the services refuse anything else."""
    actions: set[MembershipAction] = set()
    if membership.status == MembershipStatus.APPROVED:
        if can_act_for_member(user, membership.member):
            actions.add(MembershipAction.LEAVE)
    elif membership.status == MembershipStatus.PENDING:
        if can_act_for_member(user, membership.member):
            actions.add(MembershipAction.WITHDRAW)
        if can_coordinate_mesa(user, membership.mesa_id):
            actions |= {MembershipAction.APPROVE, MembershipAction.DECLINE}
    return actions


def can_act_for_member(user, member: Member) -> bool:
    """The member's approved contact persons (one user acts for one member, §3)."""
    acting = member_for_user(user)
    return acting is not None and acting.pk == member.pk


def can_edit_member(user, member: Member) -> bool:
    return is_admin(user) or can_act_for_member(user, member)


def can_decide_contact_request(user, contact: ContactPerson) -> bool:
    """An approved contact of the organisation, or an admin (the only way when it has none)."""
    if is_admin(user):
        return True
    return can_act_for_member(user, contact.member) and contact.user_id != user.pk


def can_view_contact_requests(user) -> bool:
    """The contact-requests page: admins, and people acting for a member (its own requests)."""
    return is_admin(user) or member_for_user(user) is not None


def can_view_member(user, member: Member) -> bool:
    """Listed members are public; unlisted ones are seen by their contacts, admins, GT-SC staff
    and coordinators of a mesa the member belongs to or asked to join."""
    if member.listed_in_directory and member.archived_at is None:
        return True
    if is_admin(user) or is_gtsc_staff(user) or can_act_for_member(user, member):
        return True
    mesa_ids = coordinated_mesa_ids(user)
    return bool(mesa_ids) and member.mesa_memberships.filter(mesa_id__in=mesa_ids).exists()


def may_be_named_in_public(member: Member) -> bool:
    """§9: a document anyone may read (the minutes PDF) names organisations and the individual
    members listed in the public directory; other individuals are counted, not named."""
    return member.kind != MemberKind.INDIVIDUAL or member.listed_in_directory


def can_view_mesa_members(user, mesa) -> bool:
    """The member list with contact e-mails: that mesa's coordinators (and admins)."""
    return can_coordinate_mesa(user, mesa)


def can_view_mesa_composition(user, mesa) -> bool:
    """The composition of a mesa (counts only, small cells suppressed, §8/§9): its coordinators,
    GT-SC staff and admins. Not members nor the public."""
    return can_coordinate_mesa(user, mesa) or is_gtsc_staff(user)


def can_manage_coordinators(user) -> bool:
    return can_assign_roles(user)


def coordinated_mesas(user):
    """The mesas the user coordinates (every mesa for admins), for the coordination hub."""
    if is_admin(user):
        return Mesa.objects.all()
    return Mesa.objects.filter(pk__in=coordinated_mesa_ids(user))


def pending_contact_requests_visible_to(user):
    """Contact requests the user may decide: of their own organisation; admins see those of
    organisations that have no approved contact (and every other one)."""
    qs = ContactPerson.objects.filter(status=ContactStatus.PENDING)
    if is_admin(user):
        return qs
    member = member_for_user(user)
    if member is None:
        return qs.none()
    return qs.filter(member=member).exclude(user=user)
