import pytest

from tests import preflight


def pytest_configure(config):
    # Browser tests need chromium only when they are selected; PostgreSQL and Redis always.
    markexpr = config.getoption("-m") or ""
    found = preflight.problems(browser="not e2e" not in markexpr)
    if found:
        raise pytest.UsageError("\n\n".join(["Required services are missing:", *found]))


@pytest.fixture(autouse=True)
def _reference_language(settings):
    """Tests start in Spanish, the portal's default language."""
    from django.utils import translation

    translation.activate("es")
    yield
    translation.deactivate()
