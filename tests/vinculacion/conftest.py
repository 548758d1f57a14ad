import pytest


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["testserver"]
