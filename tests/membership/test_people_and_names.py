"""People and names (issue 10): the contact person gives a name, one display-name rule (never an
e-mail address where others read it), every actor type where it fits, the directory asked not
pre-ticked, and the coordinator's review shows what is needed to decide."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone

from mecanismo.core.models import ActorType, Country
from membership import services
from membership.models import ContactPerson, Member
from mesas import services as mesa_services
from mesas.documents import minutes_pdf
from tests.factories import UserFactory, make_coordinator
from tests.membership.factories import member_with_contact, membership
from tests.mesas import factories as mf

pytestmark = pytest.mark.django_db


def _profile(**extra):
    data = {
        "name": "Radio Comunitaria La Voz",
        "actor_type": ActorType.objects.get(code="media").pk,
        "country": Country.objects.get(code="HN").pk,
        "description": "Radio de la comunidad garífuna.",
        "listed_in_directory": "no",
        "contact_name": "Marta Álvarez",
    }
    data.update(extra)
    return data


def _to_profile(client, kind="organisation"):
    client.post("/es/register/privacy/", {"accept": "on"})
    client.post("/es/register/kind/", {"kind": kind})


def _register(client, **extra):
    _to_profile(client)
    r = client.post("/es/register/profile/", _profile(**extra))
    assert r.status_code == 302, r.content.decode()[:3000]
    return client.post("/es/register/about/", {})


def test_organisation_contact_is_asked_their_name_and_greeted_by_it():
    user = UserFactory(full_name="", email="contacto@radio.example.org")
    client = Client()
    client.force_login(user)
    _to_profile(client)
    r = client.post("/es/register/profile/", _profile(contact_name=""))
    assert r.status_code == 200 and "Indíquenos su nombre." in r.content.decode()
    assert not Member.objects.exists()
    _register(client)
    user.refresh_from_db()
    assert user.full_name == "Marta Álvarez"
    page = client.get("/es/my-mesas/").content.decode()
    assert "Marta" in page and "contacto@radio.example.org" not in page


def test_a_contact_without_a_name_is_never_shown_by_e_mail_address():
    user = UserFactory(full_name="", email="sin-nombre@example.org")
    client = Client()
    client.force_login(user)
    header = client.get("/es/").content.decode()
    assert "sin-nombre@example.org" not in header
    assert "Añada su nombre" in header and "/es/settings/" in header
    assert str(user) == user.display_name == "(nombre no indicado)"


def test_one_display_name_for_action_items_comments_and_the_pdf(
    django_capture_on_commit_callbacks,
):
    coord = mf.coordinator(1)
    member, contact = mf.member_in_mesa(1)
    contact.full_name = "Rosa Mamani"
    contact.save()
    meeting = mf.meeting(days=-1)
    mf.invite(meeting, contact, member, attendance="present")
    item = mesa_services.action_item_add(
        actor=coord, meeting=meeting, text="Informe", owner=contact
    )
    assert item.owner_label == "Rosa Mamani"
    mesa_services.minutes_save(actor=coord, meeting=meeting, text="Texto")
    mesa_services.minutes_circulate(actor=coord, meeting=meeting)
    meeting = type(meeting).objects.get(pk=meeting.pk)
    mesa_services.minutes_comment(actor=contact, meeting=meeting, text="De acuerdo")
    for viewer in (coord, contact):
        client = Client()
        client.force_login(viewer)
        page = client.get(f"/es/meetings/{meeting.pk}/minutes/").content.decode()
        assert "Rosa Mamani" in page and contact.email not in page
    with django_capture_on_commit_callbacks(execute=False):
        version = mesa_services.minutes_approve(actor=coord, meeting=meeting)
    html = render_to_string(*minutes_pdf({"minutes_version_id": version.pk}))
    rows = re.findall(r"<tr>.*?</tr>", html, re.S)
    assert any("Rosa Mamani" in r and member.name in r for r in rows)
    assert contact.email not in html


def test_academia_media_and_other_stakeholders_are_offered_to_organisations_too():
    client = Client()
    client.force_login(UserFactory())
    _to_profile(client)
    page = client.get("/es/register/profile/").content.decode()
    select = re.search(r'<select name="actor_type".*?</select>', page, re.S).group(0)
    for code in ("academia", "media", "other", "cso"):
        assert f'value="{ActorType.objects.get(code=code).pk}"' in select, code
    migrant_person = ActorType.objects.get(code="migrant_person")
    assert f'value="{migrant_person.pk}"' not in select
    _register(client)
    assert Member.objects.get().actor_type.code == "media"
    with pytest.raises(ValidationError):
        services.member_register(
            user=UserFactory(),
            kind="organisation",
            name="Otra",
            actor_type=migrant_person,
            country=Country.objects.get(code="MX"),
            contact_name="Ana",
        )


def test_directory_listing_is_asked_not_pre_ticked():
    client = Client()
    client.force_login(UserFactory())
    _to_profile(client)
    page = client.get("/es/register/profile/").content.decode()
    radios = re.findall(r"<input[^>]*name=\"listed_in_directory\"[^>]*>", page)
    assert len(radios) == 2 and not any("checked" in r for r in radios)
    r = client.post("/es/register/profile/", _profile(listed_in_directory=""))
    assert r.status_code == 200 and "Indique si este perfil" in r.content.decode()
    assert Member._meta.get_field("listed_in_directory").default is False


def test_coordinator_review_shows_contact_person_website_and_description():
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    member, contact = member_with_contact(website="https://radio.example.org")
    contact.full_name = "Eva Cruz"
    contact.save()
    membership(member, 1, status="pending", requested_by=contact, motivation="Queremos aportar")
    client = Client()
    client.force_login(coordinator)
    page = client.get("/es/coordination/mr1/requests/").content.decode()
    for text in ("Eva Cruz", contact.email, "https://radio.example.org", member.description):
        assert text in page, text


def test_claiming_an_organisation_asks_the_name():
    member, _contact = member_with_contact()
    newcomer = UserFactory(full_name="")
    client = Client()
    client.force_login(newcomer)
    client.post("/es/register/privacy/", {"accept": "on"})
    client.post("/es/register/kind/", {"kind": "claim"})
    client.post("/es/register/claim/", {"member": member.pk})
    assert not ContactPerson.objects.filter(user=newcomer).exists()
    client.post("/es/register/claim/", {"member": member.pk, "full_name": "Iván Soto"})
    newcomer.refresh_from_db()
    assert newcomer.full_name == "Iván Soto"
    assert ContactPerson.objects.filter(user=newcomer, status="pending").exists()


@pytest.mark.django_db(transaction=True)
def test_deciding_a_contact_request_outside_a_test_transaction_works_and_others_get_403(
    reference_data,
):
    member, contact = member_with_contact()
    newcomer = UserFactory()
    request = services.contact_request_create(user=newcomer, member=member, full_name="Iván")
    outsider = Client()
    outsider.force_login(UserFactory())
    r = outsider.post(f"/es/contact-requests/{request.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 403
    client = Client()
    client.force_login(contact)
    r = client.post(f"/es/contact-requests/{request.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 302
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_at <= timezone.now()
