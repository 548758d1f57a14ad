"""Mesa memberships (§3): request, decide, leave; history is never overwritten."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mecanismo.core.models import Mesa
from mecanismo.core.permissions import (
    can_coordinate_mesa,
)
from mecanismo.core.selectors import mesa_coordinators
from mecanismo.core.services import audit_record
from mecanismo.outbox import keys
from mecanismo.outbox.services import absolute_url

from .. import permissions
from ..models import (
    Member,
    MembershipStatus,
    MesaMembership,
)
from ..permissions import MembershipAction, membership_actions
from ..selectors import contact_users
from ..signals import (
    mesa_membership_approved,
    mesa_membership_ended,
)
from ._common import _decide, _email


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
    for user in mesa_coordinators(mesa):
        _email(
            key=keys.mesa_request_received(row, user),
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
    action = MembershipAction.APPROVE if approve else MembershipAction.DECLINE
    if action not in membership_actions(actor, row):
        raise PermissionDenied(_("This request has already been decided."))
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
            key=keys.mesa_request_decided(row, user),
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
    actions = membership_actions(actor, row)
    if MembershipAction.LEAVE in actions:
        row.status = MembershipStatus.LEFT
        row.left_at = timezone.now()
        action = "mesa_membership.left"
    elif MembershipAction.WITHDRAW in actions:
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


@transaction.atomic
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
