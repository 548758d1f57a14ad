"""Portuguese pages use Brazilian Portuguese, the variety spoken in the region, also in the
strings that come from Django and django-allauth."""

import pytest


@pytest.mark.django_db
def test_portuguese_account_pages_read_brazilian_portuguese(client):
    page = client.get("/pt/accounts/password/reset/").content.decode()
    assert "senha" in page.lower()
    assert "palavra-passe" not in page.lower()


@pytest.mark.django_db
def test_project_strings_still_translate_in_portuguese(client):
    page = client.get("/pt/mesas/").content.decode()
    assert "As quatro mesas de trabalho" in page
