import pytest


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.example.org"
