"""Time (issue 10): default zone from the country, the region's zones first, time ranges in one
clock per language, Portuguese month names in lower case, periods named per language, demo
meetings at plausible local hours."""

import datetime
import re
import zoneinfo

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from mecanismo.core.models import ActorType, Country
from mecanismo.core.pending import pending_for
from mecanismo.core.periods import period_name
from mecanismo.core.timezones import default_zone_for_country
from membership import services
from mesas.models import Meeting
from tests.factories import UserFactory
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


def _register(user, code):
    return services.member_register(
        user=user,
        kind="organisation",
        name=f"Org {code} {user.pk}",
        actor_type=ActorType.objects.get(code="cso"),
        country=Country.objects.get(code=code),
        contact_name="Ana",
    )


def test_default_time_zone_comes_from_a_single_zone_country():
    user = UserFactory()
    assert user.time_zone == "America/Panama"
    _register(user, "CO")
    user.refresh_from_db()
    assert user.time_zone == "America/Bogota"
    assert not any("zona horaria" in e.text for e in pending_for(user))


def test_a_country_with_several_zones_asks_with_its_zones_first():
    user = UserFactory()
    _register(user, "BR")
    user.refresh_from_db()
    assert user.time_zone == "America/Panama" and default_zone_for_country("BR") is None
    (entry,) = [e for e in pending_for(user) if "zona horaria" in e.text]
    assert entry.url == "/es/settings/?country=BR"
    client = Client()
    client.force_login(user)
    page = client.get(entry.url).content.decode()
    select = re.search(r'<select name="time_zone".*?</select>', page, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    assert groups == ["Brasil", "Sudamérica", "Otras zonas horarias"], groups
    first_group = select.split("</optgroup>")[0]
    assert "America/Sao_Paulo" in first_group and "America/Bogota" not in first_group
    assert select.index("America/Bogota") < select.index("America/Mexico_City")


def _when(meeting, lang):
    with translation.override(lang), timezone.override(zoneinfo.ZoneInfo("America/Bogota")):
        html = Template('{% include "mesas/_meeting_when.html" with m=m %}').render(
            Context({"m": meeting})
        )
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_a_time_range_uses_one_clock():
    start = datetime.datetime(2026, 3, 12, 8, 0, tzinfo=datetime.UTC)  # 03:00 in Bogotá
    meeting = f.meeting()
    meeting.starts_at, meeting.ends_at = start, start + datetime.timedelta(hours=2)
    assert "3 a.m.–5 a.m." in _when(meeting, "en")
    assert "03:00–05:00" in _when(meeting, "es")


def test_portuguese_month_names_are_lower_case():
    day = datetime.date(2026, 3, 12)
    with translation.override("pt"):
        text = Template('{{ d|date:"DATE_FORMAT" }}').render(Context({"d": day}))
    assert text == "12 de março de 2026"
    with translation.override("es"):
        assert Template('{{ d|date:"F" }}').render(Context({"d": day})) == "marzo"
    with translation.override("en"):
        assert Template('{{ d|date:"F" }}').render(Context({"d": day})) == "March"


@pytest.mark.parametrize(
    ("lang", "quarter", "semester"),
    [
        ("es", "cuarto trimestre de 2026", "segundo semestre de 2026"),
        ("en", "fourth quarter of 2026", "second half of 2026"),
        ("pt", "quarto trimestre de 2026", "segundo semestre de 2026"),
        ("fr", "quatrième trimestre 2026", "second semestre 2026"),
    ],
)
def test_periods_are_named_per_language(lang, quarter, semester):
    with translation.override(lang):
        assert period_name("2026Q4") == quarter
        assert period_name("2026S2") == semester
        page = Client().get(f"/{lang}/bodies/").content.decode()
    assert not re.search(r"\b20\d\d[QS]\d\b", page)


def test_demo_meetings_are_at_plausible_local_hours():
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    for meeting in Meeting.objects.all():
        local = timezone.localtime(meeting.starts_at, zoneinfo.ZoneInfo(meeting.time_zone))
        assert 8 <= local.hour <= 18, (meeting.title, local)
