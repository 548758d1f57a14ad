"""Who may do what with inputs, consultations, recommendations and indicators (§2, §6, §7).
Beside mesas/permissions.py (bodies and meetings), whose `can_coordinate_body` is the base of
every rule here; views and templates ask these functions and nothing else re-derives a rule."""

from __future__ import annotations

from mecanismo.core import permissions as core
from membership.models import MembershipStatus
from membership.selectors import member_for_user

from .models import Body, BodyKind, Consultation, Input, Recommendation, RecommendationStatus
from .permissions import can_coordinate_body

INPUT_BODY_KINDS = (BodyKind.MESA, BodyKind.LINKING_TABLE)
RECOMMENDATION_BODY_KINDS = (BodyKind.MESA, BodyKind.LINKING_TABLE)


def can_submit_input(user, body: Body) -> bool:
    """The open, equal channel: any member (organisation contact or individual) may send an input
    to any mesa or to the linking table, whatever mesas it belongs to (ToR 'Transparencia')."""
    return body.kind in INPUT_BODY_KINDS and member_for_user(user) is not None


def is_input_author(user, item: Input) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if item.submitted_by_id == user.pk:
        return True
    member = member_for_user(user)
    return member is not None and item.member_id == member.pk


def can_view_input(user, item: Input) -> bool:
    """Published inputs: everyone. Others: their author (and the member's contacts), the body's
    coordinators and GT-SC staff."""
    if item.is_public:
        return True
    return (
        is_input_author(user, item)
        or can_coordinate_body(user, item.body)
        or core.is_gtsc_staff(user)
    )


def can_manage_inputs(user, body: Body) -> bool:
    return can_coordinate_body(user, body)


def is_body_member(user, body: Body) -> bool:
    """Members of a body for consultations: contacts of the mesa's approved members; for the
    linking table, its members."""
    if not getattr(user, "is_authenticated", False):
        return False
    if body.kind == BodyKind.MESA:
        member = member_for_user(user)
        return (
            member is not None
            and member.mesa_memberships.filter(
                mesa_id=body.mesa_id, status=MembershipStatus.APPROVED
            ).exists()
        )
    if body.kind == BodyKind.LINKING_TABLE:
        return core.is_linking_table_member(user)
    return False


def can_view_consultation(user, consultation: Consultation) -> bool:
    return can_coordinate_body(user, consultation.body) or is_body_member(user, consultation.body)


def can_comment_consultation(user, consultation: Consultation) -> bool:
    return consultation.is_open and can_view_consultation(user, consultation)


def can_manage_recommendation(user, body: Body) -> bool:
    return body.kind in RECOMMENDATION_BODY_KINDS and can_coordinate_body(user, body)


def can_view_recommendation(user, rec: Recommendation) -> bool:
    return rec.is_published or can_manage_recommendation(user, rec.body)


def can_record_follow_up(user, rec: Recommendation) -> bool:
    """The body's coordinators, and GT-SC staff (the Regional Network facilitates the dialogues
    where governments answer)."""
    return rec.status != RecommendationStatus.DRAFT and (
        can_coordinate_body(user, rec.body) or core.is_gtsc_staff(user)
    )


def indicators_body() -> Body | None:
    return Body.objects.filter(kind=BodyKind.INDICATORS).order_by("sort").first()


def can_manage_indicators(user) -> bool:
    """Members of the indicators commission (§7): whoever coordinates that body."""
    body = indicators_body()
    return body is not None and can_coordinate_body(user, body)
