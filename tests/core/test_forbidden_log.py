"""A 403 is an answer, not an error (issue 10): one INFO line, no traceback."""

import logging

import pytest

from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_403_is_logged_at_info_without_a_traceback(client, caplog):
    client.force_login(UserFactory())
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/es/audit/")
    assert response.status_code == 403
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    (record,) = records
    assert record.levelno == logging.INFO
    assert record.exc_info is None and not record.exc_text
    assert "Traceback" not in caplog.text


def test_django_records_are_printed_once():
    """Django's default config adds its own console handler to "django" on top of the root's."""
    assert logging.getLogger("django").handlers == []
