"""Registration after sign-up (§3, §9): privacy consent, kind, profile, optional answers."""

import pytest
from django.utils import timezone
from django.utils.translation import gettext

from mecanismo.core.models import AuditLog, Country, PrivacyConsent, PrivacyNotice
from membership.models import (
    ContactPerson,
    Member,
    RegistrationDraft,
    SelfDeclaration,
)
from tests.factories import PASSWORD, UserFactory
from tests.membership.factories import MemberFactory, member_with_contact

pytestmark = pytest.mark.django_db


def profile_data(**extra):
    data = {
        "name": "Red Ñandú de Mujeres Migrantes",
        "actor_type": "",
        "country": Country.objects.get(code="CR").pk,
        "position": "Coordinadora",
        "works_local": "on",
        "works_regional": "on",
        "description": "Acompañamos a mujeres migrantes.",
        "listed_in_directory": "yes",
        "contact_name": "Lucía Quispe",
    }
    from mecanismo.core.models import ActorType

    data["actor_type"] = ActorType.objects.get(code="migrant_women_org").pk
    data.update(extra)
    return data


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def go_to_profile(client, kind="organisation"):
    client.post("/es/register/privacy/", {"accept": "on"})
    client.post("/es/register/kind/", {"kind": kind})


def test_registration_records_consent_and_creates_member_with_contact(client, user):
    r = client.post("/es/register/privacy/", {"accept": "on"})
    assert r.status_code == 302 and r["Location"].endswith("/register/kind/")
    consent = PrivacyConsent.objects.get(user=user)
    assert consent.notice == PrivacyNotice.current()
    assert (timezone.now() - consent.accepted_at).total_seconds() < 60

    client.post("/es/register/kind/", {"kind": "organisation"})
    r = client.get("/es/register/profile/")
    costa_rica = Country.objects.get(code="CR")
    assert f"{costa_rica.name} ({costa_rica.get_subregion_display()})" in r.content.decode()
    r = client.post("/es/register/profile/", profile_data())
    assert r.status_code == 302 and r["Location"].endswith("/register/about/")
    r = client.post("/es/register/about/", {"gender": "woman", "migrant_experience": "yes"})
    assert r.status_code == 302 and r["Location"].endswith("/my-mesas/")

    member = Member.objects.get()
    assert member.name_normalised == "red nandu de mujeres migrantes"
    assert member.subregion == "central_america_mexico"
    assert member.works_local and member.works_regional and not member.works_national
    contact = ContactPerson.objects.get(member=member)
    assert contact.user == user and contact.status == "approved"
    assert contact.position == "Coordinadora"
    decl = SelfDeclaration.objects.get(user=user)
    assert decl.gender == "woman" and decl.migrant_experience is True
    assert not RegistrationDraft.objects.filter(user=user).exists()
    entry = AuditLog.objects.get(action="member.registered")
    assert "woman" not in str(entry.data)


def test_sensitive_answers_are_optional_and_explained(client, user):
    go_to_profile(client, "individual")
    from mecanismo.core.models import ActorType

    r = client.post(
        "/es/register/profile/",
        {
            "name": "José Pérez",
            "actor_type": ActorType.objects.get(code="migrant_person").pk,
            "country": Country.objects.get(code="AR").pk,
            "listed_in_directory": "no",
        },
    )
    assert r.status_code == 302
    page = client.get("/es/register/about/").content.decode()
    assert gettext("Nobody sees your answer individually: it is only counted with others.") in page
    assert "Nadie ve su respuesta individualmente" in page
    r = client.post("/es/register/about/", {})
    assert r.status_code == 302
    member = Member.objects.get()
    assert member.kind == "individual" and not member.listed_in_directory
    assert not SelfDeclaration.objects.filter(user=user).exists()


def test_progress_is_kept_when_the_person_stops_halfway(client, user):
    go_to_profile(client)
    client.post("/es/register/profile/", profile_data())
    client.logout()
    client.force_login(user)
    r = client.get("/es/register/")
    assert r["Location"].endswith("/register/about/")
    r = client.get("/es/register/profile/")
    assert "Red Ñandú de Mujeres Migrantes" in r.content.decode()


