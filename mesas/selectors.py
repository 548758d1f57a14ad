"""Reads shared by the mesas pages, feeds and dashboards. Every queryset carries the
select_related / prefetch_related its page needs, so a page costs a constant number of queries
however many agenda items, invitees or meetings there are (§10)."""

from __future__ import annotations

import datetime
import zoneinfo

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mecanismo.core.models import Mesa, Objective, Role, User
from mecanismo.core.selectors import mesa_coordinators, role_holders
from vinculacion import selectors as linking_table

from .models import (
    ActionItem,
    ActionStatus,
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Attendance,
    Body,
    BodyKind,
    Cadence,
    Invitation,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    MinutesVersion,
    ProposalStatus,
    Rsvp,
)


def mesas_with_objectives() -> QuerySet[Mesa]:
    return Mesa.objects.prefetch_related(
        Prefetch("objectives", queryset=Objective.objects.order_by("number"))
    ).order_by("number")


def objectives_with_mesa() -> QuerySet[Objective]:
    return Objective.objects.select_related("mesa").order_by("number")


# --------------------------------------------------------------------------- audiences


def body_coordinators(body: Body) -> QuerySet[User]:
    """Who coordinates a body today (the people the quarter rule reminds, and who is always
    invited): a mesa's coordinators; the linking table's members (derived from the current
    mandates and agency designations, vinculacion.selectors); GT-SC staff for the dialogues with
    governments; linking-table members and GT-SC staff for the indicators commission. Active
    people only; admins coordinate everything but are not reminded (§1, §5, §6)."""
    if body.kind == BodyKind.MESA:
        return mesa_coordinators(body.mesa_id)
    if body.kind == BodyKind.LINKING_TABLE:
        return linking_table.linking_table_users()
    if body.kind == BodyKind.DIALOGUE:
        return role_holders(Role.GTSC_STAFF)
    return role_holders(Role.GTSC_STAFF) | linking_table.linking_table_users()


def invitation_for(user, meeting: Meeting) -> Invitation | None:
    """The person's invitation to the meeting (None for anonymous visitors and people not
    invited): what the page, the video-link rule and the services ask about the viewer."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Invitation.objects.filter(meeting=meeting, user=user).first()


# --------------------------------------------------------------------------- bodies


def _count(model, *, filter_q: Q | None = None, outer: str = "meeting") -> Subquery:
    """A correlated COUNT, so several counts on one row never multiply each other."""
    qs = model.objects.filter(**{outer: OuterRef("pk")})
    if filter_q is not None:
        qs = qs.filter(filter_q)
    qs = qs.order_by().values(outer).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(qs, output_field=IntegerField()), Value(0))


def cadence_period(
    cadence: str, day: datetime.date
) -> tuple[datetime.date, datetime.date, str] | None:
    """The quarter or semester (by `cadence`) containing `day`; None for other cadences."""
    if cadence == Cadence.QUARTERLY:
        index, months, label = (day.month - 1) // 3, 3, f"{day.year}Q{(day.month - 1) // 3 + 1}"
    elif cadence == Cadence.SEMESTER:
        index, months, label = (day.month - 1) // 6, 6, f"{day.year}S{(day.month - 1) // 6 + 1}"
    else:
        return None
    start = datetime.date(day.year, index * months + 1, 1)
    end_month = index * months + months + 1
    end = (
        datetime.date(day.year + 1, 1, 1)
        if end_month > 12
        else datetime.date(day.year, end_month, 1)
    )
    return start, end, label


def period_range(start: datetime.date, end: datetime.date):
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return (
        datetime.datetime.combine(start, datetime.time(), zone),
        datetime.datetime.combine(end, datetime.time(), zone),
    )


def period_of(body: Body, day: datetime.date) -> tuple[datetime.date, datetime.date, str] | None:
    """The calendar period a body must meet in (quarter, or semester for the dialogues), as
    (first day, first day of the next period, label); None for bodies meeting as they decide."""
    return cadence_period(body.cadence, day)


def body_has_meeting_in_period(body: Body, day: datetime.date) -> bool | None:
    """Whether the body has a meeting held or scheduled in the period of `day` (the quarter
    rule, §6); None for bodies without a cadence."""
    period = period_of(body, day)
    if period is None:
        return None
    lo, hi = period_range(period[0], period[1])
    return Meeting.objects.filter(
        body=body, status=MeetingStatus.SCHEDULED, starts_at__gte=lo, starts_at__lt=hi
    ).exists()


def period_bounds(day: datetime.date) -> dict[str, tuple]:
    """Current quarter and semester of `day` as aware datetimes in the portal's zone:
    {"quarter": (lo, hi, label, (first day, next first day)), "semester": (...)}."""
    bounds = {}
    for key, cadence in (("quarter", Cadence.QUARTERLY), ("semester", Cadence.SEMESTER)):
        start, end, label = cadence_period(cadence, day)
        bounds[key] = (*period_range(start, end), label, (start, end))
    return bounds


def bodies_with_status(day: datetime.date | None = None) -> QuerySet[Body]:
    """Every body with `met_quarter` / `met_semester` (a meeting held or scheduled in the current
    period), open action items and pending proposals counted. One query for the whole list."""
    day = day or timezone.localdate()
    bounds = period_bounds(day)

    def met(lo, hi):
        return Exists(
            Meeting.objects.filter(
                body=OuterRef("pk"),
                status=MeetingStatus.SCHEDULED,
                starts_at__gte=lo,
                starts_at__lt=hi,
            )
        )

    return (
        Body.objects.select_related("mesa")
        .annotate(
            met_quarter=met(*bounds["quarter"][:2]),
            met_semester=met(*bounds["semester"][:2]),
            open_actions=_count(ActionItem, filter_q=Q(status=ActionStatus.OPEN), outer="body"),
            pending_proposals=_count(
                AgendaProposal,
                filter_q=Q(status=ProposalStatus.PENDING, meeting__status=MeetingStatus.SCHEDULED),
                outer="meeting__body",
            ),
        )
        .order_by("sort", "slug")
    )


def decorate_period(body: Body, day: datetime.date | None = None) -> Body:
    """Sets body.period_label and body.flagged (no meeting in a period the body must meet in)."""
    day = day or timezone.localdate()
    bounds = period_bounds(day)
    if body.cadence == Cadence.QUARTERLY:
        body.period_label, body.flagged = bounds["quarter"][2], not body.met_quarter
    elif body.cadence == Cadence.SEMESTER:
        body.period_label, body.flagged = bounds["semester"][2], not body.met_semester
    else:
        body.period_label, body.flagged = "", False
    return body


def bodies_overview(day: datetime.date | None = None) -> list[Body]:
    return [decorate_period(b, day) for b in bodies_with_status(day)]


def body_meetings(body: Body, *, include_private: bool) -> QuerySet[Meeting]:
    """The body's meetings, newest first; private ones only for its coordinators."""
    qs = body.meetings.select_related("body").order_by("-starts_at", "-id")
    return qs if include_private else qs.filter(is_public=True)


