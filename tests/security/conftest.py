"""Helpers of the security audit tests (issue 3–6 adversarial review)."""

import uuid

import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.fixture(autouse=True)
def isolated_cache(settings):
    """The real Redis cache under a key prefix of this test only: rate-limit counters never
    leak between tests or parallel runs."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"sec-{uuid.uuid4().hex}"},
    }
    yield settings.CACHES["default"]


def client_for(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client
