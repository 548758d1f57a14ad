"""Authorisation matrix rows of the meetings pages (§6). Format: tests/security/authz.py.

The world (tests/security/authz_world.py): `meeting` is an upcoming public MR 1 meeting whose
invitees are the two members and MR 1's coordinator; `private_meeting` the same, not public;
`past_meeting` has circulated minutes and an action item owned by the member."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mesas.demo import DEMO_PDF
from tests.security.authz import (
    ADMIN,
    COORD1,
    GTSC,
    LINKING,
    MEMBER,
    MEMBERS,
    MR1,
    SIGNED_IN,
    Post,
    Row,
    roles,
)

MR1_INVITEES = roles(MEMBERS, COORD1)
COORDINATING = roles(COORD1, "coordinator_mr2", LINKING, GTSC, ADMIN)


def _when(days: int, hour: int) -> str:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return f"{day.isoformat()}T{hour:02d}:00"


def _meeting_data(w, kw):
    return {
        "title": "Reunión de prueba",
        "starts_at": _when(40, 10),
        "ends_at": _when(40, 12),
        "time_zone": "America/Bogota",
        "modality": "virtual",
        "video_link": "https://meet.example.org/prueba",
        "is_public": "on",
    }


def _pdf(w, kw):
    return {"title": "Nota", "file": SimpleUploadedFile("nota.pdf", DEMO_PDF, "application/pdf")}


def _meeting(w):
    return {"pk": w.meeting.pk}


def _fresh_meeting(w):
    return {"pk": w.fresh_meeting("mr1", days=15).pk}


def _fresh_item(w):
    return {"pk": w.meeting.pk, "item": w.fresh_item(w.meeting).pk}


def _fresh_minutes(status: str):
    """A held MR 1 meeting whose minutes are in `status` (a transition consumes it)."""

    def kwargs(w):
        from mesas.models import Minutes

        meeting = w.fresh_meeting("mr1", days=-2)
        Minutes.objects.create(meeting=meeting, status=status, text="Acta", html="<p>Acta</p>")
        return {"pk": meeting.pk}

    return kwargs


def _fresh_action(status: str):
    """An action item of the past meeting, owned by the member, in `status`."""

    def kwargs(w):
        from mesas.models import ActionItem

        model = w.action_item
        item = ActionItem.objects.create(
            meeting_id=model.meeting_id,
            body_id=model.body_id,
            text="Tarea",
            owner_id=model.owner_id,
            status=status,
        )
        return {"pk": item.pk}

    return kwargs


ROWS = [
    Row("mesas:list"),
    Row("mesas:detail", kwargs=lambda w: {"slug": "mr1"}),
    Row("mesas:objective_list"),
    Row("mesas:objective_detail", kwargs=lambda w: {"number": 1}),
    Row("mesas:body_list"),
    Row("mesas:body_overview", get=COORDINATING),
    Row("mesas:body_detail", kwargs=lambda w: {"slug": "mr1"}),
    Row(
        "mesas:meeting_create",
        kwargs=lambda w: {"slug": "mr1"},
        get=MR1,
        posts=[Post(MR1, _meeting_data)],
    ),
    Row(
        "mesas:meeting_create",
        kwargs=lambda w: {"slug": "linking-table"},
        get=roles(LINKING, ADMIN),
        posts=[Post(roles(LINKING, ADMIN), _meeting_data)],
        note="linking table",
    ),
    Row("mesas:calendar"),
    Row("mesas:calendar", query="?month=2026-05&body=mr1", note="filtered"),
    Row("mesas:my_calendar", get=SIGNED_IN, posts=[Post(SIGNED_IN, label="new address")]),
    Row("mesas:feed_private", kwargs=lambda w: {"token": w.calendar_token(MEMBER)}),
    Row("mesas:feed_body", kwargs=lambda w: {"slug": "mr1"}),
    Row("mesas:meeting_detail", kwargs=_meeting),
    Row(
        "mesas:meeting_detail",
        kwargs=lambda w: {"pk": w.private_meeting.pk},
        get=MR1_INVITEES | {ADMIN},
        note="private",
    ),
    Row("mesas:meeting_ics", kwargs=_meeting),
    Row(
        "mesas:meeting_ics",
        kwargs=lambda w: {"pk": w.private_meeting.pk},
        get=MR1_INVITEES | {ADMIN},
        note="private",
    ),
    Row("mesas:meeting_edit", kwargs=_meeting, get=MR1, posts=[Post(MR1, _meeting_data)]),
    Row(
        "mesas:meeting_cancel",
        kwargs=_fresh_meeting,
        get=MR1,
        posts=[Post(MR1, lambda w, kw: {"reason": "Fuerza mayor"})],
    ),
    Row(
        "mesas:agenda",
        kwargs=_meeting,
        get=MR1,
        posts=[Post(MR1, lambda w, kw: {"title": "Nuevo punto"})],
    ),
    Row(
        "mesas:agenda_move",
        kwargs=_fresh_item,
        get=None,
        posts=[Post(MR1, lambda w, kw: {"direction": "up"})],
    ),
    Row("mesas:agenda_delete", kwargs=_fresh_item, get=MR1, posts=[Post(MR1)]),
    Row(
        "mesas:agenda_edit",
        kwargs=_fresh_item,
        get=MR1,
        posts=[Post(MR1, lambda w, kw: {"title": "Punto editado"})],
    ),
    Row(
        "mesas:document_upload",
        kwargs=lambda w: {"pk": w.meeting.pk, "item": w.item.pk},
        get=MR1,
        posts=[Post(MR1, _pdf)],
    ),
    Row(
        "mesas:document_download",
        kwargs=lambda w: {"pk": w.agenda_document.pk},
        get=MR1_INVITEES | {ADMIN},
    ),
    Row(
        "mesas:proposals",
        kwargs=_meeting,
        get=MR1_INVITEES | {ADMIN},
        posts=[Post(MR1_INVITEES, lambda w, kw: {"title": "Una propuesta"})],
    ),
    Row(
        "mesas:proposal_accept",
        kwargs=lambda w: {"pk": w.fresh_proposal(w.meeting).pk},
        get=None,
        posts=[Post(MR1)],
    ),
    Row(
        "mesas:proposal_decline",
        kwargs=lambda w: {"pk": w.fresh_proposal(w.meeting).pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: {"reason": "Ya se trató"})],
    ),
    Row(
        "mesas:rsvp",
        kwargs=_meeting,
        get=None,
        posts=[Post(MR1_INVITEES, lambda w, kw: {"response": "online"})],
    ),
    Row(
        "mesas:attendance",
        kwargs=lambda w: {"pk": w.past_meeting.pk},
        get=MR1,
        posts=[Post(MR1, lambda w, kw: {})],
    ),
    Row(
        "mesas:attendance_all_present",
        kwargs=lambda w: {"pk": w.past_meeting.pk},
        get=None,
        posts=[Post(MR1)],
    ),
    Row(
        "mesas:outcomes",
        kwargs=lambda w: {"pk": w.past_meeting.pk},
        get=MR1,
        posts=[
            Post(MR1, lambda w, kw: {"agreement-text": "Acordamos"}, label="agreement"),
            Post(
                MR1,
                lambda w, kw: {
                    "action-text": "Enviar aportes",
                    "action-owner_name": "La secretaría",
                },
                label="action item",
            ),
        ],
    ),
    Row(
        "mesas:action_done",
        kwargs=_fresh_action("open"),
        get=None,
        posts=[Post(roles(MEMBER, COORD1, ADMIN))],
    ),
    Row(
        "mesas:action_drop",
        kwargs=_fresh_action("open"),
        get=None,
        posts=[Post(roles(MEMBER, COORD1, ADMIN))],
    ),
    Row(
        "mesas:action_reopen",
        kwargs=_fresh_action("done"),
        get=None,
        posts=[Post(roles(MEMBER, COORD1, ADMIN))],
    ),
    Row(
        "mesas:minutes",
        kwargs=lambda w: {"pk": w.past_meeting.pk},
        get=MR1_INVITEES | {ADMIN},
    ),
    Row(
        "mesas:minutes_save",
        kwargs=lambda w: {"pk": w.past_meeting.pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: {"text": "Acta revisada"})],
    ),
    Row(
        "mesas:minutes_comment",
        kwargs=lambda w: {"pk": w.past_meeting.pk},
        get=None,
        posts=[Post(MR1_INVITEES | {ADMIN}, lambda w, kw: {"text": "Bien"})],
    ),
    Row(
        "mesas:minutes_circulate",
        kwargs=_fresh_minutes("draft"),
        get=None,
        posts=[Post(MR1, lambda w, kw: {"text": "Acta para comentar"})],
    ),
    Row(
        "mesas:minutes_approve",
        kwargs=_fresh_minutes("circulated"),
        get=None,
        posts=[Post(MR1)],
    ),
    Row(
        "mesas:minutes_correct",
        kwargs=_fresh_minutes("approved"),
        get=MR1,
        posts=[
            Post(MR1, lambda w, kw: {"text": "Acta", "note": "Errata"}, "preview"),
            Post(MR1, lambda w, kw: {"text": "Acta", "note": "Errata", "confirm": "1"}, "confirm"),
        ],
    ),
]

# Inputs, consultations, recommendations, dialogues, indicators (issue 13).
from tests.mesas import authz_outputs  # noqa: E402

ROWS += authz_outputs.ROWS + authz_outputs.API_ROWS
