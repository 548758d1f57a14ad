"""MFA (§10): offered to everyone, required for GT-SC staff and admins: until they enrol a TOTP
authenticator every page (the Django admin included) sends them to the activation page, and once
enrolled every login goes through the TOTP step."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from mecanismo.core.demo import DEMO_PASSWORD
from tests.core.conftest import password_login, reauthenticate, totp_now
from tests.factories import PASSWORD, UserFactory, make_coordinator, make_gtsc

pytestmark = pytest.mark.django_db

ACTIVATE = "/es/accounts/2fa/totp/activate/?required=1"


def activation_url(path: str) -> str:
    """The activation page in the language of the page that was asked for."""
    lang = path.split("/")[1] if path.split("/")[1] in {"es", "en", "pt", "fr"} else "es"
    return ACTIVATE.replace("/es/", f"/{lang}/")


PAGES = ["/es/", "/es/mesas/", "/es/settings/", "/en/about/", "/admin/", "/api/v1/mesas/"]


def _staff(kind):
    if kind == "admin":
        return UserFactory(is_staff=True, is_superuser=True)
    if kind == "staff":
        return UserFactory(is_staff=True)
    user = UserFactory()
    make_gtsc(user)
    return user


@pytest.mark.parametrize("kind", ["admin", "staff", "gtsc"])
def test_unenrolled_gtsc_staff_and_admins_are_sent_to_totp_activation_on_every_page(client, kind):
    client.force_login(_staff(kind))
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == activation_url(path), path


@pytest.mark.parametrize("kind", ["admin", "gtsc"])
def test_unenrolled_staff_can_still_reach_account_pages_and_sign_out(client, kind):
    client.force_login(_staff(kind))
    for path in ["/es/accounts/2fa/", "/es/accounts/email/", "/es/accounts/logout/", "/healthz"]:
        assert client.get(path).status_code == 200, path
    response = client.post("/es/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/es/").status_code == 200  # signed out: public pages open again


def test_members_and_coordinators_are_not_forced_to_enrol(client):
    member, coordinator = UserFactory(), UserFactory()
    make_coordinator(coordinator, 1)
    for user in (member, coordinator):
        client.force_login(user)
        assert client.get("/es/").status_code == 200
        assert client.get("/es/settings/").status_code == 200


def test_mfa_is_offered_to_everyone_from_the_account_bar(client):
    client.force_login(UserFactory())
    html = client.get("/es/").content.decode()
    assert f'href="{reverse("mfa_index")}"' in html
    assert client.get(reverse("mfa_index")).status_code == 200


def test_first_login_of_gtsc_staff_leads_through_enrolment_to_their_pages(client):
    user = _staff("gtsc")
    response = password_login(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert client.get("/es/").headers["Location"] == ACTIVATE
    reauthenticate(client, PASSWORD)
    form = client.get(ACTIVATE).context["form"]
    bad = client.post(ACTIVATE, {"code": "000000"})
    assert bad.status_code == 200 and bad.context["form"].errors  # wrong code: nothing enrolled
    assert not Authenticator.objects.filter(user=user).exists()
    response = client.post(ACTIVATE, {"code": pyotp.TOTP(form.secret).now()})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert client.get("/es/").status_code == 200


def test_deactivating_totp_sends_a_required_user_back_to_enrolment(client):
    user = _staff("gtsc")
    password_login(client, user.email, PASSWORD)
    reauthenticate(client, PASSWORD)
    secret = client.get(ACTIVATE).context["form"].secret
    client.post(ACTIVATE, {"code": pyotp.TOTP(secret).now()})
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    assert client.get("/es/mesas/").headers["Location"] == ACTIVATE


@pytest.mark.parametrize("role", ["gtsc", "admin"])
def test_enrolled_demo_accounts_must_pass_the_totp_step_after_the_password(client, demo, role):
    email = demo[role].email
    response = password_login(client, email)
    assert response.status_code == 302
    assert response["Location"] == "/es/accounts/2fa/authenticate/"
    # The password alone does not sign in.
    assert client.get("/es/settings/").status_code == 302
    assert "_auth_user_id" not in client.session
    wrong = client.post("/es/accounts/2fa/authenticate/", {"code": "123456"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert "_auth_user_id" not in client.session
    response = client.post("/es/accounts/2fa/authenticate/", {"code": totp_now()})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == demo[role].pk
    assert client.get("/es/settings/").status_code == 200
    if role == "admin":
        assert client.get("/admin/").status_code == 200


def test_a_totp_code_cannot_be_used_twice(client, demo):
    code = totp_now()
    password_login(client, demo["gtsc"].email)
    assert client.post("/es/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    client.post("/es/accounts/logout/")
    password_login(client, demo["gtsc"].email)
    replay = client.post("/es/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200 and replay.context["form"].errors


def test_a_recovery_code_replaces_the_authenticator_app(client, demo):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    rc = Authenticator.objects.get(user=demo["admin"], type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(rc).get_unused_codes()[0]
    password_login(client, demo["admin"].email)
    assert client.post("/es/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_django_admin_login_form_cannot_bypass_mfa(client, demo):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    posted = client.post(
        "/admin/login/?next=/admin/",
        {"username": demo["admin"].email, "password": DEMO_PASSWORD},
    )
    assert posted.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
