"""Demo meetings (issue 6): every body has a past meeting with attendance and approved minutes
(the PDF renders after the seed's transaction commits; in `make run` Celery is eager), upcoming
meetings with replies and agenda proposals, and MR 4 flagged: no meeting this quarter.
Idempotent: meetings are found by body and title."""

import datetime
import zoneinfo
from importlib import import_module

from django.apps import apps
from django.core.files.base import ContentFile
from django.utils import timezone

from mecanismo.core.models import Objective, User
from membership.selectors import member_for_user

from . import selectors, services
from .markup import render_markdown
from .models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    Agreement,
    Attendance,
    Body,
    Invitation,
    Meeting,
    Minutes,
    MinutesStatus,
    Presence,
    Rsvp,
)

FLAGGED = "mr4"
# A one-page PDF saying "Nota conceptual" (a preparatory document of the demo meetings), with a
# real cross-reference table so it passes the upload checker (mecanismo/documents/uploads.py).
_TEXT = b"BT /F1 18 Tf 72 760 Td (Nota conceptual) Tj ET"
_PDF_OBJECTS = [
    b"<</Type/Catalog/Pages 2 0 R>>",
    b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>",
    b"<</Length %d>>stream\n%s\nendstream" % (len(_TEXT), _TEXT),
    b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
]


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


DEMO_PDF = _pdf(_PDF_OBJECTS)
MINUTES_TEXT = """## Desarrollo de la reunión

La coordinación dio la bienvenida y se revisó el seguimiento de los acuerdos anteriores.

- Se presentaron los avances de las organizaciones miembro.
- Se discutieron las prioridades para el próximo trimestre.

## Próximos pasos

Las organizaciones enviarán sus aportes antes de la próxima reunión.
"""


DEMO_ZONE = zoneinfo.ZoneInfo("America/Panama")


def _period_start(body: Body, day: datetime.date) -> datetime.date:
    period = selectors.period_of(body, day)
    return period[0] if period else day.replace(day=1)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    """A plausible working hour in the demo meetings' own zone (10:00 in Panama), whatever the
    time the demo data is loaded (issue 10: never 03:00 local)."""
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=DEMO_ZONE)


def _meeting(body, title, start, **kw) -> tuple[Meeting, bool]:
    meeting = Meeting.objects.filter(body=body, title=title).first()
    if meeting is not None:
        return meeting, False
    meeting = Meeting.objects.create(
        body=body,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        time_zone=DEMO_ZONE.key,
        modality=kw.pop("modality", "hybrid"),
        place=kw.pop("place", "Ciudad de Panamá, Casa de la ONU"),
        video_link="https://meet.example.org/" + body.slug,
        description=kw.pop("description", "Reunión ordinaria del órgano."),
        **kw,
    )
    services.invitations_sync(meeting=meeting, notify=False)
    return meeting, True


def _objectives(body: Body):
    qs = Objective.objects.order_by("number")
    if body.mesa_id:
        qs = qs.filter(mesa_id=body.mesa_id)
    return list(qs[:3])


def _past(body: Body, admin: User, owner: User, today: datetime.date) -> None:
    previous_period_day = _period_start(body, today) - datetime.timedelta(days=20)
    start = _at(previous_period_day)
    meeting, created = _meeting(body, "Reunión ordinaria del período anterior", start)
    if not created:
        return
    objectives = _objectives(body)
    for i, title in enumerate(["Seguimiento de acuerdos", "Prioridades del próximo período"]):
        item = AgendaItem.objects.create(meeting=meeting, position=i + 1, title=title)
        item.objectives.set(objectives[i:])
    marks = [Attendance.PRESENT, Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT]
    invitations = list(meeting.invitations.order_by("id"))
    for i, inv in enumerate(invitations):
        inv.attendance = marks[i % len(marks)]
        inv.presence = Presence.ONLINE if inv.attendance == Attendance.PRESENT else ""
        inv.rsvp = Rsvp.ONLINE
    Invitation.objects.bulk_update(invitations, ["attendance", "presence", "rsvp"])
    Agreement.objects.create(meeting=meeting, text="Preparar un documento de posición común.")
    ActionItem.objects.create(
        meeting=meeting,
        body=body,
        text="Circular el borrador del documento de posición.",
        owner=owner,
        due_on=today + datetime.timedelta(days=14),
    )
    minutes = Minutes.objects.create(
        meeting=meeting,
        status=MinutesStatus.APPROVED,
        text=MINUTES_TEXT,
        html=render_markdown(MINUTES_TEXT),
        circulated_at=start + datetime.timedelta(days=3),
    )
    services._freeze_version(actor=admin, minutes=minutes)


def _upcoming(body: Body, member_user: User | None, today: datetime.date) -> None:
    now = timezone.now()
    if body.slug == FLAGGED:
        period = selectors.period_of(body, today)
        start = _at(period[1] + datetime.timedelta(days=10))
    else:
        start = _at((now + datetime.timedelta(days=10)).date())
        period = selectors.period_of(body, today)
        if period and start.date() >= period[1]:
            # The next meeting falls in the next period: this one already met.
            held = max(
                _at(period[0] + datetime.timedelta(days=1)),
                _at((now - datetime.timedelta(days=1)).date()),
            )
            _meeting(body, "Reunión de coordinación del período", held, modality="virtual")
    meeting, created = _meeting(body, "Próxima reunión ordinaria", start)
    if not created:
        return
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Apertura y orden del día")
    item.objectives.set(_objectives(body)[:1])
    doc = AgendaDocument(item=item, title="Nota conceptual", kind="pdf", size=len(DEMO_PDF))
    doc.file.save("nota-conceptual.pdf", ContentFile(DEMO_PDF), save=False)
    doc.save()
    replies = [Rsvp.IN_PERSON, Rsvp.ONLINE, Rsvp.NOT_ATTENDING]
    invitations = list(meeting.invitations.order_by("id"))
    for i, inv in enumerate(invitations[:6]):
        inv.rsvp, inv.rsvp_at = replies[i % 3], now
    Invitation.objects.bulk_update(invitations[:6], ["rsvp", "rsvp_at"])
    proposer = (
        member_user
        if member_user and meeting.invitations.filter(user=member_user).exists()
        else (invitations[0].user if invitations else None)
    )
    if proposer is not None:
        AgendaProposal.objects.create(
            meeting=meeting,
            proposed_by=proposer,
            member=member_for_user(proposer),
            title="Acceso a servicios de salud para personas migrantes",
            description="Proponemos compartir experiencias de las organizaciones de base.",
        )


def seed(ctx: dict) -> None:
    import_module("mesas.migrations.0002_bodies").load(apps)
    admin = ctx.get("admin") or User.objects.filter(is_superuser=True).order_by("id").first()
    if admin is None:
        return
    owner = ctx.get("coordinator1") or admin
    member_user = ctx.get("member_user")
    today = timezone.localdate()
    for body in Body.objects.order_by("sort"):
        _past(body, admin, owner, today)
        _upcoming(body, member_user, today)
    # Inputs, consultation, recommendations, dialogue and indicators (issue 13).
    import_module("mesas.demo_outputs").seed(ctx)
