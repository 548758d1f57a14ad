"""Demo data of issue 13, called by mesas/demo.py after the meetings exist: each mesa gets inputs
in several states, MR 1 an open consultation on a draft, recommendations in every follow-up state
(one overdue), the dialogues body a past dialogue with three governments, and three indicators
with measurements over several years. Idempotent: rows are found by title or address."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from mecanismo.core.models import Country, Objective, User
from membership.selectors import approved_members, contact_users

from . import services
from .models import (
    Body,
    BodyKind,
    Consultation,
    Dialogue,
    Indicator,
    Input,
    Meeting,
    Recommendation,
)

PAST_TITLE = "Reunión ordinaria del período anterior"

RECOMMENDATIONS = [
    # title, country, response, implementation, days until the response is due
    ("Acceso a servicios de salud sin discriminación", "MX", "supported", "implemented", -200),
    ("Regularización migratoria accesible", "CO", "supported_in_part", "in_progress", -150),
    ("Documentación para niñas y niños migrantes", "BR", "noted", "partial", -120),
    ("Fin de la detención migratoria de familias", "GT", "rejected", "no_longer_relevant", -100),
    ("Protección consular en tránsito", "HN", "", "", -10),  # overdue
    ("Acceso a la justicia laboral", "PE", "", "", 60),
]

TEXT = """Las organizaciones de la mesa recomiendan a los Estados:

1. Garantizar el acceso efectivo, sin discriminación por situación migratoria.
2. Informar en lenguas que las personas migrantes comprendan.

