"""Browser journeys through the account pages (issue 3): demo logins through the TOTP step, a
sign-up that receives its verification e-mail, and the pages under the real CSP."""

import io
import re

from django.core import mail
from django.core.management import call_command

from mecanismo.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from tests.e2e.conftest import totp_code, visit


def _seed():
    call_command("seed_demo", stdout=io.StringIO())


def _password_step(page, email):
    visit(page, "/es/accounts/login/")
    page.get_by_label("Correo electrónico").fill(email)
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button", name="Iniciar sesión").click()


def test_gtsc_staff_log_in_through_the_totp_step(page):
    _seed()
    _password_step(page, "gtsc@demo.local")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    visit(page, "/es/accounts/2fa/authenticate/")  # the TOTP page itself passes axe
    page.get_by_label("Código").fill(totp_code(DEMO_TOTP_SECRET))
    page.locator("main form").get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(re.compile(r".*/es/me/$"))
    assert "Sesión iniciada como Gabriela" in page.locator(".account-bar").inner_text()


def test_admin_logs_in_through_the_totp_step_and_opens_the_django_admin(page):
    _seed()
    # Starting from the admin: its own login form is replaced by the portal's (with MFA).
    page.goto("/admin/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Correo electrónico").fill("admin@demo.local")
    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    page.locator("main form").get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Código").fill(totp_code(DEMO_TOTP_SECRET))
    page.locator("main form").get_by_role("button", name="Iniciar sesión").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    assert page.locator("#site-name").count() == 1


def test_sign_up_sends_the_verification_email_and_continues_to_registration(page):
    visit(page, "/es/open-call/")
    page.get_by_role("link", name="Crear una cuenta").first.click()
    page.wait_for_url("**/accounts/signup/**")
    page.get_by_label("Correo electrónico").fill("nueva.persona@example.org")
    page.locator("#id_password1").fill("Una-clave-larga-2026")
    page.locator("#id_password2").fill("Una-clave-larga-2026")
    page.get_by_role("button", name="Crear la cuenta").click()
    page.wait_for_url("**/accounts/confirm-email/")
    visit(page, "/es/accounts/confirm-email/")
    messages = [m for m in mail.outbox if "nueva.persona@example.org" in m.to]
    assert len(messages) == 1, [m.subject for m in mail.outbox]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", messages[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    visit(page, "/" + path)
    page.locator("main form").get_by_role("button").click()
    page.wait_for_load_state()
    # Signed in; a contact person who has not given a name yet is asked for it, never greeted by
    # e-mail address (issue 10)
    bar = page.locator(".account-bar").inner_text()
    assert "Sesión iniciada" in bar and "Añada su nombre" in bar and "nueva.persona" not in bar
    assert "/es/register/" in page.url or "/es/privacy-consent/" in page.url, page.url


def test_totp_activation_page_shows_its_qr_code_under_the_real_csp(
    browser, live_server, reference_data
):
    from tests.factories import PASSWORD, UserFactory

    user = UserFactory()
    ctx = browser.new_context(base_url=live_server.url, locale="es-ES")  # CSP enforced
    try:
        page = ctx.new_page()
        violations = []
        page.on(
            "console",
            lambda msg: (
                violations.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        page.goto("/es/accounts/login/")
        page.get_by_label("Correo electrónico").fill(user.email)
        page.get_by_label("Contraseña").fill(PASSWORD)
        page.locator("main form").get_by_role("button", name="Iniciar sesión").click()
        page.wait_for_url(re.compile(r".*/es/me/$"))
        page.goto("/es/accounts/2fa/totp/activate/")
        page.wait_for_url("**/accounts/reauthenticate/**")
        page.get_by_label("Contraseña").fill(PASSWORD)
        page.locator("main form").get_by_role("button").first.click()
        page.wait_for_url("**/accounts/2fa/totp/activate/")
        qr = page.locator("img.mfa-qr")
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
        secret = page.locator("#authenticator_secret").input_value()
        page.get_by_label("Código del autenticador").fill(totp_code(secret))
        page.get_by_role("button", name="Activar").click()
        page.wait_for_url("**/accounts/2fa/recovery-codes/")
        assert page.locator("#recovery_codes").input_value().count("\n") >= 9
        assert violations == []
    finally:
        ctx.close()
