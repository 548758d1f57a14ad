"""The PDF of a private meeting's minutes reaches its invitees and coordinators, nobody else."""

import pytest

from mesas import services
from tests.factories import UserFactory
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


def test_private_minutes_pdf_is_for_invitees_and_coordinators(
    client, django_capture_on_commit_callbacks
):
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1, is_public=False)
    member, invitee = f.member_in_mesa(1, name="Colectivo Frontera")
    f.invite(meeting, invitee, member, attendance="present")
    services.minutes_save(actor=coord, meeting=meeting, text="Acuerdos internos.")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(actor=coord, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.minutes_approve(actor=coord, meeting=meeting)
    version.refresh_from_db()
    document = version.document
    assert document.is_ready and not document.public
    url = document.get_absolute_url()

    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403  # a stranger
    client.force_login(invitee)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.force_login(coord)
    assert client.get(url).status_code == 200
