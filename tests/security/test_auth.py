"""Authentication and sessions: CSRF on every POST, logout by POST, rate limits, MFA for GT-SC
and admins (the Django admin included), no open redirects, the private calendar token, and
account mail through the outbox without telling whether an address exists."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from mecanismo.core.models import PrivacyConsent, PrivacyNotice
from mecanismo.outbox.models import OutboxMessage
from mesas.models import CalendarToken
from mesas.services import calendar_token_reset
from tests.factories import UserFactory, make_gtsc
from tests.mesas import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "/%5Cevil.example",
    "/\t/evil.example",
    "https:evil.example",
    " //evil.example",
    "javascript:alert(1)",
]


def _safe(location: str) -> bool:
    return url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"})


def test_every_post_form_in_the_templates_carries_a_csrf_token():
    base = Path(settings.BASE_DIR)
    missing = []
    for path in base.rglob("*.html"):
        rel = path.relative_to(base).as_posix()
        if rel.startswith((".venv/", "staticfiles/", "tests/")):
            continue
        text = path.read_text(errors="ignore")
        for form in re.findall(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            if re.search(r"method=[\"']post", form, re.I) and "csrf_token" not in form:
                missing.append(rel)
    assert not missing, missing


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("account_login", {}),
        ("account_logout", {}),
        ("mesas:my_calendar", {}),
        ("membership:my_data_export", {}),
        ("membership:my_answers", {}),
        ("core:settings", {}),
    ],
)
def test_posts_without_a_csrf_token_are_refused(name, kwargs):
    user = UserFactory()
    client = client_for(user, enforce_csrf_checks=True)
    response = client.post(reverse(name, kwargs=kwargs), {"erase": "1"})
    assert response.status_code == 403


def test_logout_needs_a_post():
    user = UserFactory()
    client = client_for(user)
    client.get(reverse("account_logout"))
    assert client.session.get("_auth_user_id") == str(user.pk)
    client.post(reverse("account_logout"))
    assert client.session.get("_auth_user_id") is None


def test_login_and_signup_are_rate_limited(settings):
    """(tests/core/test_rate_limits.py checks the lock-out itself.)"""
    limits = settings.ACCOUNT_RATE_LIMITS
    for key in ("login", "login_failed", "signup", "reset_password"):
        assert limits.get(key), key
    user = UserFactory()
    client = client_for()
    for _ in range(6):
        response = client.post(reverse("account_login"), {"login": user.email, "password": "no"})
    response = client.post(
        reverse("account_login"), {"login": user.email, "password": "Correct-horse-2026"}
    )
    assert response.status_code != 302 and "_auth_user_id" not in client.session


@pytest.mark.parametrize("kind", ["superuser", "staff", "gtsc"])
def test_mfa_is_enforced_for_staff_before_any_page_including_the_admin(kind):
    user = UserFactory()
    if kind == "superuser":
        user.is_superuser = user.is_staff = True
        user.save()
    elif kind == "staff":
        user.is_staff = True
        user.save()
    else:
        make_gtsc(user)
    client = client_for(user)
    activate = reverse("mfa_activate_totp")
    for url in (
        "/admin/",
        "/admin/core/user/",
        f"/admin/core/user/{user.pk}/change/",
        f"/admin/core/user/{user.pk}/accounts/change/",
        reverse("membership:coordinators"),
        reverse("core:audit_log"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(activate), (url, response["Location"])


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_privacy_consent_next_cannot_redirect_off_site(target):
    PrivacyNotice.objects.get_or_create(
        version=99, defaults={"text_es": "x", "text_en": "x", "text_pt": "x", "text_fr": "x"}
    )
    user = UserFactory()
    response = client_for(user).post(
        reverse("membership:privacy_consent") + "?" + f"next={target}", {"accept": "on"}
    )
    assert response.status_code == 302
    assert _safe(response["Location"]), response["Location"]
    assert PrivacyConsent.objects.filter(user=user).exists()


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_and_language_switch_next_cannot_redirect_off_site(target):
    user = UserFactory()
    response = client_for().post(
        reverse("account_login"),
        {"login": user.email, "password": "Correct-horse-2026", "next": target},
    )
    assert response.status_code == 302
    assert _safe(response["Location"]), response["Location"]
    response = client_for().post("/i18n/setlang/", {"language": "en", "next": target})
    assert _safe(response["Location"]), response["Location"]


def test_private_calendar_token_is_long_random_and_resettable():
    user = UserFactory()
    tokens = {CalendarToken.objects.create(user=UserFactory()).token for _ in range(5)}
    assert len(tokens) == 5
    assert all(len(t) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", t) for t in tokens)
    token = CalendarToken.objects.create(user=user).token
    url = reverse("mesas:feed_private", kwargs={"token": token})
    assert client_for().get(url).status_code == 200
    new = calendar_token_reset(user=user).token
    assert new != token
    assert client_for().get(url).status_code == 404
    assert client_for().get(reverse("mesas:feed_private", kwargs={"token": new})).status_code == 200
    assert (
        client_for().get(reverse("mesas:feed_private", kwargs={"token": token[:-1]})).status_code
        == 404
    )


def test_private_feed_stops_when_the_account_is_deleted():
    member, user = f.member_in_mesa(1)
    meeting = f.meeting("mr1", days=5)
    f.invite(meeting, user, member)
    token = CalendarToken.objects.create(user=user).token
    url = reverse("mesas:feed_private", kwargs={"token": token})
    assert b"meet.example.org" in client_for().get(url).content
    from membership.services import account_delete

    account_delete(user=user)
    assert client_for().get(url).status_code == 404


def test_password_reset_does_not_tell_whether_an_address_exists(django_capture_on_commit_callbacks):
    user = UserFactory()
    url = reverse("account_reset_password")
    with django_capture_on_commit_callbacks(execute=True):
        known = client_for().post(url, {"email": user.email})
        unknown = client_for().post(url, {"email": "nobody-here@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # Both go through the outbox (one message each), so timing and flow are the same.
    assert OutboxMessage.objects.filter(to__iexact=user.email).count() == 1
    assert OutboxMessage.objects.filter(to="nobody-here@example.org").count() == 1


def test_signup_with_an_existing_address_looks_like_a_new_signup(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    data = {"password1": "Very-long-pass-2026!", "password2": "Very-long-pass-2026!"}
    with django_capture_on_commit_callbacks(execute=True):
        existing = client_for().post(reverse("account_signup"), {"email": user.email, **data})
        fresh = client_for().post(reverse("account_signup"), {"email": "fresh@example.org", **data})
    assert existing.status_code == fresh.status_code == 302
    assert existing["Location"] == fresh["Location"]
    assert OutboxMessage.objects.filter(to__iexact=user.email).exists()


def test_the_admin_login_form_cannot_skip_the_second_factor():
    admin = UserFactory(is_staff=True, is_superuser=True)
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")
    client = client_for()
    response = client.post(
        "/admin/login/", {"username": admin.email, "password": "Correct-horse-2026"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    # allauth's login asks for the TOTP code before the session is authenticated.
    response = client.post(
        reverse("account_login"), {"login": admin.email, "password": "Correct-horse-2026"}
    )
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302
