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


def load_reference_data():
    """Reference data (objectives, mesas, countries…), the bodies that meet and the ten
    linking-table seats, with the data migrations themselves (each idempotent)."""
    from importlib import import_module

    from django.apps import apps

    import_module("mecanismo.core.migrations.0002_reference_data").load(apps, None)
    import_module("mesas.migrations.0002_bodies").load(apps, None)
    import_module("vinculacion.migrations.0002_seats_and_exclusion").load(apps, None)


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests start from a flushed database: reload the reference data."""
    load_reference_data()
