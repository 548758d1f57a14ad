"""Indicators (§7): year range and duplicates refused, corrections keep history, the SVG chart
needs no JavaScript and describes the data, CSV cells cannot run as formulas, open data."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from mecanismo.core.charts import Point, line_chart
from mecanismo.core.csv_export import safe_cell
from mecanismo.core.models import AuditLog, Objective
from mesas import services
from mesas.models import Indicator, Measurement
from tests.factories import UserFactory, make_gtsc, make_linking_table_member
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


def _client(user=None):
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def _commission_member():
    user = UserFactory()
    make_linking_table_member(user)
    return user


def _indicator(actor, **kw):
    data = {
        "slug": "personas-regularizadas",
        "name": "Personas migrantes regularizadas",
        "unit": "miles de personas",
        "baseline_value": Decimal("12"),
        "baseline_period": 2023,
        "target_value": Decimal("40"),
        "target_period": 2030,
        "objectives": [Objective.objects.get(number=7)],
    }
    data.update(kw)
    return services.indicator_define(actor=actor, **data)


def _measure(actor, indicator, year, value, source="Informe nacional"):
    return services.measurement_record(
        actor=actor, indicator=indicator, period=year, value=Decimal(value), source=source
    )


def test_only_the_commission_defines_indicators():
    with pytest.raises(PermissionDenied):
        _indicator(f.coordinator(1))
    assert _indicator(_commission_member()).pk
    assert _indicator(make_gtsc(UserFactory()).user, slug="otro").pk


@pytest.mark.parametrize("year", [2022, 2031])
def test_a_measurement_outside_the_indicators_years_is_refused(year):
    actor = _commission_member()
    indicator = _indicator(actor)
    r = _client(actor).post(
        indicator.get_absolute_url(), {"period": year, "value": "3", "source": "x"}
    )
    assert r.status_code == 400 and "2023" in r.content.decode()
    assert not Measurement.objects.exists()


def test_a_duplicate_year_is_refused():
    actor = _commission_member()
    indicator = _indicator(actor)
    _measure(actor, indicator, 2024, "15")
    r = _client(actor).post(
        indicator.get_absolute_url(), {"period": 2024, "value": "16", "source": "x"}
    )
    assert r.status_code == 400 and "corríjalo" in r.content.decode()
    assert Measurement.objects.count() == 1


def test_a_correction_keeps_the_earlier_value_in_history_and_is_audited():
    actor = _commission_member()
    indicator = _indicator(actor)
    first = _measure(actor, indicator, 2024, "15")
    r = _client(actor).post(
        reverse("mesas:measurement_correct", args=[first.pk]),
        {"value": "17", "source": "Informe revisado", "note": "Cifra revisada"},
    )
    assert r.status_code == 302
    rows = list(Measurement.objects.order_by("pk"))
    assert [m.value for m in rows] == [Decimal("15"), Decimal("17")]
    assert rows[0].replaced_at is not None and rows[1].replaced_at is None
    assert AuditLog.objects.filter(action="indicator.correct").exists()
    page = _client().get(indicator.get_absolute_url()).content.decode()
    assert "Cifra revisada" in page and "Valores anteriores" in page


def test_the_page_has_an_accessible_svg_chart_a_table_and_a_generated_description():
    actor = _commission_member()
    indicator = _indicator(actor)
    for year, value in ((2023, "12"), (2024, "20"), (2026, "31")):
        _measure(actor, indicator, year, value)
    r = _client().get(indicator.get_absolute_url())
    html = r.content.decode()
    assert r.status_code == 200
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "De 12 en 2023 a 31 en 2026; meta 40 en 2030." in html
    assert "<script" not in html.split("<main", 1)[1]
    assert '<th scope="row">2026</th>' in html


def test_chart_escapes_text_and_draws_with_the_text_colour():
    svg = line_chart(
        [Point("<b>2023</b>", 1.0), Point("2024", 2.0)],
        title="A & <B>",
        description="d",
        chart_id="c",
        reference=("Meta", 3.0),
    )
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "A &amp; &lt;B&gt;" in svg
    assert "currentColor" in svg and "style=" not in svg and 'viewBox="0 0 640 320"' in svg


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_that_could_run_as_formulas_are_escaped(text):
    assert safe_cell(text).startswith("'")
    assert safe_cell(Decimal("-2")) == "-2"  # numbers stay numbers


def test_the_csv_download_escapes_sources():
    actor = _commission_member()
    indicator = _indicator(actor)
    _measure(actor, indicator, 2024, "15", source="=cmd|' /C calc'!A0")
    r = _client().get(reverse("mesas:indicator_csv", args=[indicator.slug]))
    assert r["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[1][0] == "2024" and rows[1][3].startswith("'=")


def test_the_api_returns_published_indicators_with_measurements():
    actor = _commission_member()
    indicator = _indicator(actor)
    _measure(actor, indicator, 2024, "15")
    Indicator.objects.create(
        slug="oculto",
        name="Oculto",
        unit="u",
        baseline_value=1,
        baseline_period=2020,
        target_value=2,
        target_period=2025,
        is_published=False,
    )
    data = _client().get("/api/v1/indicators/").json()
    assert [i["slug"] for i in data["indicators"]] == ["personas-regularizadas"]
    item = data["indicators"][0]
    assert item["measurements"] == [
        {"year": 2024, "value": "15.00", "source": "Informe nacional", "source_url": None}
    ]
    assert item["target"] == {"value": "40.00", "year": 2030} and item["objectives"] == [7]
    assert _client().get(reverse("mesas:indicator_detail", args=["oculto"])).status_code == 404
