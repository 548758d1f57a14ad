"""django-allauth's pages in the portal's layout: base.html, one h1, labelled fields, nothing the
strict CSP would block (issue 3: accounts)."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.core.conftest import password_login, reauthenticate
from tests.core.htmlcheck import page_problems
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ENTRANCE_PAGES = [
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/confirm-email/",
    "accounts/confirm-email/not-a-real-key/",
    "accounts/password/reset/key/1-not-a-real-key/",
    "accounts/inactive/",
]


@pytest.mark.parametrize("lang", ["es", "en", "pt", "fr"])
@pytest.mark.parametrize("path", ENTRANCE_PAGES)
def test_entrance_pages_use_the_portal_layout(client, path, lang):
    response = client.get(f"/{lang}/{path}")
    assert response.status_code == 200, path
    html = response.content.decode()
    assert page_problems(html) == [], path
    assert f'<html lang="{lang}">' in html


def test_login_page_links_to_sign_up_and_password_reset(client):
    html = client.get("/es/accounts/login/").content.decode()
    assert reverse("account_signup") in html
    assert reverse("account_reset_password") in html
    assert 'name="login"' in html and 'name="password"' in html


def test_sign_up_page_is_translated(client):
    assert "Crear una cuenta" in client.get("/es/accounts/signup/").content.decode()
    assert "Create an account" in client.get("/en/accounts/signup/").content.decode()
    assert "Criar uma conta" in client.get("/pt/accounts/signup/").content.decode()
    assert "Créer un compte" in client.get("/fr/accounts/signup/").content.decode()


MANAGE_PAGES = [
    "accounts/email/",
    "accounts/password/change/",
    "accounts/2fa/",
    "accounts/logout/",
    "accounts/reauthenticate/",
]


@pytest.mark.parametrize("path", MANAGE_PAGES)
def test_account_management_pages_use_the_portal_layout(client, path):
    client.force_login(UserFactory())
    response = client.get(f"/es/{path}")
    assert response.status_code == 200, path
    assert page_problems(response.content.decode()) == [], path


def test_management_pages_show_the_account_menu(client):
    client.force_login(UserFactory())
    html = client.get("/es/accounts/email/").content.decode()
    assert 'aria-label="Su cuenta"' in html
    assert reverse("mfa_index") in html and reverse("core:settings") in html


def test_pending_email_change_page_has_no_inline_style(client):
    user = UserFactory()
    assert password_login(client, user.email, PASSWORD).status_code == 302
    response = client.post(
        "/es/accounts/email/", {"action_add": "", "email": "new-address@example.org"}
    )
    assert response.status_code == 302
    html = client.get("/es/accounts/email/").content.decode()
    assert "new-address@example.org" in html
    assert page_problems(html) == []
    assert 'form hidden id="pending-email"' in html


def test_totp_activation_qr_code_is_a_data_uri_allowed_by_the_csp(client):
    user = UserFactory()
    password_login(client, user.email, PASSWORD)
    reauthenticate(client, PASSWORD)
    response = client.get("/es/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    html = response.content.decode()
    assert page_problems(html) == []
    src = re.search(r'<img[^>]*class="[^"]*mfa-qr[^"]*"[^>]*src="([^"]+)"', html).group(1)
    assert src.startswith("data:image/svg+xml;base64,")
    csp = response.headers["Content-Security-Policy"]
    img_src = next(d for d in csp.split(";") if d.strip().startswith("img-src"))
    assert "data:" in img_src.split()
    assert "'unsafe-inline'" not in csp


def test_member_enrols_totp_then_sees_recovery_codes_in_the_layout(client):
    import pyotp

    user = UserFactory()
    password_login(client, user.email, PASSWORD)
    reauthenticate(client, PASSWORD)
    response = client.get("/es/accounts/2fa/totp/activate/")
    secret = response.context["form"].secret
    response = client.post(
        "/es/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()}, follow=True
    )
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert response.redirect_chain[-1][0].endswith("/accounts/2fa/recovery-codes/")
    html = response.content.decode()
    assert page_problems(html) == []
    assert html.count('id="recovery_codes"') == 1
    index = client.get("/es/accounts/2fa/")
    assert page_problems(index.content.decode()) == []


def test_too_many_requests_page_is_translated_in_the_layout(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    data = {"email": "a@example.org", "password1": "x", "password2": "y"}
    client.post("/en/accounts/signup/", data)
    response = client.post("/en/accounts/signup/", data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert page_problems(html) == []


def test_sign_up_goes_on_to_the_membership_registration(client):
    html = client.get("/es/accounts/signup/").content.decode()
    assert f'name="next" value="{reverse("membership:register")}"' in html
    # An explicit ?next= wins.
    html = client.get("/es/accounts/signup/?next=/es/mesas/").content.decode()
    assert 'name="next" value="/es/mesas/"' in html
    assert reverse("membership:register") not in html


def test_sign_up_with_mandatory_verification_sends_one_email(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from mecanismo.core.models import User

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/es/accounts/signup/",
            {
                "email": "ana@example.org",
                "password1": "Una-clave-larga-2026",
                "password2": "Una-clave-larga-2026",
                "next": reverse("membership:register"),
            },
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="ana@example.org")
    assert user.language == "es"
    assert "_auth_user_id" not in client.session  # verification is mandatory
    sent = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert len(sent) == 1 and "/es/accounts/confirm-email/" in sent[0].body


def test_bad_sign_up_input_gets_messages_in_the_users_language_and_writes_nothing(client):
    from mecanismo.core.models import User

    response = client.post(
        "/pt/accounts/signup/",
        {"email": "not-an-address", "password1": "abc", "password2": "abd"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "invalid-feedback" in html or "is-invalid" in html
    # Django's own message, in Brazilian Portuguese ("Informe um endereço de email válido.")
    assert "email válido" in html.lower() or "e-mail válido" in html.lower()
    assert not User.objects.filter(email="not-an-address").exists()