def open_action_items(body: Body, *, include_private: bool) -> QuerySet[ActionItem]:
    """Open action items by due date; those of private meetings only for its coordinators."""
    qs = (
        ActionItem.objects.filter(body=body, status=ActionStatus.OPEN)
        .select_related("owner", "meeting")
        .order_by("due_on", "id")
    )
    return qs if include_private else qs.filter(meeting__is_public=True)


# --------------------------------------------------------------------------- meetings


def meeting_page(*, user=None, coordinator: bool = False) -> QuerySet[Meeting]:
    """The meeting with everything its page shows, in a fixed number of queries: the meeting with
    its body, minutes and reply/attendance counts (1), agenda items (1) with their objectives (1)
    and documents (1), speakers (1), agreements (1), action items (1), approved minutes versions
    with their PDFs (1). Invitees are counted, never listed, on this page. With `user`, the
    meeting also carries that person's invitation id and reply (`my_invitation_id`, `my_rsvp`),
    so the viewer's own invitation costs no extra query."""
    counts = {f"n_{value}": _count(Invitation, filter_q=Q(rsvp=value)) for value in Rsvp.values} | {
        f"n_{value}": _count(Invitation, filter_q=Q(attendance=value))
        for value in Attendance.values
    }
    counts["n_invited"] = _count(Invitation)
    if getattr(user, "is_authenticated", False):
        mine = Invitation.objects.filter(meeting=OuterRef("pk"), user=user)
        counts["my_invitation_id"] = Subquery(mine.values("pk")[:1])
        counts["my_rsvp"] = Subquery(mine.values("rsvp")[:1])
    if coordinator:
        counts["n_pending_proposals"] = _count(
            AgendaProposal, filter_q=Q(status=ProposalStatus.PENDING)
        )
    return (
        Meeting.objects.select_related("body", "body__mesa", "minutes")
        .annotate(**counts)
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.order_by("position", "id").prefetch_related(
                    Prefetch("objectives", queryset=Objective.objects.order_by("number")),
                    Prefetch("documents", queryset=AgendaDocument.objects.order_by("id")),
                ),
            ),
            "speakers",
            "agreements",
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner")),
            Prefetch(
                "minutes__versions",
                queryset=MinutesVersion.objects.select_related("document").order_by("-number"),
            ),
        )
    )


def calendar_meetings(*, body: Body | None = None, since: datetime.datetime | None = None):
    """Public calendar: public, scheduled or cancelled meetings from `since` on, by start."""
    qs = Meeting.objects.filter(is_public=True).select_related("body")
    if body is not None:
        qs = qs.filter(body=body)
    if since is not None:
        qs = qs.filter(starts_at__gte=since)
    return qs.order_by("starts_at", "id")


def feed_meetings_for_body(body: Body) -> QuerySet[Meeting]:
    since = timezone.now() - datetime.timedelta(days=400)
    return (
        Meeting.objects.filter(body=body, is_public=True, starts_at__gte=since)
        .select_related("body")
        .order_by("starts_at")
    )


def feed_invitations_for_user(user) -> QuerySet[Invitation]:
    since = timezone.now() - datetime.timedelta(days=400)
    return (
        Invitation.objects.filter(user=user, meeting__starts_at__gte=since)
        .select_related("meeting", "meeting__body")
        .order_by("meeting__starts_at")
    )


def attendance_rows(meeting: Meeting) -> QuerySet[Invitation]:
    return meeting.invitations.select_related("user", "member").order_by(
        "member__name_normalised", "user__full_name", "user__email", "id"
    )


def attendance_list(meeting: Meeting) -> QuerySet[Invitation]:
    """For the minutes PDF: who was recorded, by member then person."""
    return attendance_rows(meeting).exclude(attendance="")


def proposals_for(meeting: Meeting) -> QuerySet[AgendaProposal]:
    return meeting.proposals.select_related(
        "proposed_by", "member", "agenda_item"
    ).prefetch_related(Prefetch("objectives", queryset=Objective.objects.order_by("number")))


def minutes_is_published(meeting: Meeting) -> bool:
    minutes = getattr(meeting, "minutes", None)
    return minutes is not None and minutes.status == MinutesStatus.APPROVED
