"""Receivers of membership's signals (connected in MesasConfig.ready): keep the invitations of
upcoming meetings in step with who belongs to a mesa. Membership only announces the change; what
it means for meetings is decided here, through mesas.services."""

from django.dispatch import receiver

from membership.signals import (
    contact_person_approved,
    contact_person_left,
    mesa_membership_approved,
    mesa_membership_ended,
)

from .services import (
    invitations_contact_joined,
    invitations_contact_left,
    invitations_member_joined,
    invitations_member_left,
)


@receiver(mesa_membership_approved, dispatch_uid="mesas_invite_new_mesa_member")
def invite_new_mesa_member(sender, membership, **kwargs):
    invitations_member_joined(member_id=membership.member_id, mesa_id=membership.mesa_id)


@receiver(mesa_membership_ended, dispatch_uid="mesas_uninvite_former_mesa_member")
def uninvite_former_mesa_member(sender, membership, **kwargs):
    invitations_member_left(member_id=membership.member_id, mesa_id=membership.mesa_id)


@receiver(contact_person_approved, dispatch_uid="mesas_invite_new_contact_person")
def invite_new_contact_person(sender, contact, **kwargs):
    invitations_contact_joined(member_id=contact.member_id)


@receiver(contact_person_left, dispatch_uid="mesas_uninvite_former_contact_person")
def uninvite_former_contact_person(sender, contact, **kwargs):
    invitations_contact_left(member_id=contact.member_id, user_id=contact.user_id)
