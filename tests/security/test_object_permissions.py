"""Object-level permissions (IDOR): a user of another mesa, body or member cannot read or change
what is not theirs, by GET or by POST, whatever id they put in the URL."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from mecanismo.core.models import Mesa, Role, RoleAssignment
from mecanismo.documents.models import Document
from membership.models import ContactPerson, ContactStatus, Member, MesaMembership
from mesas.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    AgendaProposal,
    CalendarToken,
    Invitation,
    Meeting,
    Minutes,
)
from tests.factories import UserFactory
from tests.mesas import factories as f

from .conftest import client_for

pytestmark = pytest.mark.django_db


def _url(name, **kw):
    return reverse(name, kwargs=kw)


@pytest.fixture
def world():
    """Two mesas with a coordinator each, a member in each, a pending request in MR 1, and a
    past private meeting of MR 1 with an invitee, an agenda item, a document, a proposal, an
    action item and circulated minutes."""
    coord1, coord2 = f.coordinator(1), f.coordinator(2)
    m1, u1 = f.member_in_mesa(1)
    m2, u2 = f.member_in_mesa(2)
    pending = MesaMembership.objects.create(
        member=m2, mesa=Mesa.objects.get(number=1), status="pending"
    )
    past = f.meeting("mr1", days=-1, is_public=False)
    inv = f.invite(past, u1, m1, rsvp="online")
    item = AgendaItem.objects.create(meeting=past, position=1, title="Punto privado")
    doc = AgendaDocument(item=item, title="Borrador", kind="pdf", size=10)
    doc.file.save("borrador.pdf", ContentFile(b"%PDF-1.4 secret"), save=False)
    doc.save()
    future = f.meeting("mr1", days=10)
    f.invite(future, u1, m1)
    proposal = AgendaProposal.objects.create(meeting=future, proposed_by=u1, member=m1, title="P")
    action = ActionItem.objects.create(meeting=past, body_id=past.body_id, text="Hacer", owner=u1)
    minutes = Minutes.objects.create(meeting=past, status="circulated", text="Acta", html="<p>")
    return {
        "coord1": coord1,
        "coord2": coord2,
        "m1": m1,
        "u1": u1,
        "m2": m2,
        "u2": u2,
        "pending": pending,
        "past": past,
        "future": future,
        "inv": inv,
        "item": item,
        "doc": doc,
        "proposal": proposal,
        "action": action,
        "minutes": minutes,
    }


def test_coordinator_of_another_mesa_cannot_decide_a_request(world):
    c2 = client_for(world["coord2"])
    pending = world["pending"]
    for slug in ("mr1", "mr2"):
        url = _url("membership:mesa_request_decide", slug=slug, pk=pending.pk)
        response = c2.post(url, {"decision": "approve", "reason": ""})
        assert response.status_code == 403, slug
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert c2.get(_url("membership:mesa_requests", slug="mr1")).status_code == 403
    assert c2.get(_url("membership:mesa_members", slug="mr1")).status_code == 403


def test_coordinator_of_another_mesa_sees_no_contact_emails_on_the_mesa_page(world):
    response = client_for(world["coord2"]).get(_url("mesas:detail", slug="mr1"))
    assert response.status_code == 200
    assert world["u1"].email not in response.content.decode()
    own = client_for(world["coord1"]).get(_url("mesas:detail", slug="mr1"))
    assert world["u1"].email in own.content.decode()


@pytest.mark.parametrize(
    "name,kwargs_of",
    [
        ("mesas:meeting_edit", lambda w: {"pk": w["future"].pk}),
        ("mesas:meeting_cancel", lambda w: {"pk": w["future"].pk}),
        ("mesas:agenda", lambda w: {"pk": w["past"].pk}),
        ("mesas:attendance", lambda w: {"pk": w["past"].pk}),
        ("mesas:outcomes", lambda w: {"pk": w["past"].pk}),
        ("mesas:document_upload", lambda w: {"pk": w["past"].pk, "item": w["item"].pk}),
    ],
)
def test_coordinator_of_another_body_cannot_open_or_post_management_pages(world, name, kwargs_of):
    url = _url(name, **kwargs_of(world))
    for user in (world["coord2"], world["u1"]):
        client = client_for(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"title": "x", "reason": "x", "text": "x"}).status_code == 403
    past, future = world["past"], world["future"]
    future.refresh_from_db()
    assert future.status == "scheduled" and future.title == "Reunión trimestral"
    assert past.agenda_items.count() == 1 and past.agreements.count() == 0


def test_other_coordinator_cannot_move_or_delete_agenda_items(world):
    c2 = client_for(world["coord2"])
    kw = {"pk": world["past"].pk, "item": world["item"].pk}
    assert c2.post(_url("mesas:agenda_move", **kw), {"direction": "up"}).status_code == 403
    assert c2.post(_url("mesas:agenda_delete", **kw)).status_code == 403
    assert AgendaItem.objects.filter(pk=world["item"].pk).exists()


def test_agenda_item_of_another_meeting_is_not_reachable_through_my_meeting(world):
    """A coordinator of MR 2 uses their own meeting id with an item of MR 1."""
    own = f.meeting("mr2", days=5)
    c2 = client_for(world["coord2"])
    kw = {"pk": own.pk, "item": world["item"].pk}
    assert c2.post(_url("mesas:agenda_delete", **kw)).status_code == 404
    assert c2.get(_url("mesas:document_upload", **kw)).status_code == 404
    assert AgendaItem.objects.filter(pk=world["item"].pk).exists()


def test_attendance_cannot_be_recorded_by_another_coordinator(world):
    inv = world["inv"]
    response = client_for(world["coord2"]).post(
        _url("mesas:attendance", pk=world["past"].pk), {f"a-{inv.pk}": "present"}
    )
    assert response.status_code == 403
    inv.refresh_from_db()
    assert inv.attendance == ""


def test_attendance_for_an_invitation_of_another_meeting_is_refused(world):
    """Coordinator of MR 2 records attendance at their own meeting with an MR 1 invitation id."""
    own = f.meeting("mr2", days=-1)
    inv = world["inv"]
    response = client_for(world["coord2"]).post(
        _url("mesas:attendance", pk=own.pk), {f"a-{inv.pk}": "absent"}
    )
    assert response.status_code == 400
    inv.refresh_from_db()
    assert inv.attendance == ""


def test_minutes_cannot_be_approved_or_edited_by_another_coordinator_or_an_invitee(world):
    for user in (world["coord2"], world["u1"]):
        client = client_for(user)
        for action in ("approve", "save", "circulate", "correct"):
            url = _url(f"mesas:minutes_{action}", pk=world["past"].pk)
            response = client.post(url, {"text": "hacked", "note": "x", "confirm": "1"})
            assert response.status_code == 403, (user, action)
    minutes = world["minutes"]
    minutes.refresh_from_db()
    assert minutes.status == "circulated" and minutes.text == "Acta"


def test_proposal_of_another_body_cannot_be_decided(world):
    proposal = world["proposal"]
    response = client_for(world["coord2"]).post(_url("mesas:proposal_accept", pk=proposal.pk))
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_action_item_status_only_by_owner_or_coordinators(world):
    action = world["action"]
    for user in (world["coord2"], world["u2"]):
        response = client_for(user).post(_url("mesas:action_drop", pk=action.pk))
        assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"


def test_preparatory_document_of_a_private_meeting(world):
    url = _url("mesas:document_download", pk=world["doc"].pk)
    assert client_for(world["u2"]).get(url).status_code == 403
    assert client_for(world["coord2"]).get(url).status_code == 403
    assert client_for().get(url).status_code == 302  # to the login page
    response = client_for(world["u1"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_private_meeting_page_and_ics_are_hidden_from_others(world):
    past = world["past"]
    for user in (None, world["u2"], world["coord2"]):
        client = client_for(user)
        assert client.get(_url("mesas:meeting_detail", pk=past.pk)).status_code == 404
        assert client.get(_url("mesas:meeting_ics", pk=past.pk)).status_code == 404
    assert client_for(world["u1"]).get(_url("mesas:meeting_detail", pk=past.pk)).status_code == 200


def test_private_meetings_action_items_are_not_listed_on_the_public_body_page(world):
    response = client_for().get(_url("mesas:body_detail", slug="mr1"))
    assert response.status_code == 200
    assert "Hacer" not in response.content.decode()
    own = client_for(world["coord1"]).get(_url("mesas:body_detail", slug="mr1"))
    assert "Hacer" in own.content.decode()


def test_rsvp_by_a_non_invitee_writes_nothing(world):
    future = world["future"]
    client_for(world["u2"]).post(_url("mesas:rsvp", pk=future.pk), {"response": "online"})
    assert not Invitation.objects.filter(meeting=future, user=world["u2"]).exists()


def test_rsvp_only_changes_ones_own_invitation(world):
    future = world["future"]
    other = f.invite(future, world["u2"], world["m2"], rsvp="in_person")
    client_for(world["u1"]).post(
        _url("mesas:rsvp", pk=future.pk), {"response": "not_attending", "user": world["u2"].pk}
    )
    other.refresh_from_db()
    assert other.rsvp == "in_person"


def test_leaving_a_mesa_membership_of_another_member_is_refused(world):
    row = MesaMembership.objects.get(member=world["m1"], mesa__number=1)
    response = client_for(world["u2"]).post(_url("membership:leave_mesa", pk=row.pk))
    assert response.status_code == 403
    row.refresh_from_db()
    assert row.status == "approved"


def test_contact_request_of_another_organisation_cannot_be_decided(world):
    newcomer = UserFactory()
    request_row = ContactPerson.objects.create(
        member=world["m1"], user=newcomer, status=ContactStatus.PENDING
    )
    response = client_for(world["u2"]).post(
        _url("membership:contact_request_decide", pk=request_row.pk), {"decision": "approve"}
    )
    assert response.status_code == 403
    request_row.refresh_from_db()
    assert request_row.status == "pending"
    # ...and the requester cannot approve themselves.
    response = client_for(newcomer).post(
        _url("membership:contact_request_decide", pk=request_row.pk), {"decision": "approve"}
    )
    assert response.status_code == 403
    request_row.refresh_from_db()
    assert request_row.status == "pending"


def test_unlisted_member_page_is_hidden_from_the_public_and_other_members(world):
    member = world["m1"]
    Member.objects.filter(pk=member.pk).update(listed_in_directory=False)
    url = _url("membership:member_detail", pk=member.pk)
    assert client_for().get(url).status_code == 404
    assert client_for(world["u2"]).get(url).status_code == 404
    assert client_for(world["u1"]).get(url).status_code == 200


def test_member_page_shows_contact_emails_only_to_its_contacts(world):
    url = _url("membership:member_detail", pk=world["m1"].pk)
    for user in (None, world["u2"], world["coord1"], world["coord2"]):
        body = client_for(user).get(url).content.decode()
        assert world["u1"].email not in body


def test_coordinator_roles_cannot_be_managed_by_coordinators_or_members(world):
    role = RoleAssignment.objects.get(user=world["coord1"], role=Role.COORDINATOR)
    for user in (world["coord2"], world["u1"]):
        client = client_for(user)
        assert client.get(_url("membership:coordinators")).status_code == 403
        assert client.post(_url("membership:coordinator_remove", pk=role.pk)).status_code == 403
    role.refresh_from_db()
    assert role.ends_on is None


def test_audit_log_is_for_admins_only(world):
    for user in (world["coord1"], world["u1"]):
        assert client_for(user).get(_url("core:audit_log")).status_code == 403


def test_calendar_token_reset_only_changes_ones_own_token(world):
    theirs = CalendarToken.objects.create(user=world["u2"])
    before = theirs.token
    client = client_for(world["u1"])
    client.post(_url("mesas:my_calendar"), {"user": world["u2"].pk, "token": before})
    theirs.refresh_from_db()
    assert theirs.token == before
    assert CalendarToken.objects.get(user=world["u1"]).token != before


def test_private_pdf_document_is_not_served_to_strangers(world, tmp_path):
    doc = Document.objects.create(
        key="test:private", builder="x.y", filename="private.pdf", public=False
    )
    url = doc.get_absolute_url()
    assert client_for().get(url).status_code == 302
    assert client_for(world["u1"]).get(url).status_code == 403
    assert client_for(world["coord1"]).get(url).status_code == 403


def test_comment_on_minutes_of_another_body_is_refused(world):
    response = client_for(world["u2"]).post(
        _url("mesas:minutes_comment", pk=world["past"].pk), {"text": "hola"}
    )
    assert response.status_code == 403
    assert world["minutes"].comments.count() == 0


def test_meeting_in_a_body_one_does_not_coordinate_cannot_be_created(world):
    start = timezone.now() + datetime.timedelta(days=20)
    response = client_for(world["coord2"]).post(
        _url("mesas:meeting_create", slug="mr1"),
        {
            "title": "Intrusa",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "America/Bogota",
            "modality": "virtual",
        },
    )
    assert response.status_code == 403
    assert not Meeting.objects.filter(title="Intrusa").exists()


def test_another_members_profile_cannot_be_edited(world):
    member = world["m1"]
    url = _url("membership:member_edit", pk=member.pk)
    for user in (world["u2"], world["coord1"], world["coord2"]):
        client = client_for(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"name": "Hacked", "description": "x"}).status_code == 403
    member.refresh_from_db()
    assert member.name != "Hacked"


def test_media_files_are_never_served_around_the_permission_checks(settings):
    """Uploaded preparatory documents and private PDFs live under MEDIA_ROOT at guessable paths
    (documents/<id>/<name>.pdf): only the download views (which check access) may serve them,
    also in development (DEBUG)."""
    import importlib

    from django.urls import clear_url_caches

    import mecanismo.urls as project_urls

    settings.DEBUG = True
    try:
        module = importlib.reload(project_urls)
        static_views = [
            p
            for p in module.urlpatterns
            if getattr(p, "callback", None) is not None
            and p.callback.__module__ == "django.views.static"
        ]
        assert not static_views
    finally:
        settings.DEBUG = False
        importlib.reload(project_urls)
        clear_url_caches()
