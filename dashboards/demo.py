"""Demo history for the dashboards (issue 15): answers for the demo people (through the same
service a person uses), a meeting with attendance in each of the three previous quarters of every
mesa, then the quarter summaries and the releases, so every chart shows something and at least
one cell is suppressed. Runs after membership and mesas (seed_demo follows INSTALLED_APPS)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from membership import services as membership_services
from membership.models import ContactPerson, ContactStatus
from mesas import demo as mesas_demo
from mesas.models import AgendaItem, Attendance, Body, Input, Invitation

from . import services

GENDERS = ["woman", "man", "woman", "man", "woman", "", "non_binary", "woman", "man", "undisclosed"]


def _answers(index: int) -> dict:
    return {
        "gender": GENDERS[index % len(GENDERS)],
        "migrant_experience": (True, False, None)[index % 3],
        "indigenous": index % 4 == 0,
        "afro_descendant": index % 5 == 1,
        "lgbtiq": index % 6 == 2,
        "disability": index % 9 == 3,
        "youth": index % 2 == 0,
    }


def _answer_for_demo_people(ctx: dict) -> None:
    users = list(
        ContactPerson.objects.filter(status=ContactStatus.APPROVED)
        .select_related("user")
        .order_by("user_id")
    )
    for index, contact in enumerate(users):
        if index % 7 == 6:
            continue  # some people do not answer
        membership_services.self_declaration_save(user=contact.user, data=_answers(index))


def _past_quarter_meetings(today: datetime.date) -> None:
    start = services.quarters_between(today - datetime.timedelta(days=300), today)
    marks = [Attendance.PRESENT, Attendance.PRESENT, Attendance.ABSENT, Attendance.EXCUSED]
    for body in Body.objects.filter(mesa__isnull=False).select_related("mesa"):
        for back, quarter in enumerate(start[-4:-1]):
            if body.mesa.number == 4 and back == 1:
                continue  # MR 4 skipped a quarter: "quarters without a meeting"
            day = quarter + datetime.timedelta(days=40 + body.mesa.number)
            meeting, created = mesas_demo._meeting(
                body, f"Reunión trimestral {quarter:%Y-%m}", mesas_demo._at(day)
            )
            if not created:
                continue
            item = AgendaItem.objects.create(meeting=meeting, position=1, title="Balance")
            item.objectives.set(mesas_demo._objectives(body)[: 1 + back])
            invitations = list(meeting.invitations.order_by("id"))
            for i, inv in enumerate(invitations):
                inv.attendance = marks[(i + back) % len(marks)]
            Invitation.objects.bulk_update(invitations, ["attendance"])


def _inputs_over_time(now) -> None:
    """The demo inputs (mesas/demo_outputs.py) are all sent today; spread them over the last four
    quarters so the "inputs received" chart has a history. Idempotent: only inputs still dated
    today move, by an offset fixed by their id (those with offset 0 stay)."""
    inputs = list(Input.objects.filter(created_at__date=now.date()).order_by("pk"))
    for item in inputs:
        item.created_at = now - datetime.timedelta(days=92 * (item.pk % 4))
    Input.objects.bulk_update(inputs, ["created_at"])


def seed(ctx: dict) -> None:
    _answer_for_demo_people(ctx)
    _past_quarter_meetings(timezone.localdate())
    _inputs_over_time(timezone.now())
    services.quarter_stats_refresh()
    services.dashboard_releases_refresh()
