"""Issue 14, "Bringing existing members in", done when: an admin imports a 200-row spreadsheet
after a dry run with two rejected rows, and an imported contact accepts the invitation (the link
of the e-mail), opts in to the directory as its rules require, and then appears in it. Axe runs
on every page visited."""

import io
import re

from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client

from membership.models import ContactPerson, ContactStatus, Member, MemberImport
from tests.e2e.conftest import assert_accessible, visit
from tests.factories import UserFactory

NEW_PASSWORD = "Una-clave-larga-2026"
HEADER = [
    "kind",
    "member_name",
    "actor_type",
    "country",
    "email",
    "contact_name",
    "language",
    "mesas",
]


def workbook_200() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for i in range(1, 201):
        if i % 10 == 0:
            row = [
                "individual",
                f"Persona Importada {i}",
                "migrant_person",
                "GT",
                "",
                "",
                "es",
                "2",
            ]
        else:
            row = ["organisation", f"Colectivo Importado {i}", "cso", "PA", "", f"Contacto {i}"]
            row += ["fr" if i % 7 == 0 else "", "1;3"]
        row[4] = f"importada{i}@example.org"
        if i == 57:
            row[3] = "Atlántida"  # unknown country
        if i == 133:
            row[4] = "sin-arroba.example.org"  # bad e-mail
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _login(browser, live_server, user):
    client = Client()
    client.force_login(user)
    ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
    ctx.set_default_timeout(30_000)
    ctx.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return ctx, ctx.new_page()


def test_admin_imports_200_rows_and_an_invited_contact_joins_the_directory(
    browser, live_server, reference_data
):
    admin = UserFactory(is_superuser=True, is_staff=True)
    Authenticator.objects.create(
        user=admin, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    admin_ctx, page = _login(browser, live_server, admin)
    guest_ctx = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="es-ES")
    guest_ctx.set_default_timeout(30_000)
    try:
        # The upload page lists the expected columns.
        visit(page, "/es/imports/")
        for column in HEADER:
            assert page.locator("main code", has_text=column).count() >= 1
        page.locator("input[type=file][name=file]").set_input_files(
            {
                "name": "miembros.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": workbook_200(),
            }
        )
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/es/imports/[0-9a-f-]{36}/$"))
        assert_accessible(page, "dry run")

        # The dry run: 198 people, two rejected rows with their reasons; nothing written yet.
        summary = page.locator("main .import-summary").inner_text()
        assert "2 filas con errores" in summary
        assert "198 miembros nuevos" in summary
        assert Member.objects.count() == 0
        page.get_by_role("link", name="errores", exact=True).click()
        page.wait_for_load_state()
        rows = page.locator("main table tbody tr")
        assert rows.count() == 2
        text = rows.all_inner_texts()
        assert "57" in text[0] and "Atlántida" in text[0]
        assert "133" in text[1] and "sin-arroba" in text[1]
        # The 200 rows are shown 50 at a time, without a widget per row.
        visit(page, page.url.split("?")[0] + "?page=4")
        assert page.locator("main table tbody tr").count() == 50
        assert page.locator("main form").count() == 1

        # One "Import" POST: 198 people invited, each once, in their language.
        page.get_by_role("button", name="Importar", exact=True).click()
        page.wait_for_load_state()
        assert_accessible(page, "imported")
        assert Member.objects.count() == 198
        assert ContactPerson.objects.filter(status=ContactStatus.INVITED).count() == 198
        invitations = [m for m in mail.outbox if "/invitation/" in m.body]
        assert len(invitations) == 198
        assert len({m.to[0] for m in invitations}) == 198
        french = next(m for m in invitations if m.to == ["importada7@example.org"])
        assert "invitation" in french.subject.lower() and "/fr/invitation/" in french.body
        assert MemberImport.objects.get().status == "imported"
        # Invited people are listed nowhere yet.
        visit(page, "/es/directory/?q=Colectivo+Importado+1")
        assert "Colectivo Importado 1" not in page.locator("main").inner_text()

        # The contact of row 1 follows the link of the e-mail (not signed in).
        message = next(m for m in invitations if m.to == ["importada1@example.org"])
        link = re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)
        guest = guest_ctx.new_page()
        visit(guest, "/" + link.split("://", 1)[1].split("/", 1)[1])
        guest.locator("#id_password1").fill(NEW_PASSWORD)
        guest.locator("#id_password2").fill(NEW_PASSWORD)
        guest.locator("#id_accept").check()
        guest.locator("main form button[type=submit]").click()
        guest.wait_for_url(re.compile(r"/es/members/\d+/edit/$"))
        assert_accessible(guest, "member edit after the invitation")
        contact = ContactPerson.objects.get(user__email="importada1@example.org")
        assert contact.status == ContactStatus.APPROVED

        # The directory lists members who opted in (§3): the contact opts in.
        guest.locator("input[name=listed_in_directory][value=yes]").check()
        guest.locator("main form button[type=submit]").last.click()
        guest.wait_for_load_state()
        visit(guest, "/es/directory/?q=Colectivo+Importado+1")
        assert guest.get_by_role("link", name="Colectivo Importado 1", exact=True).count() == 1

        # The batch can no longer be undone: someone accepted.
        visit(page, f"/es/imports/{MemberImport.objects.get().token}/")
        assert page.get_by_role("button", name="Deshacer la importación").count() == 0
    finally:
        admin_ctx.close()
        guest_ctx.close()
