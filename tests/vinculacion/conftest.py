import pytest


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.fixture
def reference_data_loaded(transactional_db):
    """After a flush (transactional tests): reference data, bodies and the ten seats."""
    from importlib import import_module

    from django.apps import apps

    import_module("mecanismo.core.migrations.0002_reference_data").load(apps, None)
    import_module("mesas.migrations.0002_bodies").load(apps, None)
    import_module("vinculacion.migrations.0002_seats_and_exclusion").load(apps, None)
