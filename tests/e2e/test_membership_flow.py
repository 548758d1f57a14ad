"""Issue 5, done when: from the open call to an approved member of two mesas, who then leaves one,
exports and deletes their data — in the browser, in Spanish and in another language, with axe on
every page visited. The coordinator works in a second browser context."""

import json
import re

import pytest
from django.core import mail

from mecanismo.core.models import Country, Mesa, User
from membership.models import MesaMembership
from tests.e2e.conftest import assert_accessible, visit
from tests.factories import PASSWORD, UserFactory, make_coordinator

NEW_PASSWORD = "Una-clave-larga-2026"


def submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_load_state()


def sign_up_and_verify(page, lang, email):
    visit(page, f"/{lang}/open-call/")
    page.locator("main a[href*='/accounts/signup/']").first.click()
    page.wait_for_url("**/accounts/signup/**")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/accounts/confirm-email/")
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", messages[0].body).group(0)
    visit(page, "/" + link.split("://", 1)[1].split("/", 1)[1])
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state()


def log_in(page, lang, email, password):
    visit(page, f"/{lang}/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_from_the_open_call_to_two_mesas_then_leave_export_and_delete(
    page, browser, live_server, lang
):
    email = f"nueva-{lang}@example.org"
    coordinator = UserFactory(language=lang)
    make_coordinator(coordinator, 1)
    make_coordinator(coordinator, 3)

    # Sign up from the open call, confirm the address from the e-mail.
    sign_up_and_verify(page, lang, email)
    user = User.objects.get(email=email)
    assert user.language == lang

    # Registration: privacy, kind, profile, optional answers.
    visit(page, f"/{lang}/register/privacy/")
    page.locator("#id_accept").check()
    submit(page)
    page.wait_for_url(f"**/{lang}/register/kind/")
    assert_accessible(page)
    page.locator("input[name=kind][value=organisation]").check()
    submit(page)
    page.wait_for_url(f"**/{lang}/register/profile/")
    assert_accessible(page)
    page.locator("#id_name").fill(f"Colectivo Puentes {lang}")
    page.locator("#id_actor_type").select_option(index=1)
    page.locator("#id_country").select_option(str(Country.objects.get(code="GT").pk))
    page.locator("#id_contact_name").fill("Ana Villalobos")
    page.locator("#id_works_national").check()
    page.locator("#id_description").fill("Acompañamos a personas migrantes en tránsito.")
    page.locator("input[name=listed_in_directory][value=yes]").check()
    submit(page)
    page.wait_for_url(f"**/{lang}/register/about/")
    assert_accessible(page)
    page.locator("input[name=gender][value=woman]").check()
    submit(page)
    page.wait_for_url(f"**/{lang}/my-mesas/")
    assert_accessible(page)

    # Ask to join MR 1 and MR 3.
    for number in (1, 3):
        page.locator(f"input[name=mesas][value='{Mesa.objects.get(number=number).pk}']").check()
    submit(page)
    page.wait_for_url(f"**/{lang}/my-mesas/")
    assert MesaMembership.objects.filter(status="pending").count() == 2

    # The coordinator approves both, in another browser context.
    other = browser.new_context(base_url=live_server.url, bypass_csp=True)
    try:
        cpage = other.new_page()
        log_in(cpage, lang, coordinator.email, PASSWORD)
        for slug in ("mr1", "mr3"):
            visit(cpage, f"/{lang}/coordination/{slug}/requests/")
            assert f"Colectivo Puentes {lang}" in cpage.locator("main").inner_text()
            cpage.locator("main input[name=decision][value=approve]").first.check()
            cpage.locator("main form[method=post] button[type=submit]").first.click()
            cpage.wait_for_load_state()
        visit(cpage, f"/{lang}/coordination/mr1/members/")
        assert email in cpage.locator("main").inner_text()
        visit(cpage, f"/{lang}/coordination/mr2/requests/", expect_status=403)
    finally:
        other.close()
    assert MesaMembership.objects.filter(status="approved").count() == 2
    decided = [m for m in mail.outbox if email in m.to and "MR" in m.subject]
    assert len(decided) == 2
    assert all(f"/{lang}/my-mesas/" in m.body for m in decided)

    # The member leaves MR 3.
    visit(page, f"/{lang}/my-mesas/")
    mr3 = MesaMembership.objects.get(mesa__number=3, status="approved")
    leave = page.locator(f"form[action$='/my-mesas/{mr3.pk}/leave/']")
    leave.locator("xpath=../summary").click()  # the confirmation opens (no JavaScript)
    leave.locator("button").click()
    page.wait_for_url(f"**/{lang}/my-mesas/")
    mr3.refresh_from_db()
    assert mr3.status == "left"
    visit(page, f"/{lang}/mesas/mr1/")

    # Export, then delete the account.
    visit(page, f"/{lang}/my-data/")
    with page.expect_download() as download:
        page.locator("form[action$='/my-data/export/'] button").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert data["account"]["email"] == email
    assert {m["mesa"]: m["status"] for m in data["member"]["mesa_memberships"]} == {
        "mr1": "approved",
        "mr3": "left",
    }
    visit(page, f"/{lang}/my-data/delete/")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("#id_confirm").check()
    submit(page)
    page.wait_for_url(re.compile(rf".*/{lang}/$"))
    assert_accessible(page)
    user.refresh_from_db()
    assert user.anonymised_at is not None and not user.is_active
    assert user.email.endswith("@anonymised.invalid")
    # The organisation stays in MR 1 (counts coherent), now without contacts.
    assert MesaMembership.objects.filter(mesa__number=1, status="approved").count() == 1
