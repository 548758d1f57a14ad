"""Meeting entries of the personal home (mecanismo.core.pending): replies to give, draft minutes
to comment, action items due, agenda proposals to decide. Each provider is one query (plus the
body list for coordinators), bounded by `LIMIT` rows."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mecanismo.core import permissions as core
from mecanismo.core.pending import LIMIT, PendingEntry, pending_provider

from . import permissions
from .models import (
    ActionItem,
    ActionStatus,
    AgendaProposal,
    Body,
    Invitation,
    MeetingStatus,
    MinutesComment,
    MinutesStatus,
    ProposalStatus,
)

# Action items are shown from this many days before they are due (and while overdue).
ACTION_ITEMS_AHEAD = datetime.timedelta(days=14)


@pending_provider
def replies_to_give(user) -> list[PendingEntry]:
    rows = (
        Invitation.objects.filter(
            user=user,
            rsvp="",
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__starts_at__gt=timezone.now(),
        )
        .select_related("meeting", "meeting__body")
        .order_by("meeting__starts_at", "meeting_id")[:LIMIT]
    )
    return [
        PendingEntry(
            text=_("Say whether you will attend “%(meeting)s” (%(body)s)")
            % {"meeting": inv.meeting.title, "body": inv.meeting.body.name},
            url=inv.meeting.get_absolute_url(),
            when=inv.meeting.starts_at,
            order=30,
        )
        for inv in rows
    ]


@pending_provider
def minutes_to_comment(user) -> list[PendingEntry]:
    """Draft minutes circulating among the person's meetings, which they have not commented."""
    commented = MinutesComment.objects.filter(minutes__meeting=OuterRef("meeting"), author=user)
    rows = (
        Invitation.objects.filter(user=user, meeting__minutes__status=MinutesStatus.CIRCULATED)
        .exclude(Exists(commented))
        .select_related("meeting")
        .order_by("meeting__starts_at", "meeting_id")[:LIMIT]
    )
    return [
        PendingEntry(
            text=_("Read and comment on the draft minutes of “%(meeting)s”")
            % {"meeting": inv.meeting.title},
            url=reverse("mesas:minutes", args=[inv.meeting_id]),
            order=40,
        )
        for inv in rows
    ]


@pending_provider
def action_items_due(user) -> list[PendingEntry]:
    today = timezone.localdate()
    rows = (
        ActionItem.objects.filter(
            owner=user, status=ActionStatus.OPEN, due_on__lte=today + ACTION_ITEMS_AHEAD
        )
        .select_related("meeting")
        .order_by("due_on", "id")[:LIMIT]
    )
    entries = []
    for item in rows:
        if item.due_on < today:
            text = _("Overdue action item: %(text)s")
        else:
            text = _("Action item due: %(text)s")
        entries.append(
            PendingEntry(
                text=text % {"text": item.text},
                url=item.meeting.get_absolute_url(),
                when=item.due_on,
                order=35,
            )
        )
    return entries


@pending_provider
def proposals_to_decide(user) -> list[PendingEntry]:
    """Agenda proposals waiting in the bodies the person coordinates, counted per meeting."""
    if not (
        core.is_admin(user)
        or core.is_coordinator(user)
        or core.is_gtsc_staff(user)
        or core.is_linking_table_member(user)
    ):
        return []
    bodies = permissions.coordinated_bodies(user, Body.objects.all())
    if not bodies:
        return []
    rows = (
        AgendaProposal.objects.filter(
            status=ProposalStatus.PENDING,
            meeting__status=MeetingStatus.SCHEDULED,
            meeting__body__in=bodies,
        )
        .values("meeting_id", "meeting__title", "meeting__starts_at")
        .annotate(n=Count("id", filter=Q(status=ProposalStatus.PENDING)))
        .order_by("meeting__starts_at", "meeting_id")[:LIMIT]
    )
    return [
        PendingEntry(
            text=ngettext(
                "%(count)d agenda proposal for “%(meeting)s” awaits your decision",
                "%(count)d agenda proposals for “%(meeting)s” await your decision",
                row["n"],
            )
            % {"count": row["n"], "meeting": row["meeting__title"]},
            url=reverse("mesas:proposals", args=[row["meeting_id"]]),
            when=row["meeting__starts_at"],
            order=20,
        )
        for row in rows
    ]
