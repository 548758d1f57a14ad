"""Authorisation matrix rows of inputs, consultations, recommendations, dialogues and indicators
(issue 13), added to tests/mesas/authz.py's ROWS. Format: tests/security/authz.py. The objects
are made on first use and kept in the world; rows whose POST consumes its object make a fresh
one in `kwargs`, which runs again for every request."""

import datetime
import itertools
import uuid
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mecanismo.core.models import Country
from mesas import services
from mesas.demo import DEMO_PDF
from tests.security.authz import (
    ADMIN,
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

COMMISSION = roles(LINKING, GTSC, ADMIN)
DIALOGUES = roles(GTSC, ADMIN)
FOLLOW_UP = roles(MR1, GTSC)
_years = itertools.count(2000)


def _admin(w):
    return w.users[ADMIN]


def _cached(w, key, make):
    if key not in w.objects:
        w.objects[key] = make()
    return w.objects[key]


def _fresh_input(w, *, with_file=False):
    from mesas.models import Body

    return services.input_submit(
        actor=w.users[MEMBER],
        body=Body.objects.get(slug="mr1"),
        title="Aporte de prueba",
        text="Texto del aporte",
        upload=SimpleUploadedFile("aporte.pdf", DEMO_PDF) if with_file else None,
    )


def _input(w):
    return _cached(w, "o13_input", lambda: _fresh_input(w, with_file=True))


def _fresh_draft(w):
    from mesas.models import Body

    return services.recommendation_create(
        actor=_admin(w),
        body=Body.objects.get(slug="mr1"),
        title=f"Recomendación {uuid.uuid4().hex[:6]}",
        text="Texto",
        addressees=[(Country.objects.get(code="MX"), "", timezone.localdate())],
    )


def _fresh_adopted(w):
    rec = _fresh_draft(w)
    return services.recommendation_adopt(actor=_admin(w), rec=rec, meeting=w.past_meeting)


def _fresh_published(w):
    return services.recommendation_publish(actor=_admin(w), rec=_fresh_adopted(w))


def _published(w):
    return _cached(w, "o13_published", lambda: _fresh_published(w))


def _draft(w):
    return _cached(w, "o13_draft", lambda: _fresh_draft(w))


def _consultation(w):
    from mesas.models import Body

    return _cached(
        w,
        "o13_consultation",
        lambda: services.consultation_open(
            actor=_admin(w),
            body=Body.objects.get(slug="mr1"),
            title="Borrador",
            kind="recommendation",
            text="Uno.\n\nDos.",
            closes_at=timezone.now() + datetime.timedelta(days=20),
        ),
    )


def _comment(w):
    return _cached(
        w,
        "o13_comment",
        lambda: services.consultation_comment(
            actor=w.users[MEMBER], consultation=_consultation(w), text="Comentario"
        ),
    )


def _follow_up_with_file(w):
    rec = _published(w)
    return _cached(
        w,
        "o13_follow_up",
        lambda: services.follow_up_record(
            actor=_admin(w),
            rec=rec,
            track="response",
            addressee=rec.addressees.get(),
            status="noted",
            on=timezone.localdate(),
            source_kind="document",
            upload=SimpleUploadedFile("respuesta.pdf", DEMO_PDF),
        ),
    )


def _dialogue(w):
    def make():
        meeting = w.fresh_meeting("dialogues", days=-5)
        return services.dialogue_record(
            actor=_admin(w), meeting=meeting, countries=Country.objects.filter(code="MX")
        )

    return _cached(w, "o13_dialogue", make)


def _fresh_indicator(w, baseline_period=2020):
    return services.indicator_define(
        actor=_admin(w),
        slug=f"ind-{uuid.uuid4().hex[:8]}",
        name="Indicador",
        unit="personas",
        baseline_value=Decimal(1),
        baseline_period=baseline_period,
        target_value=Decimal(9),
        target_period=2100,
    )


def _indicator(w):
    return _cached(w, "o13_indicator", lambda: _fresh_indicator(w))


def _fresh_measurement(w):
    # Its own indicator (2000-2100): the edit row changes the years of `_indicator`.
    indicator = _cached(w, "o13_indicator_m", lambda: _fresh_indicator(w, baseline_period=2000))
    return services.measurement_record(
        actor=_admin(w), indicator=indicator, period=next(_years), value=Decimal(3), source="s"
    )


def _recommendation_data(w, kw):
    return {
        "kind": "recommendation",
        "title": "Nueva recomendación",
        "text": "Texto",
        "language": "es",
        "countries": [Country.objects.get(code="CO").pk],
    }


def _indicator_data(w, kw):
    return {
        "slug": f"nuevo-{uuid.uuid4().hex[:8]}",
        "name": "Nuevo indicador",
        "unit": "casos",
        "direction": "higher",
        "baseline_value": "1",
        "baseline_period": "2020",
        "target_value": "5",
        "target_period": "2030",
    }


def _closes(days=7):
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


ROWS = [
    # Inputs
    Row(
        "mesas:input_submit",
        get=SIGNED_IN,
        posts=[
            Post(
                MEMBERS,
                lambda w, kw: {
                    "body": w.meeting.body_id,
                    "title": "Aporte",
                    "text": "Texto",
                    "file": SimpleUploadedFile("a.pdf", DEMO_PDF),
                },
            )
        ],
    ),
    Row("mesas:my_inputs", get=SIGNED_IN),
    Row(
        "mesas:input_detail",
        kwargs=lambda w: {"pk": _input(w).pk},
        get=roles(MEMBER, MR1, GTSC),
    ),
    Row(
        "mesas:input_download",
        kwargs=lambda w: {"pk": _input(w).pk},
        get=roles(MEMBER, MR1, GTSC),
    ),
    Row(
        "mesas:input_acknowledge",
        kwargs=lambda w: {"pk": _fresh_input(w).pk},
        get=None,
        posts=[Post(MR1)],
    ),
    Row(
        "mesas:input_link",
        kwargs=lambda w: {"pk": _fresh_input(w).pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: {"agenda_item": w.item.pk})],
    ),
    Row("mesas:body_inputs", kwargs=lambda w: {"slug": "mr1"}, get=MR1),
    Row(
        "mesas:body_inputs",
        kwargs=lambda w: {"slug": "mr1"},
        get=MR1,
        query="?status=received&objective=15&page=x",
        note="filtered",
    ),
    # Consultations
    Row(
        "mesas:consultation_create",
        kwargs=lambda w: {"slug": "mr1"},
        get=MR1,
        posts=[
            Post(
                MR1,
                lambda w, kw: {
                    "title": "Consulta",
                    "kind": "preparatory",
                    "text": "Uno.\n\nDos.",
                    "closes_at": _closes(),
                },
            )
        ],
    ),
    Row(
        "mesas:consultation_detail",
        kwargs=lambda w: {"pk": _consultation(w).pk},
        get=roles(MEMBERS, MR1),
        posts=[Post(roles(MEMBERS, MR1), lambda w, kw: {"paragraph": "1", "text": "Bien"})],
    ),
    Row(
        "mesas:consultation_revise",
        kwargs=lambda w: {"pk": _consultation(w).pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: {"text": "Uno.\n\nTres.", "note": "Cambio"})],
    ),
    Row(
        "mesas:consultation_answer",
        kwargs=lambda w: {"pk": _comment(w).pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: {"answer": "Gracias", "taken_into_account": "on"})],
    ),
    # Recommendations
    Row("mesas:recommendation_list"),
    Row(
        "mesas:recommendation_list",
        query="?body=mr1&objective=15&country=MX&response=none&implementation=in_progress&page=2",
        note="filtered",
    ),
    Row("mesas:recommendation_detail", kwargs=lambda w: {"pk": _published(w).pk}),
    Row(
        "mesas:recommendation_detail",
        kwargs=lambda w: {"pk": _draft(w).pk},
        get=MR1,
        note="draft",
    ),
    Row(
        "mesas:recommendation_create",
        kwargs=lambda w: {"slug": "mr1"},
        get=MR1,
        posts=[Post(MR1, _recommendation_data)],
    ),
    Row(
        "mesas:recommendation_edit",
        kwargs=lambda w: {"pk": _draft(w).pk},
        get=MR1,
        posts=[Post(MR1, _recommendation_data)],
    ),
    Row(
        "mesas:recommendation_adopt",
        kwargs=lambda w: {"pk": _fresh_draft(w).pk},
        get=None,
        posts=[Post(MR1, lambda w, kw: {"meeting": w.past_meeting.pk})],
    ),
    Row(
        "mesas:recommendation_publish",
        kwargs=lambda w: {"pk": _fresh_adopted(w).pk},
        get=None,
        posts=[Post(MR1)],
    ),
    Row(
        "mesas:recommendation_translate",
        kwargs=lambda w: {"pk": _published(w).pk},
        get=MR1,
        posts=[Post(MR1, lambda w, kw: {"language": "en", "title": "T", "text": "Text"})],
    ),
    Row(
        "mesas:follow_up_add",
        kwargs=lambda w: {"pk": _published(w).pk},
        get=FOLLOW_UP,
        posts=[
            Post(
                FOLLOW_UP,
                lambda w, kw: {
                    "track": "implementation",
                    "status": "in_progress",
                    "on": timezone.localdate().isoformat(),
                    "source_kind": "link",
                    "source_url": "https://example.org/informe",
                },
            )
        ],
    ),
    Row("mesas:follow_up_document", kwargs=lambda w: {"pk": _follow_up_with_file(w).pk}),
    # Dialogues
    Row("mesas:dialogue_list"),
    Row("mesas:dialogue_detail", kwargs=lambda w: {"pk": _dialogue(w).pk}),
    Row(
        "mesas:dialogue_manage",
        kwargs=lambda w: {"pk": _dialogue(w).meeting_id},
        get=DIALOGUES,
        posts=[
            Post(
                DIALOGUES,
                lambda w, kw: {"countries": [Country.objects.get(code="MX").pk], "outcome": "x"},
            )
        ],
    ),
    Row(
        "mesas:dialogue_agenda",
        kwargs=lambda w: {"pk": _dialogue(w).pk},
        get=None,
        posts=[Post(DIALOGUES)],
    ),
    Row(
        "mesas:dialogue_present",
        kwargs=lambda w: {"pk": _dialogue(w).pk},
        get=None,
        posts=[Post(DIALOGUES, lambda w, kw: {"recommendation": _fresh_published(w).pk})],
    ),
    # Indicators
    Row("mesas:indicator_list"),
    Row(
        "mesas:indicator_create",
        get=COMMISSION,
        posts=[Post(COMMISSION, _indicator_data)],
    ),
    Row(
        "mesas:indicator_detail",
        kwargs=lambda w: {"indicator": _fresh_indicator(w).slug},
        posts=[
            Post(COMMISSION, lambda w, kw: {"period": "2024", "value": "7", "source": "Informe"})
        ],
    ),
    Row(
        "mesas:indicator_edit",
        kwargs=lambda w: {"indicator": _indicator(w).slug},
        get=COMMISSION,
        posts=[Post(COMMISSION, _indicator_data)],
    ),
    Row("mesas:indicator_csv", kwargs=lambda w: {"indicator": _indicator(w).slug}),
    Row(
        "mesas:measurement_correct",
        kwargs=lambda w: {"pk": _fresh_measurement(w).pk},
        get=COMMISSION,
        posts=[Post(COMMISSION, lambda w, kw: {"value": "4", "source": "s", "note": "Revisado"})],
    ),
]

API_ROWS = [Row("api:recommendations"), Row("api:indicators")]
