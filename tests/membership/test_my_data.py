"""One's own data (§9): JSON export (audited) and account deletion by anonymisation."""

import json

import pytest
from django.utils import timezone

from mecanismo.core.models import AuditLog, User
from membership import services
from membership.models import ContactPerson, Member, MesaMembership, SelfDeclaration
from tests.factories import PASSWORD, UserFactory
from tests.membership.factories import MemberFactory, member_with_contact, membership

pytestmark = pytest.mark.django_db


def test_export_contains_me_and_my_organisation_and_is_audited(client):
    member, user = member_with_contact(name="Red Esperanza")
    SelfDeclaration.objects.create(user=user, gender="woman")
    membership(member, 1)
    client.force_login(user)
    r = client.post("/es/my-data/export/")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert "attachment" in r["Content-Disposition"]
    data = json.loads(r.content)
    assert data["account"]["email"] == user.email
    assert data["member"]["name"] == "Red Esperanza"
    assert data["member"]["mesa_memberships"][0]["mesa"] == "mr1"
    assert data["self_declaration"]["gender"] == "woman"
    entry = AuditLog.objects.get(action="my_data.exported")
    assert entry.actor == user and "woman" not in json.dumps(entry.data)


def test_export_needs_login_and_post(client):
    assert client.post("/es/my-data/export/").status_code == 302
    client.force_login(UserFactory())
    assert client.get("/es/my-data/export/").status_code == 405


def test_delete_needs_password_and_confirmation(client):
    _member, user = member_with_contact()
    client.force_login(user)
    r = client.post("/es/my-data/delete/", {"password": "wrong", "confirm": "on"})
    assert r.status_code == 400
    user.refresh_from_db()
    assert user.anonymised_at is None and user.is_active


def test_delete_anonymises_the_person_and_keeps_counts(client):
    member, user = member_with_contact(name="Organización Grande")
    other = UserFactory()
    ContactPerson.objects.create(member=member, user=other)
    SelfDeclaration.objects.create(user=user, gender="man", youth=True)
    row = membership(member, 1)
    client.force_login(user)
    r = client.post("/es/my-data/delete/", {"password": PASSWORD, "confirm": "on"})
    assert r.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.anonymised_at is not None and not user.is_active
    assert user.full_name == "" and user.email.endswith("@anonymised.invalid")
    assert not user.has_usable_password()
    assert not SelfDeclaration.objects.filter(user=user).exists()
    assert ContactPerson.objects.get(user=user).status == "left"
    row.refresh_from_db()
    assert row.status == "approved"  # the organisation stays in its mesa
    assert Member.objects.get(pk=member.pk).name == "Organización Grande"
    assert AuditLog.objects.filter(action="account.deleted").exists()
    assert not client.login(email=user.email, password=PASSWORD)


def test_last_contact_leaving_keeps_the_organisation_until_an_admin_archives_it():
    member, user = member_with_contact()
    row = membership(member, 2)
    services.account_delete(user=user)
    member.refresh_from_db()
    assert member.archived_at is None
    assert not member.contacts.filter(status="approved").exists()
    admin = UserFactory(is_superuser=True)
    services.member_archive(actor=admin, member=member)
    member.refresh_from_db()
    row.refresh_from_db()
    assert member.archived_at is not None and not member.listed_in_directory
    assert row.status == "left"
    assert AuditLog.objects.filter(action="member.archived").exists()


def test_individual_is_anonymised_and_leaves_mesas():
    member, user = member_with_contact(kind="individual", name="Juana López")
    membership(member, 1)
    membership(member, 2, status="pending")
    services.account_delete(user=user)
    member.refresh_from_db()
    assert "Juana" not in member.name and not member.listed_in_directory
    assert set(MesaMembership.objects.filter(member=member).values_list("status", flat=True)) == {
        "left",
        "withdrawn",
    }


def test_audit_log_page_for_admins(client):
    from allauth.mfa.totp.internal.auth import TOTP

    admin = UserFactory(is_superuser=True, is_staff=True)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    member = MemberFactory()
    services.member_archive(actor=admin, member=member)
    client.force_login(admin)
    page = client.get("/es/audit/").content.decode()
    assert "Miembro archivado" in page
    assert timezone.now().year and client.get("/es/audit/", {"action": "role."}).status_code == 200


def test_person_sees_changes_and_erases_their_own_answers(client):
    _member, user = member_with_contact()
    client.force_login(user)
    r = client.post("/es/my-data/answers/", {"gender": "woman", "indigenous": "on"})
    assert r.status_code == 302
    decl = SelfDeclaration.objects.get(user=user)
    assert decl.gender == "woman" and decl.indigenous
    page = client.get("/es/my-data/answers/").content.decode()
    assert 'value="woman" checked' in page or "checked" in page
    client.post("/es/my-data/answers/", {"erase": "1"})
    assert not SelfDeclaration.objects.filter(user=user).exists()
    entry = AuditLog.objects.get(action="self_declaration.erased")
    assert "woman" not in json.dumps(entry.data)
