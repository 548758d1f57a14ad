"""Login and sign-up are rate-limited (§10), with counters in the real Redis cache."""

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from mecanismo.core.demo import DEMO_PASSWORD
from tests.core.conftest import password_login

pytestmark = pytest.mark.django_db


def _redis_keys(prefix: str) -> list[bytes]:
    return list(redis.Redis.from_url(settings.REDIS_URL).scan_iter(f"{prefix}:*"))


def test_the_cache_is_redis(isolated_cache):
    assert settings.CACHES["default"]["BACKEND"] == "mecanismo.core.cache.TolerantRedisCache"
    cache.set("probe", "1", 5)
    assert _redis_keys(isolated_cache["KEY_PREFIX"])


def test_repeated_failed_logins_for_one_account_are_refused_even_with_the_right_password(
    client, demo, isolated_cache
):
    email = demo["member"].email
    for _ in range(5):
        response = password_login(client, email, "wrong-password")
        assert response.status_code == 200 and response.context["form"].errors
    response = password_login(client, email, DEMO_PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Demasiados intentos" in response.content.decode()
    # The counters live in Redis, under this test's prefix.
    assert _redis_keys(isolated_cache["KEY_PREFIX"])
    # Another account from the same address is not locked.
    assert password_login(client, demo["coordinator1"].email).status_code == 302


def test_login_attempts_from_one_address_are_limited(client, db):
    limit = int(settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    for i in range(limit):
        response = password_login(client, f"nobody{i}@example.org", "whatever-123")
        assert response.status_code == 200
    response = password_login(client, "nobody-else@example.org", "whatever-123")
    assert response.status_code == 429


def test_sign_ups_from_one_address_are_limited(client, db):
    limit = int(settings.ACCOUNT_RATE_LIMITS["signup"].split("/")[0])
    for i in range(limit):
        # Invalid on purpose (passwords differ): the attempt counts, nothing is written.
        data = {"email": f"new{i}@example.org", "password1": "a", "password2": "b"}
        assert client.post("/es/accounts/signup/", data).status_code == 200
    data = {"email": "late@example.org", "password1": "a", "password2": "b"}
    response = client.post("/es/accounts/signup/", data)
    assert response.status_code == 429
    assert "Demasiados intentos" in response.content.decode()


def test_limits_are_per_test_isolated(client, db):
    """A fresh prefix starts from zero: the previous test's exhausted limit does not apply."""
    data = {"email": "fresh@example.org", "password1": "a", "password2": "b"}
    assert client.post("/es/accounts/signup/", data).status_code == 200
