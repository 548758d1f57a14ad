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


def test_minutes_pdf_stops_being_public_when_its_meeting_is_made_private(
    client, django_capture_on_commit_callbacks
):
    """Issue 11, finding 7: the PDF was still served with `public, max-age=300` at a sequential
    id after its meeting was made private."""
    coord = f.coordinator(1)
    meeting = f.meeting(days=-1, is_public=True)
    services.minutes_save(actor=coord, meeting=meeting, text="Acuerdos.")
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(actor=coord, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.minutes_approve(actor=coord, meeting=meeting)
    document = version.document
    url = document.get_absolute_url()
    assert f"/{document.pk}/" not in url and len(document.token) >= 40
    public = client.get(url)
    assert public.status_code == 200 and public["Cache-Control"] == "public, max-age=300"

    meeting.is_public = False
    meeting.save(update_fields=["is_public"])
    assert client.get(url).status_code == 302  # visitors: to the login page
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(coord)
    private = client.get(url)
    assert private.status_code == 200 and "no-store" in private["Cache-Control"]
    assert "public" not in private["Cache-Control"]
