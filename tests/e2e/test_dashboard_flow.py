"""Issue 15 'done when', in the browser: a GT-SC user signs in with MFA, sees every section of the
participation dashboard with its filters, charts and tables, downloads a CSV and asks for the PDF
report (the page shows its progress, then the download link; the e2e settings run tasks in
process, as in the other browser tests); a mesa's coordinator sees only their mesa's part.
Every page is checked with axe as it is visited."""

import io
import re

from django.core.management import call_command
from pypdf import PdfReader

from mecanismo.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from mecanismo.core.models import AuditLog
from tests.e2e.conftest import totp_code, visit
from tests.e2e.test_role_pages_a11y import narrow_problems

SECTIONS = ("members", "people", "mesa", "coverage", "linking_table", "elections", "follow_up")


def _sign_in(page, email, *, mfa: bool):
    visit(page, "/es/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button", name="Iniciar sesión").click()
    if mfa:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.get_by_label("Código").fill(totp_code(DEMO_TOTP_SECRET))
        page.locator("main form").get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_load_state()
    assert page.locator(".account-bar").get_by_role("link", name="Paneles").count() == 1, (
        page.url,
        page.locator("main").inner_text()[:500],
    )


def test_gtsc_staff_read_every_section_export_a_csv_and_get_the_pdf(browser, page):
    call_command("seed_demo", stdout=io.StringIO())
    _sign_in(page, "gtsc@demo.local", mfa=True)
    page.locator(".account-bar").get_by_role("link", name="Paneles").click()
    page.wait_for_url("**/es/dashboard/")
    visit(page, "/es/dashboard/")

    for section in SECTIONS:
        heading = page.locator(f"h2#s-{section}")
        assert heading.count() == 1, section
    for name, label in (("quarter", "Periodo"), ("mesa", "Mesa"), ("subregion", "Subregión")):
        assert page.locator(f"label[for=id_{name}]").inner_text() == label
    # Charts: SVG with role=img, a title and a generated description, then the data table.
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 12
    first = charts.first
    assert first.locator("title").count() == 1 and first.locator("desc").text_content()
    assert page.locator("table caption").count() >= 15  # every table has its definition
    assert "<5" in page.locator("main").inner_text()  # small cells are withheld
    assert narrow_problems(page) == []  # readable at 360 px: charts scale, tables scroll
    coverage = page.locator("section[aria-labelledby=t-coverage] table")
    assert coverage.locator("tbody tr").count() == 23
    elections = page.locator("section[aria-labelledby=t-elections] table")
    assert elections.locator("tbody tr").count() >= 4

    # Filters: one mesa, one quarter.
    page.locator("#id_mesa").select_option(label="MR 1")
    page.locator("main form").get_by_role("button", name="Mostrar").click()
    page.wait_for_url(re.compile(r".*mesa=\d+"))
    assert "Cifras de MR 1" in page.locator("main").inner_text()
    assert page.locator("h2#s-linking_table").count() == 1  # GT-SC staff: still there

    # A CSV, with its BOM; the export is audited.
    with page.expect_download() as info:
        page.locator("a[href*='/dashboard/export/coverage.csv']").click()
    body = open(info.value.path(), "rb").read()  # noqa: PTH123, SIM115
    assert body.startswith("\ufeff".encode())
    assert body.decode("utf-8-sig").splitlines()[0].startswith("Objetivo,")
    assert AuditLog.objects.filter(action="dashboard.exported", data__table="coverage").exists()

    # The PDF report: asked for, its status shown, then offered for download.
    page.get_by_role("button", name="Preparar el informe en PDF").click()
    page.wait_for_url(re.compile(r".*#report$"))
    status = page.locator("section[aria-labelledby=report] [role=status]")
    assert status.count() == 1
    for _attempt in range(20):
        link = page.locator("section[aria-labelledby=report] a", has_text="Descargar el PDF")
        if link.count():
            break
        page.wait_for_timeout(1000)
        page.reload()
    assert link.count() == 1, page.locator("section[aria-labelledby=report]").inner_text()
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.body().startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    text = " ".join(text.split())
    assert "Cobertura de los 23 objetivos" in text and "Elecciones" in text
    assert AuditLog.objects.filter(action="dashboard.report_requested").exists()


def test_a_coordinator_sees_only_their_mesa(browser, page):
    call_command("seed_demo", stdout=io.StringIO())
    _sign_in(page, "coordinator1@demo.local", mfa=False)
    visit(page, "/es/dashboard/")
    main = page.locator("main").inner_text()
    assert "Cifras de MR 1" in main
    assert narrow_problems(page) == []
    assert page.locator("h2#s-linking_table").count() == 0
    for section in ("members", "people", "mesa", "coverage", "elections", "follow_up"):
        assert page.locator(f"h2#s-{section}").count() == 1, section
    options = page.locator("#id_mesa option").all_inner_texts()
    assert options == ["MR 1"]
    rows = page.locator("section[aria-labelledby=t-elections] tbody th").all_inner_texts()
    assert rows and all(r.startswith("MR 1") for r in rows)
    visit(page, "/es/dashboard/export/linking_gender.csv", check_a11y=False, expect_status=404)