def test_steps_cannot_be_skipped_without_privacy_consent(client, user):
    r = client.get("/es/register/profile/")
    assert r.status_code == 302 and r["Location"].endswith("/register/privacy/")
    r = client.post("/es/register/privacy/", {})
    assert r.status_code == 200
    assert "Debe aceptar el aviso de privacidad para continuar." in r.content.decode()
    assert not PrivacyConsent.objects.exists()


def test_unknown_country_is_refused_and_nothing_written(client, user):
    go_to_profile(client)
    r = client.post("/es/register/profile/", profile_data(country=999999))
    assert r.status_code == 200
    assert "País desconocido: elija uno de la lista." in r.content.decode()
    assert RegistrationDraft.objects.get(user=user).step == "profile"
    assert not Member.objects.exists()


def test_likely_duplicate_is_shown_with_the_option_to_join_it(client, user):
    existing = MemberFactory(
        name="RED ÑANDU de mujeres  migrantes", country=Country.objects.get(code="CR")
    )
    go_to_profile(client)
    r = client.post("/es/register/profile/", profile_data())
    assert r.status_code == 200
    page = r.content.decode()
    assert existing.name in page and "/register/duplicate/" in page
    assert Member.objects.count() == 1
    r = client.post("/es/register/duplicate/", {"member": existing.pk})
    assert r.status_code == 302
    contact = ContactPerson.objects.get(user=user)
    assert contact.member == existing and contact.status == "pending"


def test_duplicate_can_be_registered_anyway_when_it_is_another_organisation(client, user):
    MemberFactory(name="Red Ñandú de Mujeres Migrantes", country=Country.objects.get(code="CR"))
    go_to_profile(client)
    r = client.post("/es/register/profile/", profile_data(not_a_duplicate="on"))
    assert r.status_code == 302 and r["Location"].endswith("/register/about/")


def test_same_name_in_another_country_is_not_a_duplicate(client, user):
    MemberFactory(name="Red Ñandú de Mujeres Migrantes", country=Country.objects.get(code="PE"))
    go_to_profile(client)
    r = client.post("/es/register/profile/", profile_data())
    assert r.status_code == 302


def test_user_who_already_has_a_profile_cannot_register_again(client):
    member, user = member_with_contact()
    client.force_login(user)
    r = client.get("/es/register/privacy/")
    assert r.status_code == 302 and r["Location"].endswith("/my-mesas/")
    from django.core.exceptions import ValidationError

    from mecanismo.core.models import ActorType
    from membership import services

    with pytest.raises(ValidationError):
        services.member_register(
            user=user,
            kind="organisation",
            name="Otra",
            actor_type=ActorType.objects.get(code="cso"),
            country=Country.objects.get(code="MX"),
        )
    assert Member.objects.count() == 1


def test_claim_search_is_accent_insensitive(client, user):
    MemberFactory(name="Asociación Ñandú", country=Country.objects.get(code="PY"))
    client.post("/es/register/privacy/", {"accept": "on"})
    client.post("/es/register/kind/", {"kind": "claim"})
    r = client.get("/es/register/claim/", {"q": "asociacion nandu"})
    assert "Asociación Ñandú" in r.content.decode()


def test_newer_privacy_notice_is_asked_again_at_next_login(client):
    user = UserFactory()
    old = PrivacyNotice.current()
    PrivacyConsent.objects.create(user=user, notice=old)
    PrivacyNotice.objects.create(
        version=old.version + 1,
        text_es="Nuevo aviso",
        text_en="New",
        text_pt="Novo",
        text_fr="Nouvel",
    )
    assert client.login(email=user.email, password=PASSWORD)
    r = client.get("/es/my-data/")
    assert r.status_code == 302 and "/privacy-consent/" in r["Location"]
    r = client.post(r["Location"], {"accept": "on"})
    assert r.status_code == 302 and r["Location"] == "/es/my-data/"
    assert PrivacyConsent.objects.filter(user=user, notice__version=old.version + 1).exists()
    assert client.get("/es/my-data/").status_code == 200


def test_member_page_never_shows_sensitive_answers(client):
    member, user = member_with_contact()
    SelfDeclaration.objects.create(
        user=user, gender="non_binary", migrant_experience=True, lgbtiq=True
    )
    other = UserFactory()
    client.force_login(other)
    page = client.get(member.get_absolute_url()).content.decode()
    assert "No binario" not in page and "LGBTIQ" not in page
