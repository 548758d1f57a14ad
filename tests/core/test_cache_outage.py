"""A Redis outage must not turn the login page into a 500 (§10): the cache degrades."""

import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.factories import UserFactory


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_down_cache():
    location = f"redis://127.0.0.1:{_closed_port()}/0"
    config = {
        "default": {
            "BACKEND": "mecanismo.core.cache.TolerantRedisCache",
            "LOCATION": location,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Django's setting_changed handler rebuilds the cache connections for the new settings.
    with override_settings(CACHES=config):
        yield caches["default"]


def test_cache_operations_degrade_when_redis_is_down(redis_down_cache):
    cache = redis_down_cache
    assert cache.get("missing", "fallback") == "fallback"
    assert cache.set("k", 1) is None
    assert cache.add("lock", True) is True
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("counter")


@pytest.mark.django_db
def test_login_works_while_redis_is_down(client, redis_down_cache):
    user = UserFactory(email="outage-login@example.org")
    assert client.get("/es/accounts/login/").status_code == 200
    response = client.post(
        "/es/accounts/login/", {"login": user.email, "password": "Correct-horse-2026"}
    )
    assert response.status_code == 302
    assert client.get("/es/settings/").status_code == 200
