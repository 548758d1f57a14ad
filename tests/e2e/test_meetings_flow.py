"""Issue 6 'done when', tried as people would in a browser: a coordinator schedules the quarterly
meeting, a member proposes an agenda item that is accepted, members reply and get their reminders
once, the coordinator records attendance, writes, circulates and approves the minutes, and a
visitor downloads the published PDF whose text holds the agenda and the attendance."""

import datetime
import io
import re

from django.core import mail
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from mesas import services
from mesas.models import Invitation, Meeting
from tests.e2e.conftest import visit
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


def test_quarterly_meeting_from_scheduling_to_published_minutes(
    browser, live_server, reference_data, page
):
    coordinator = f.coordinator(1)
    org_a, ana = f.member_in_mesa(1, name="Red de Mujeres Migrantes")
    org_b, beto = f.member_in_mesa(1, name="Colectivo Frontera Sur")
    contexts = []
    try:
        coord_ctx, cpage = _login(browser, live_server, coordinator)
        ana_ctx, apage = _login(browser, live_server, ana)
        beto_ctx, bpage = _login(browser, live_server, beto)
        contexts += [coord_ctx, ana_ctx, beto_ctx]

        # 1. The coordinator schedules the quarterly meeting.
        visit(cpage, "/es/bodies/mr1/meetings/new/")
        start = timezone.localtime(timezone.now() + datetime.timedelta(days=5)).replace(
            hour=10, minute=0
        )
        cpage.locator("#id_title").fill("Reunión trimestral de la MR 1")
        cpage.locator("#id_starts_at").fill(start.strftime("%Y-%m-%dT%H:%M"))
        cpage.locator("#id_ends_at").fill(start.replace(hour=12).strftime("%Y-%m-%dT%H:%M"))
        cpage.locator("#id_time_zone").select_option("America/Bogota")
        cpage.locator("#id_modality").select_option("hybrid")
        cpage.locator("#id_place").fill("Ciudad de Panamá")
        cpage.locator("#id_video_link").fill("https://meet.example.org/mr1-q")
        cpage.locator("main form button[type=submit]").click()
        cpage.wait_for_url(re.compile(r"/es/meetings/\d+/$"))
        meeting = Meeting.objects.get()
        assert meeting.invitations.filter(user__in=[ana, beto]).count() == 2

        # 2. A member proposes an agenda item; the coordinator accepts it.
        visit(apage, f"/es/meetings/{meeting.pk}/")
        apage.locator(f"a[href='/es/meetings/{meeting.pk}/proposals/']").first.click()
        apage.locator("#id_title").fill("Acceso a la salud de las personas migrantes")
        apage.locator("main form button[type=submit]").last.click()
        apage.wait_for_load_state()
        visit(cpage, f"/es/meetings/{meeting.pk}/proposals/")
        cpage.locator("button[formaction$='/accept/']").click()
        cpage.wait_for_load_state()
        assert meeting.agenda_items.get().title == "Acceso a la salud de las personas migrantes"
        assert any(m.to == [ana.email] for m in mail.outbox)

        # 3. Members reply.
        for p, choice in ((apage, "online"), (bpage, "in_person")):
            visit(p, f"/es/meetings/{meeting.pk}/")
            p.locator(f"input[name=response][value={choice}]").check()
            p.locator(f"form[action='/es/meetings/{meeting.pk}/rsvp/'] button").click()
            p.wait_for_load_state()
        assert Invitation.objects.get(meeting=meeting, user=beto).rsvp == "in_person"

        # 4. The reminder sweep runs twice; each member is reminded once.
        mail.outbox.clear()
        services.meeting_reminders_send()
        services.meeting_reminders_send()
        reminded = sorted(m.to[0] for m in mail.outbox)
        assert reminded.count(ana.email) == 1 and reminded.count(beto.email) == 1

        # 5. The meeting takes place (time passes), attendance is recorded.
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=timezone.now() - datetime.timedelta(hours=3),
            ends_at=timezone.now() - datetime.timedelta(hours=1),
        )
        visit(cpage, f"/es/meetings/{meeting.pk}/attendance/")
        beto_inv = Invitation.objects.get(meeting=meeting, user=beto)
        cpage.locator(f"input[name=a-{beto_inv.pk}][value=excused]").check()
        cpage.locator("main form button[type=submit]").last.click()
        cpage.wait_for_url(re.compile(rf"/es/meetings/{meeting.pk}/attendance/"))
        ana_inv = Invitation.objects.get(meeting=meeting, user=ana)
        assert (ana_inv.attendance, ana_inv.presence) == ("present", "online")
        assert Invitation.objects.get(meeting=meeting, user=beto).attendance == "excused"

        # 6. Minutes: written, circulated, approved.
        visit(cpage, f"/es/meetings/{meeting.pk}/minutes/")
        cpage.locator("#id_text").fill("## Acuerdos\n\nSe acordó un plan de incidencia común.")
        cpage.locator("button[formaction$='/minutes/circulate/']").click()
        cpage.wait_for_load_state()
        cpage.locator("form[action$='/minutes/approve/'] button").click()
        cpage.wait_for_url(re.compile(rf"/es/meetings/{meeting.pk}/minutes/$"))

        # 7. A visitor downloads the published PDF.
        visit(page, f"/es/meetings/{meeting.pk}/")
        link = page.locator("a[href*='.pdf']").first
        href = link.get_attribute("href")
        response = page.request.get(href)
        assert response.status == 200 and response.body().startswith(b"%PDF")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
        text = " ".join(text.split())
        assert "Acceso a la salud de las personas migrantes" in text
        assert "Red de Mujeres Migrantes" in text and "Colectivo Frontera Sur" in text
        assert "Presente" in text and "Excusado" in text
    finally:
        for ctx in contexts:
            ctx.close()


def test_meeting_pages_are_accessible(browser, live_server, reference_data, page):
    coordinator = f.coordinator(1)
    meeting = f.meeting(days=-1, title="Reunión pasada")
    f.meeting(days=4, title="Reunión próxima")
    org, ana = f.member_in_mesa(1)
    f.invite(meeting, ana, org, rsvp="online")
    item = services.agenda_item_add(actor=coordinator, meeting=meeting, title="Punto único")
    for path in ["/es/calendar/", "/es/bodies/", "/es/bodies/mr1/", "/es/mesas/mr1/"]:
        visit(page, path)
    ctx, cpage = _login(browser, live_server, coordinator)
    try:
        for path in [
            "/es/bodies/overview/",
            f"/es/meetings/{meeting.pk}/",
            f"/es/meetings/{meeting.pk}/edit/",
            f"/es/meetings/{meeting.pk}/agenda/",
            f"/es/meetings/{meeting.pk}/agenda/{item.pk}/documents/",
            f"/es/meetings/{meeting.pk}/outcomes/",
            "/es/calendar/mine/",
        ]:
            visit(cpage, path)
    finally:
        ctx.close()
