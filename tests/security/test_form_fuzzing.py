"""Hostile input against every form of the project (issue 11): hypothesis fills each field of each
form with empty, huge, NUL, control and bidi text, markup, far dates, junk numbers and choices.
Validation must never raise; a form that accepts the data must hand its services clean values (no
NUL, no bidi override, dates in range). Then the same values go through the meeting form over
HTTP: never a 500, nothing written when refused.

New forms are found by themselves: every `forms.py` of the project is imported and every Form
subclass in it is fuzzed (constructor arguments in KWARGS when it needs some)."""

from __future__ import annotations

import datetime
import importlib
import inspect

import pytest
from django import forms
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mecanismo.core.validators import EARLIEST, LATEST, has_forbidden_characters
from mesas.models import Meeting
from tests.factories import UserFactory
from tests.mesas import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db

FORM_MODULES = ["mesas.forms", "membership.forms", "mecanismo.core.forms", "mecanismo.outbox.forms"]
HOSTILE_TEXT = st.one_of(
    st.just(""),
    st.just("\x00"),
    st.just("Nombre\u202egnp.exe"),
    st.just("<script>alert(1)</script>{{ 7*7 }}{% debug %}"),
    st.just("x" * 100_000),
    st.just("9999-12-31T23:00"),
    st.just("0001-01-01"),
    st.just("-1"),
    st.just("99999999999999999999"),
    st.text(max_size=50),
)


def _kwargs(form_class):
    from mesas.models import Body

    user = UserFactory.build()
    member = type("FakeMember", (), {"name": "x", "actor_type_id": None, "country_id": None})()
    extra = {
        "bodies": list(Body.objects.all()),
        "owners": UserFactory._meta.model.objects.none(),
        "rows": [],
        "user": user,
        "meeting": type("FakeMeeting", (), {"rsvp_choices": [("yes", "yes"), ("no", "no")]})(),
    }
    params = inspect.signature(form_class.__init__).parameters
    kwargs = {name: value for name, value in extra.items() if name in params}
    if "member" in params:
        kwargs["member"] = member
        for field in ("works_local", "works_national", "works_regional", "gathers_networks"):
            setattr(member, field, False)
        for field in ("description", "website", "listed_in_directory", "kind"):
            setattr(member, field, "")
    return kwargs


def project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for _name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module_name
                and obj.__name__ != "BaseForm"
            ):
                found.append(obj)
    return found


def _clean_values(value) -> bool:
    if isinstance(value, str):
        return not has_forbidden_characters(value)
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return EARLIEST <= day <= LATEST
    return True


@pytest.mark.parametrize(
    "form_class", project_forms(), ids=lambda c: f"{c.__module__}.{c.__name__}"
)
def test_every_form_survives_hostile_input(form_class):
    kwargs = _kwargs(form_class)
    names = list(form_class(**kwargs).fields)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.fixed_dictionaries({name: HOSTILE_TEXT for name in names}))
    def check(data):
        form = form_class(data, **kwargs)
        if form.is_valid():
            bad = {k: v for k, v in form.cleaned_data.items() if not _clean_values(v)}
            assert not bad, f"{form_class.__name__} accepted {bad!r}"

    check()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    title=HOSTILE_TEXT,
    starts=st.one_of(
        st.datetimes(
            min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)
        ).map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
        HOSTILE_TEXT,
    ),
)
def test_meeting_form_over_http_never_500_and_writes_nothing_when_refused(title, starts):
    coordinator = f.coordinator(1)
    before = Meeting.objects.count()
    response = client_for(coordinator).post(
        reverse("mesas:meeting_create", kwargs={"slug": "mr1"}),
        {
            "title": title,
            "starts_at": starts,
            "ends_at": starts,
            "time_zone": "America/Bogota",
            "modality": "virtual",
            "video_link": "https://meet.example.org/x",
        },
    )
    assert response.status_code < 500
    if response.status_code != 302:
        assert Meeting.objects.count() == before
    for lang in ("es", "en"):
        assert client_for().get(f"/{lang}/calendar/").status_code == 200
