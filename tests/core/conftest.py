"""Fixtures for the Foundation tests: an isolated Redis cache per test, demo data, TOTP codes."""

import io
import uuid

import pyotp
import pytest
from django.core.management import call_command

from mecanismo.core.demo import ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_SECRET


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """The real Redis cache (REDIS_URL), under a key prefix of this test only: rate-limit counters
    and allauth's used-TOTP-code markers never leak between tests or parallel runs."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"t-{uuid.uuid4().hex}"},
    }
    yield settings.CACHES["default"]


@pytest.fixture
def demo(db):
    """seed_demo's data (reference data comes from the migrations). Returns the users by role."""
    from mecanismo.core.models import User

    call_command("seed_demo", stdout=io.StringIO())
    return {role: User.objects.get(email=row[0]) for role, row in ACCOUNTS.items()}


class DemoTOTP(pyotp.TOTP):
    # The demo secret is 80 bits (short enough to type); pyotp ≥ 2.10 wants 112 unless told.
    min_secret_length_bits = 80


def totp_now(secret: str = DEMO_TOTP_SECRET) -> str:
    return DemoTOTP(secret).now()


def password_login(client, email: str, password: str = DEMO_PASSWORD, lang: str = "es"):
    """POST the allauth login form as a browser would; returns the response (not followed)."""
    return client.post(f"/{lang}/accounts/login/", {"login": email, "password": password})


def reauthenticate(client, password: str = DEMO_PASSWORD, lang: str = "es"):
    """allauth asks for the password again before sensitive changes such as enrolling TOTP."""
    response = client.post(f"/{lang}/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    return response
