"""Public directory (§3, §11): opted-in members, filters, accent-insensitive search, paginated."""

import pytest

from mecanismo.core.models import ActorType, Country
from membership.models import ContactPerson, SelfDeclaration
from tests.factories import UserFactory
from tests.membership.factories import MemberFactory, member_with_contact, membership

pytestmark = pytest.mark.django_db


def test_lists_only_opted_in_active_members_without_emails_or_sensitive_fields(client):
    listed, user = member_with_contact(name="Casa del Migrante")
    SelfDeclaration.objects.create(user=user, gender="woman", indigenous=True)
    MemberFactory(name="Oculta", listed_in_directory=False)
    from django.utils import timezone

    MemberFactory(name="Archivada", archived_at=timezone.now())
    page = client.get("/es/directory/").content.decode()
    assert "Casa del Migrante" in page
    assert "Oculta" not in page and "Archivada" not in page
    assert user.email not in page and "@" not in page.split("<main")[1].split("</main>")[0]
    assert "Indígena" not in page


def test_filters_by_mesa_actor_type_country_and_subregion(client):
    a = MemberFactory(name="Alfa", country=Country.objects.get(code="HT"))
    b = MemberFactory(name="Beta", actor_type=ActorType.objects.get(code="academia"))
    membership(a, 2)
    membership(b, 2, status="pending")

    def names(**params):
        page = client.get("/es/directory/", params).content.decode()
        return {n for n in ("Alfa", "Beta") if f">{n}<" in page}

    assert names() == {"Alfa", "Beta"}
    assert names(mesa="mr2") == {"Alfa"}
    assert names(actor_type="academia") == {"Beta"}
    assert names(country="HT") == {"Alfa"}
    assert names(subregion="caribbean") == {"Alfa"}
    assert names(subregion="central_america_mexico") == {"Beta"}


def test_search_by_name_ignores_accents_and_case(client):
    MemberFactory(name="Asociación Ñandú")
    MemberFactory(name="Otra Cosa")
    page = client.get("/es/directory/", {"q": "ASOCIACION nandu"}).content.decode()
    assert "Asociación Ñandú" in page and "Otra Cosa" not in page
    page = client.get("/es/directory/", {"q": "ñandú"}).content.decode()
    assert "Asociación Ñandú" in page


def test_unknown_country_filter_gets_a_message_not_a_500(client):
    r = client.get("/es/directory/", {"country": "XX"})
    assert r.status_code == 400
    assert "País desconocido" in r.content.decode()


def test_directory_is_paginated(client):
    for i in range(25):
        MemberFactory(name=f"Org {i:02d}")
    first = client.get("/es/directory/").content.decode()
    assert "Org 00" in first and "Org 19" in first and "Org 20" not in first
    assert "page=2" in first
    second = client.get("/es/directory/", {"page": 2}).content.decode()
    assert "Org 24" in second and "Org 00" not in second
    assert client.get("/es/directory/", {"page": "abc"}).status_code == 200


def test_individual_members_are_shown_by_their_public_profile_only(client):
    m = MemberFactory(
        kind="individual",
        name="Persona Listada",
        actor_type=ActorType.objects.get(code="migrant_person"),
    )
    ContactPerson.objects.create(member=m, user=UserFactory(email="secret@example.org"))
    page = client.get("/es/directory/").content.decode()
    assert "Persona Listada" in page and "secret@example.org" not in page
