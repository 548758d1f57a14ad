"""Who sees the dashboards and what (§8): GT-SC staff and admins everything, a mesa's
coordinators their mesa only, everyone else 403 or the login page."""

import pytest
from django.core.management import call_command

from dashboards import services
from mecanismo.core.models import User

pytestmark = pytest.mark.django_db

URL = "/es/dashboard/"


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)
    services.quarter_stats_refresh()
    services.dashboard_releases_refresh()


def test_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_members_are_refused(client, demo):
    client.force_login(User.objects.get(email="member@demo.local"))
    assert client.get(URL).status_code == 403
    assert client.get("/es/dashboard/export/gender.csv").status_code == 403


def test_gtsc_staff_see_every_section(client, demo):
    client.force_login(User.objects.get(email="gtsc@demo.local"))
    response = client.get(URL)
    assert response.status_code == 200, response.content[:3000]
    page = response.content.decode()
    for section in ("members", "people", "mesa", "coverage", "linking_table", "elections"):
        assert f'id="s-{section}"' in page
    assert 'role="img"' in page and "<desc" in page


def test_coordinators_see_their_mesa_only(client, demo):
    client.force_login(User.objects.get(email="coordinator1@demo.local"))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="s-linking_table"' not in page
    assert client.get(URL + "?mesa=" + str(_mesa_id(2))).status_code == 400


def _mesa_id(number):
    from mecanismo.core.models import Mesa

    return Mesa.objects.get(number=number).pk
