"""Reads of inputs, consultations, recommendations and indicators (§2, §6, §7), shared by pages,
e-mails, the open-data API and, later, the dashboards. Each queryset carries what its page needs,
so a page costs the same number of queries however many rows it lists."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mecanismo.core.models import Objective
from membership.selectors import approved_members, contact_users
from vinculacion import selectors as linking_table

from .models import (
    Addressee,
    AgendaItem,
    Body,
    BodyKind,
    FollowUp,
    Indicator,
    Input,
    InputStatus,
    Measurement,
    MeetingStatus,
    Recommendation,
    RecommendationStatus,
    ResponseStatus,
)


def body_member_users(body: Body) -> QuerySet:
    """Who takes part in a body's consultations: contact persons of the mesa's approved members;
    for the linking table, its members (derived from mandates, vinculacion.selectors)."""
    if body.kind == BodyKind.MESA:
        return contact_users(approved_members(body.mesa_id).values("pk")).order_by("pk")
    if body.kind == BodyKind.LINKING_TABLE:
        return linking_table.linking_table_users()
    return get_user_model().objects.none()


def input_bodies() -> QuerySet[Body]:
    return Body.objects.filter(kind__in=[BodyKind.MESA, BodyKind.LINKING_TABLE]).order_by("sort")


def _inputs() -> QuerySet[Input]:
    return Input.objects.select_related(
        "body", "member", "submitted_by", "agenda_item__meeting", "consultation", "recommendation"
    ).prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("number")))


def inputs_for_body(body: Body, *, status: str = "", objective: int | None = None):
    qs = _inputs().filter(body=body)
    if status:
        qs = qs.filter(status=status)
    if objective:
        qs = qs.filter(objectives__number=objective)
    return qs.order_by("-created_at", "-id")


def inputs_of_user(user) -> QuerySet[Input]:
    """An author's own inputs (and those of the member they act for)."""
    from membership.selectors import member_for_user

    member = member_for_user(user)
    who = Q(submitted_by=user) | (Q(member=member) if member else Q(pk__in=[]))
    return _inputs().filter(who).order_by("-created_at", "-id")


def published_inputs() -> QuerySet[Input]:
    return (
        _inputs()
        .filter(may_publish=True)
        .exclude(status=InputStatus.RECEIVED)
        .order_by("-created_at")
    )


def _overdue(today=None):
    today = today or timezone.localdate()
    return Exists(
        Addressee.objects.filter(
            recommendation=OuterRef("pk"),
            response_status=ResponseStatus.NONE,
            response_due_on__lt=today,
        )
    )


def recommendations_list(*, include_unpublished: bool = False) -> QuerySet[Recommendation]:
    """Recommendations with their body, objectives and addressees, flagged `is_overdue` (an
    addressee without a response after the due date)."""
    qs = Recommendation.objects.select_related("body").prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("number")),
        Prefetch("addressees", queryset=Addressee.objects.select_related("country")),
    )
    if not include_unpublished:
        qs = qs.filter(status=RecommendationStatus.PUBLISHED)
    qs = qs.annotate(is_overdue=_overdue())
    return qs.order_by("-published_at", "-id")


def recommendations_filtered(
    *,
    body: str = "",
    objective: int | None = None,
    country: str = "",
    response: str = "",
    implementation: str = "",
) -> QuerySet[Recommendation]:
    qs = recommendations_list()
    if body:
        qs = qs.filter(body__slug=body)
    if objective:
        qs = qs.filter(objectives__number=objective)
    if country:
        qs = qs.filter(addressees__country__code=country)
    if response:
        qs = qs.filter(
            Exists(
                Addressee.objects.filter(recommendation=OuterRef("pk"), response_status=response)
            )
        )
    if implementation:
        qs = qs.filter(implementation_status=implementation)
    return qs.distinct() if (objective or country) else qs


def recommendation_page() -> QuerySet[Recommendation]:
    return (
        recommendations_list(include_unpublished=True)
        .select_related("adopted_at_meeting", "document", "adopted_at_meeting__minutes")
        .prefetch_related(
            "versions",
            Prefetch("translations", queryset=_translations()),
            Prefetch(
                "follow_ups",
                queryset=FollowUp.objects.select_related(
                    "addressee__country", "source_meeting"
                ).order_by("on", "id"),
            ),
        )
    )


def _translations():
    from .models import RecommendationTranslation

    return RecommendationTranslation.objects.select_related("document").order_by("language")


def indicators_published() -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(is_published=True)
        .prefetch_related(
            Prefetch("objectives", queryset=Objective.objects.order_by("number")),
            Prefetch(
                "measurements",
                queryset=Measurement.objects.filter(replaced_at__isnull=True).order_by("period"),
                to_attr="current_measurements",
            ),
        )
        .order_by("name", "id")
    )


def indicator_history(indicator: Indicator) -> QuerySet[Measurement]:
    return indicator.measurements.filter(replaced_at__isnull=False).order_by(
        "period", "recorded_at"
    )


def objective_agenda_items(objective: Objective) -> QuerySet[AgendaItem]:
    """Agenda items of public, not cancelled meetings tagged with the objective, newest first."""
    return (
        AgendaItem.objects.filter(
            objectives=objective,
            meeting__is_public=True,
            meeting__status=MeetingStatus.SCHEDULED,
        )
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "position")
    )


def objective_inputs(objective: Objective) -> QuerySet[Input]:
    return published_inputs().filter(objectives=objective)


def objective_recommendations(objective: Objective) -> QuerySet[Recommendation]:
    return recommendations_list().filter(objectives=objective)


def objective_indicators(objective: Objective) -> QuerySet[Indicator]:
    return indicators_published().filter(objectives=objective)


def dialogue_candidates(dialogue) -> QuerySet[Recommendation]:
    """Adopted or published recommendations with a participating government still without a
    response, overdue ones first: the dialogue's agenda can start from them."""
    countries = dialogue.countries.values("pk")
    waiting = Addressee.objects.filter(
        recommendation=OuterRef("pk"),
        country__in=countries,
        response_status=ResponseStatus.NONE,
    )
    return (
        recommendations_list(include_unpublished=True)
        .exclude(status=RecommendationStatus.DRAFT)
        .filter(Exists(waiting))
        .order_by("-is_overdue", "-published_at", "-id")
    )


def dialogue_page():
    from .models import Dialogue, DialoguePresentation

    return Dialogue.objects.select_related("meeting__body").prefetch_related(
        "countries",
        Prefetch(
            "presentations",
            queryset=DialoguePresentation.objects.select_related("recommendation"),
        ),
    )
