"""Issue 13 'done when', in the browser: a member sends an input with a PDF; the coordinator
acknowledges it and opens a consultation on a draft recommendation that uses it; members comment;
the recommendation is adopted at a meeting, published (page and PDF), presented at a dialogue;
a government's response and later an implementation entry are recorded; an indicator with three
measurements shows its chart and table; the objective's page shows all of it; the API returns it.
Pages are checked with axe as they are visited. GT-SC staff must enrol MFA before using pages,
so the dialogue steps they take run through the same services their buttons call."""

import datetime
import re
from decimal import Decimal

from django.test import Client
from django.utils import timezone

from mecanismo.core.models import Country, Objective
from mecanismo.documents.models import Document
from mesas import services
from mesas.demo import DEMO_PDF
from mesas.models import Input, Recommendation
from tests.e2e.conftest import visit
from tests.factories import UserFactory, make_gtsc, make_linking_table_member
from tests.mesas import factories as f


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
    ctx.set_default_timeout(15_000)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return ctx, ctx.new_page()


def test_from_an_input_to_a_followed_recommendation(
    browser, live_server, reference_data, page, tmp_path
):
    coordinator = f.coordinator(1)
    _org, ana = f.member_in_mesa(1, name="Red de Mujeres Migrantes")
    _org2, beto = f.member_in_mesa(1, name="Colectivo Frontera Sur")
    past = f.meeting(days=-2, title="Reunión trimestral de adopción")
    objective = Objective.objects.get(number=15)
    pdf = tmp_path / "aporte.pdf"
    pdf.write_bytes(DEMO_PDF)
    contexts = []
    try:
        actx, apage = _login(browser, live_server, ana)
        cctx, cpage = _login(browser, live_server, coordinator)
        bctx, bpage = _login(browser, live_server, beto)
        contexts += [actx, cctx, bctx]

        # 1. Ana sends an input with a PDF.
        visit(apage, "/es/inputs/new/")
        apage.locator("#id_body").select_option(str(f.body("mr1").pk))
        apage.locator("#id_title").fill("Salud en la frontera sur")
        apage.locator("#id_text").fill("Las personas migrantes no acceden a la atención primaria.")
        apage.locator(f"input[name=objectives][value='{objective.pk}']").check()
        apage.locator("#id_may_publish").check()
        apage.locator("#id_file").set_input_files(str(pdf))
        apage.locator("main form button[type=submit]").click()
        apage.wait_for_url(re.compile(r"/es/inputs/\d+/$"))
        item = Input.objects.get()
        assert item.file_kind == "pdf"

        # 2. The coordinator acknowledges it, drafts a recommendation and links the input.
        visit(cpage, "/es/bodies/mr1/inputs/")
        cpage.locator(f"a[href='/es/inputs/{item.pk}/']").click()
        cpage.locator(f"form[action='/es/inputs/{item.pk}/acknowledge/'] button").click()
        cpage.wait_for_url(f"**/es/inputs/{item.pk}/")
        visit(cpage, "/es/bodies/mr1/recommendations/new/")
        cpage.locator("#id_title").fill("Acceso a la salud primaria sin discriminación")
        cpage.locator("#id_text").fill("Los Estados garantizan el acceso.\n\nY lo informan.")
        cpage.locator(f"input[name=objectives][value='{objective.pk}']").check()
        cpage.locator("#id_countries").select_option(str(Country.objects.get(code="MX").pk))
        due = timezone.localdate() + datetime.timedelta(days=90)
        cpage.locator("#id_response_due_on").fill(due.isoformat())
        cpage.locator("main form button[type=submit]").click()
        cpage.wait_for_url(re.compile(r"/es/recommendations/\d+/$"))
        rec = Recommendation.objects.get()
        visit(cpage, f"/es/inputs/{item.pk}/")
        cpage.locator("#id_recommendation").select_option(str(rec.pk))
        cpage.locator(f"form[action='/es/inputs/{item.pk}/link/'] button").click()
        cpage.wait_for_url(f"**/es/inputs/{item.pk}/")
        visit(apage, "/es/inputs/mine/")
        assert "Usado" in apage.content()

        # 3. A consultation on the draft; both members comment.
        visit(cpage, "/es/bodies/mr1/consultations/new/")
        cpage.locator("#id_title").fill("Borrador sobre salud primaria")
        cpage.locator("#id_text").fill("Primer párrafo.\n\nSegundo párrafo.")
        closes = timezone.localtime() + datetime.timedelta(days=7)
        cpage.locator("#id_closes_at").fill(closes.strftime("%Y-%m-%dT%H:%M"))
        cpage.locator("#id_recommendation").select_option(str(rec.pk))
        cpage.locator("main form button[type=submit]").click()
        cpage.wait_for_url(re.compile(r"/es/consultations/\d+/$"))
        consultation_url = cpage.url
        for p, text in ((apage, "Incluir la salud mental."), (bpage, "Mencionar a la niñez.")):
            visit(p, consultation_url)
            p.locator("#id_paragraph").fill("1")
            p.locator("#id_text").fill(text)
            p.locator("main form button[type=submit]").first.click()
            p.wait_for_url(consultation_url)
        visit(cpage, consultation_url)
        assert "Incluir la salud mental." in cpage.content()

        # 4. Adopted at the meeting, then published: page and PDF.
        visit(cpage, f"/es/recommendations/{rec.pk}/")
        cpage.locator("#id_meeting").select_option(str(past.pk))
        cpage.locator(f"form[action='/es/recommendations/{rec.pk}/adopt/'] button").click()
        cpage.wait_for_url(f"**/es/recommendations/{rec.pk}/")
        cpage.locator(f"form[action='/es/recommendations/{rec.pk}/publish/'] button").click()
        cpage.wait_for_url(f"**/es/recommendations/{rec.pk}/")
        rec.refresh_from_db()
        assert rec.is_published and rec.document.status == Document.Status.READY
        visit(page, f"/es/recommendations/{rec.pk}/")
        pdf_url = rec.document.get_absolute_url()
        assert page.locator(f"a[href='{pdf_url}']").count() == 1
        response = page.request.get(pdf_url)
        assert response.ok and response.body().startswith(b"%PDF")

        # 5. Presented at a dialogue with Mexico (GT-SC staff), then Mexico's response and an
        # implementation entry, recorded by the coordinator in the browser.
        staff = make_gtsc(UserFactory()).user
        dialogue = services.dialogue_record(
            actor=staff,
            meeting=f.meeting("dialogues", days=-1, title="Diálogo con gobiernos"),
            countries=Country.objects.filter(code__in=["MX", "CO", "GT"]),
        )
        services.dialogue_present(actor=staff, dialogue=dialogue, rec=rec)
        visit(page, f"/es/dialogues/{dialogue.pk}/")
        assert rec.title in page.content()
        for track, status in (("response", "supported"), ("implementation", "in_progress")):
            visit(cpage, f"/es/recommendations/{rec.pk}/follow-up/")
            cpage.locator("#id_track").select_option(track)
            if track == "response":
                cpage.locator("#id_addressee").select_option(str(rec.addressees.get().pk))
            cpage.locator("#id_status").select_option(status)
            cpage.locator("#id_on").fill(timezone.localdate().isoformat())
            cpage.locator("#id_source_kind").select_option("link")
            cpage.locator("#id_source_url").fill("https://www.example.org/fuente")
            cpage.locator("main form button[type=submit]").click()
            cpage.wait_for_url(f"**/es/recommendations/{rec.pk}/")
        visit(page, f"/es/recommendations/{rec.pk}/")
        html = page.content()
        assert "Apoyada" in html and "En curso" in html and "Diálogo con gobiernos" in html

        # 6. An indicator with three measurements: chart and table.
        commissioner = UserFactory()
        make_linking_table_member(commissioner)
        indicator = services.indicator_define(
            actor=commissioner,
            slug="acceso-salud",
            name="Acceso a atención primaria",
            unit="%",
            baseline_value=Decimal(40),
            baseline_period=2023,
            target_value=Decimal(75),
            target_period=2030,
            objectives=[objective],
        )
        for year, value in ((2023, 40), (2024, 46), (2025, 52)):
            services.measurement_record(
                actor=commissioner, indicator=indicator, period=year, value=value, source="Informe"
            )
        visit(page, "/es/indicators/acceso-salud/")
        assert page.locator("svg[role=img] title").count() == 1
        assert page.locator("table tbody tr").count() == 3
        page.set_viewport_size({"width": 360, "height": 800})
        visit(page, "/es/indicators/acceso-salud/")
        assert page.evaluate("document.documentElement.scrollWidth <= 360")

        # 7. The objective's page shows all of it; the API returns it.
        page.set_viewport_size({"width": 1280, "height": 800})
        visit(page, "/es/objectives/15/")
        html = page.content()
        assert "Salud en la frontera sur" in html and rec.title in html
        assert "Acceso a atención primaria" in html
        data = Client().get("/api/v1/recommendations/").json()["recommendations"][0]
        assert data["id"] == rec.pk and [e["status"] for e in data["implementation_track"]] == [
            "in_progress"
        ]
        assert "supported" in [e["status"] for e in data["response_track"]]
        ind = Client().get("/api/v1/indicators/").json()["indicators"][0]
        assert [m["year"] for m in ind["measurements"]] == [2023, 2024, 2025]
    finally:
        for ctx in contexts:
            ctx.close()