Esta recomendación se basa en los aportes recibidos por el canal abierto del mecanismo."""


def _past_meeting(body: Body) -> Meeting | None:
    return Meeting.objects.filter(body=body, title=PAST_TITLE).first()


def _author(body: Body, member_user: User | None) -> User | None:
    if member_user is not None and body.mesa_id:
        if approved_members(body.mesa_id).filter(contacts__user=member_user).exists():
            return member_user
    if not body.mesa_id:
        return member_user
    return contact_users(approved_members(body.mesa_id).values("pk")).order_by("pk").first()


def _inputs(admin: User, member_user: User | None) -> None:
    for body in Body.objects.filter(kind__in=[BodyKind.MESA, BodyKind.LINKING_TABLE]):
        author = _author(body, member_user)
        if author is None or Input.objects.filter(body=body).exists():
            continue
        objectives = (
            list(Objective.objects.filter(mesa_id=body.mesa_id)[:2]) if body.mesa_id else []
        )
        made = [
            services.input_submit(
                actor=author,
                body=body,
                title=title,
                text=f"{title}. Compartimos la experiencia de nuestra organización.",
                objectives=objectives,
                may_publish=True,
            )
            for title in (
                "Experiencias de acceso a la salud en la frontera",
                "Datos de nuestra encuesta a personas retornadas",
                "Propuesta de puntos para la próxima reunión",
            )
        ]
        services.input_acknowledge(actor=admin, item=made[1])
        meeting = _past_meeting(body)
        item = meeting.agenda_items.order_by("position").first() if meeting else None
        if item is not None:
            services.input_link(actor=admin, item=made[2], agenda_item=item)


def _recommendations(
    admin: User, member_user: User | None, today: datetime.date
) -> list[Recommendation]:
    body = Body.objects.get(slug="mr1")
    meeting = _past_meeting(body)
    if meeting is None:
        return []
    objectives = list(Objective.objects.filter(mesa_id=body.mesa_id)[:2])
    recs = []
    for title, code, response, implementation, due in RECOMMENDATIONS:
        rec = Recommendation.objects.filter(title=title).first()
        if rec is not None:
            recs.append(rec)
            continue
        country = Country.objects.get(code=code)
        rec = services.recommendation_create(
            actor=admin,
            body=body,
            title=title,
            text=TEXT,
            objectives=objectives,
            addressees=[(country, "", today + datetime.timedelta(days=due))],
        )
        services.recommendation_adopt(actor=admin, rec=rec, meeting=meeting)
        services.recommendation_publish(actor=admin, rec=rec)
        addressee = rec.addressees.get()
        if response:
            services.follow_up_record(
                actor=admin,
                rec=rec,
                track="response",
                addressee=addressee,
                status=response,
                on=today - datetime.timedelta(days=30),
                summary="Respuesta oficial de la cancillería.",
                source_url="https://www.example.org/respuesta-oficial",
            )
        if implementation:
            services.follow_up_record(
                actor=admin,
                rec=rec,
                track="implementation",
                status=implementation,
                on=today - datetime.timedelta(days=5),
                summary="Informe de las organizaciones de la mesa.",
                source_url="https://www.example.org/informe-de-seguimiento",
            )
        recs.append(rec)
    draft_title = "Borrador: inclusión financiera de personas migrantes"
    draft = Recommendation.objects.filter(title=draft_title).first()
    if draft is None:
        draft = services.recommendation_create(
            actor=admin,
            body=body,
            title=draft_title,
            text=TEXT,
            objectives=objectives,
            addressees=[(Country.objects.get(code="PA"), "", None), (None, "Banca regional", None)],
        )
    if not Consultation.objects.filter(recommendation=draft).exists():
        consultation = services.consultation_open(
            actor=admin,
            body=body,
            title=draft_title,
            kind="recommendation",
            text=TEXT,
            closes_at=timezone.now() + datetime.timedelta(days=10),
            recommendation=draft,
        )
        commenter = _author(body, member_user)
        if commenter is not None:
            services.consultation_comment(
                actor=commenter,
                consultation=consultation,
                paragraph=2,
                text="Proponemos mencionar también el acceso a cuentas bancarias básicas.",
            )
    return recs


def _dialogue(admin: User, recs: list[Recommendation]) -> None:
    body = Body.objects.filter(kind=BodyKind.DIALOGUE).first()
    meeting = _past_meeting(body) if body else None
    if meeting is None or Dialogue.objects.filter(meeting=meeting).exists():
        return
    dialogue = services.dialogue_record(
        actor=admin,
        meeting=meeting,
        countries=Country.objects.filter(code__in=["MX", "CO", "GT"]),
        other_actors="Organización Internacional para las Migraciones\nDefensorías del Pueblo",
        outcome="Los gobiernos presentaron avances y se acordó un nuevo diálogo en seis meses.",
    )
    for rec in recs[:4]:
        services.dialogue_present(actor=admin, dialogue=dialogue, rec=rec)


INDICATORS = [
    (
        "personas-regularizadas",
        "Personas migrantes con regularización en curso o concluida",
        "miles de personas",
        "higher",
        (12, 40),
        [7],
        [12, 16, 21, 27, 31],
    ),
    (
        "detencion-ninez",
        "Niñas y niños migrantes en detención",
        "casos por año",
        "lower",
        (900, 0),
        [13],
        [900, 780, 640, 610, 420],
    ),
    (
        "acceso-salud",
        "Personas migrantes con acceso a atención primaria de salud",
        "% de la población migrante",
        "higher",
        (41, 75),
        [15],
        [41, 44, 50, 53, 58],
    ),
]


def _indicators(admin: User) -> None:
    for slug, name, unit, direction, (base, target), objectives, values in INDICATORS:
        if Indicator.objects.filter(slug=slug).exists():
            continue
        indicator = services.indicator_define(
            actor=admin,
            slug=slug,
            name=name,
            unit=unit,
            direction=direction,
            baseline_value=Decimal(base),
            baseline_period=2021,
            target_value=Decimal(target),
            target_period=2030,
            description="Indicador de demostración definido por la comisión de indicadores.",
            objectives=Objective.objects.filter(number__in=objectives),
        )
        for year, value in zip(range(2021, 2026), values, strict=True):
            services.measurement_record(
                actor=admin,
                indicator=indicator,
                period=year,
                value=Decimal(value),
                source=f"Informe regional {year}",
            )


def seed(ctx: dict) -> None:
    admin = ctx.get("admin") or User.objects.filter(is_superuser=True).order_by("id").first()
    if admin is None:
        return
    today = timezone.localdate()
    _inputs(admin, ctx.get("member_user"))
    recs = _recommendations(admin, ctx.get("member_user"), today)
    _dialogue(admin, recs)
    _indicators(admin)
