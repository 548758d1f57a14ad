"""Members edit their own public profile (§3): approved contact persons or the individual
member, with the checks of registration, audited, never showing anybody's optional answers."""

import warnings

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils.deprecation import RemovedInDjango60Warning

from mecanismo.core.models import ActorType, AuditLog, Country
from membership import services
from membership.admin import MemberAdmin
from membership.models import ContactPerson, Member, SelfDeclaration
from tests.factories import UserFactory
from tests.membership.factories import member_with_contact

pytestmark = pytest.mark.django_db


def _post(member, **changes):
    data = {
        "name": member.name,
        "actor_type": member.actor_type_id,
        "country": member.country_id,
        "description": member.description,
        "website": member.website,
        "listed_in_directory": "yes" if member.listed_in_directory else "no",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v not in ("", None)}


def test_contact_edits_the_profile_from_my_data_and_the_member_page(client):
    member, user = member_with_contact()
    client.force_login(user)
    url = f"/es/members/{member.pk}/edit/"
    assert url in client.get("/es/my-data/").content.decode()
    assert url in client.get(f"/es/members/{member.pk}/").content.decode()
    page = client.get(url)
    assert page.status_code == 200 and member.name in page.content.decode()
    r = client.post(
        url,
        _post(
            member,
            name="Red Andina  de Migrantes",
            country=Country.objects.get(code="PE").pk,
            website="redandina.org",
            works_regional="on",
        ),
    )
    assert r.status_code == 302 and r["Location"] == f"/es/members/{member.pk}/"
    member.refresh_from_db()
    assert member.name == "Red Andina de Migrantes"
    assert member.country.code == "PE" and member.subregion == member.country.subregion
    assert member.website == "https://redandina.org"
    assert member.works_regional
    entry = AuditLog.objects.get(action="member.updated", target_id=str(member.pk))
    assert entry.actor == user and "country" in entry.data["fields"]


def test_unknown_country_gets_a_message_and_nothing_is_written(client):
    member, user = member_with_contact()
    client.force_login(user)
    r = client.post(f"/es/members/{member.pk}/edit/", _post(member, name="Otro", country=999999))
    assert r.status_code == 400
    assert "País desconocido" in r.content.decode()
    member.refresh_from_db()
    assert member.name != "Otro"
    assert not AuditLog.objects.filter(action="member.updated").exists()


def test_service_refuses_unknown_country_and_an_actor_type_of_the_other_kind():
    member, user = member_with_contact()
    with pytest.raises(ValidationError):
        services.member_update(actor=user, member=member, data={"country": "XX"})
    individual_type = ActorType.objects.filter(for_individuals=True).first()
    with pytest.raises(ValidationError):
        services.member_update(actor=user, member=member, data={"actor_type": individual_type})
    with pytest.raises(ValidationError):
        services.member_update(actor=user, member=member, data={"name": "   "})


def test_others_cannot_edit(client):
    member, _user = member_with_contact()
    _other_member, stranger = member_with_contact()
    client.force_login(stranger)
    r = client.post(f"/es/members/{member.pk}/edit/", _post(member, name="Tomada"))
    assert r.status_code == 403
    assert client.get(f"/es/members/{member.pk}/edit/").status_code == 403
    assert (
        f"/members/{member.pk}/edit/"
        not in client.get(f"/es/members/{member.pk}/").content.decode()
    )
    with pytest.raises(PermissionDenied):
        services.member_update(actor=stranger, member=member, data={"name": "Tomada"})
    client.logout()
    assert client.get(f"/es/members/{member.pk}/edit/").status_code == 302
    member.refresh_from_db()
    assert member.name != "Tomada"


def test_individual_edits_their_own_profile(client):
    person = UserFactory()
    member, _ = member_with_contact(
        user=person,
        kind="individual",
        name="Ana Pérez",
        actor_type=ActorType.objects.filter(for_individuals=True).first(),
        listed_in_directory=False,
    )
    client.force_login(person)
    r = client.post(
        f"/es/members/{member.pk}/edit/",
        _post(member, description="Defensora de derechos", listed_in_directory="yes"),
    )
    assert r.status_code == 302
    member.refresh_from_db()
    assert member.description == "Defensora de derechos" and member.listed_in_directory
    assert member.kind == "individual"


def test_edit_page_never_shows_optional_answers_of_anyone(client):
    member, user = member_with_contact()
    colleague = UserFactory()
    ContactPerson.objects.create(member=member, user=colleague, status="approved")
    SelfDeclaration.objects.create(user=colleague, gender="non_binary", migrant_experience=True)
    SelfDeclaration.objects.create(user=user, gender="woman", lgbtiq=True)
    client.force_login(user)
    html = client.get(f"/es/members/{member.pk}/edit/").content.decode()
    for needle in ('name="gender"', 'name="migrant_experience"', 'name="lgbtiq"', "No binario"):
        assert needle not in html


def test_archived_member_cannot_be_edited(client):
    member, user = member_with_contact()
    Member.objects.filter(pk=member.pk).update(archived_at="2026-01-01T00:00:00Z")
    member.refresh_from_db()
    with pytest.raises(ValidationError):
        services.member_update(actor=user, member=member, data={"name": "Nuevo"})
    client.force_login(user)
    r = client.post(f"/es/members/{member.pk}/edit/", _post(member, name="Nuevo"))
    assert r.status_code == 302
    member.refresh_from_db()
    assert member.name != "Nuevo"


def test_admin_member_form_assumes_https_without_deprecation_warning():
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/membership/member/add/")
    request.user = superuser
    with warnings.catch_warnings():
        warnings.simplefilter("error", RemovedInDjango60Warning)
        form_class = MemberAdmin(Member, admin.site).get_form(request)
    assert form_class.base_fields["website"].to_python("example.org") == "https://example.org"


def test_admin_finds_organisations_without_contacts(client):
    with_contact, _user = member_with_contact(name="Con contacto")
    orphan, leaver = member_with_contact(name="Sin contacto")
    ContactPerson.objects.filter(user=leaver).update(status="left")
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/membership/member/", {"contacts": "none"})
    request.user = superuser
    changelist = MemberAdmin(Member, admin.site).get_changelist_instance(request)
    names = set(changelist.get_queryset(request).values_list("name", flat=True))
    assert "Sin contacto" in names and "Con contacto" not in names
