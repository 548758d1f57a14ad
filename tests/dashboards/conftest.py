import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_dashboard_cache():
    """The dashboard caches its rendered sections in Redis under a stamp of the summaries; a
    database rolled back between tests can give the same stamp again, so each test starts with
    an empty cache instead of a page rendered for another test's data."""
    cache.clear()
    yield
