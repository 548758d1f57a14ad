"""Claiming an existing organisation (§3): approved by one of its contacts, or an admin."""

import pytest
from django.core import mail

from membership.models import ContactPerson
from tests.factories import UserFactory
from tests.membership.factories import MemberFactory, member_with_contact

pytestmark = pytest.mark.django_db


def claim(client, member):
    client.post("/es/register/privacy/", {"accept": "on"})
    client.post("/es/register/kind/", {"kind": "claim"})
    return client.post("/es/register/claim/", {"member": member.pk, "position": "Tesorera"})


def test_contact_approves_a_claim_and_the_person_is_told(
    client, django_capture_on_commit_callbacks
):
    member, contact_user = member_with_contact()
    newcomer = UserFactory(language="en")
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        r = claim(client, member)
    assert r.status_code == 302
    request = ContactPerson.objects.get(user=newcomer)
    assert request.status == "pending"
    assert [m.to for m in mail.outbox] == [[contact_user.email]]

    client.force_login(contact_user)
    assert newcomer.email in client.get("/es/contact-requests/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/es/contact-requests/{request.pk}/decide/", {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == contact_user
    assert mail.outbox[-1].to == [newcomer.email]
    assert "/en/" in mail.outbox[-1].body


def test_admin_decides_when_the_organisation_has_no_contacts(
    client, django_capture_on_commit_callbacks
):
    member = MemberFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    newcomer = UserFactory()
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        claim(client, member)
    assert [m.to for m in mail.outbox] == [[admin.email]]
    request = ContactPerson.objects.get(user=newcomer)
    # the admin pages are behind MFA: decide through the service like the admin's page does
    from membership import services

    services.contact_request_decide(actor=admin, contact_id=request.pk, approve=False, reason="No")
    request.refresh_from_db()
    assert request.status == "declined"


def test_a_stranger_cannot_decide_a_claim(client):
    member, _contact = member_with_contact()
    request = ContactPerson.objects.create(member=member, user=UserFactory(), status="pending")
    other_member, other_user = member_with_contact()
    client.force_login(other_user)
    r = client.post(f"/es/contact-requests/{request.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 403
    request.refresh_from_db()
    assert request.status == "pending"


def test_deciding_a_claim_twice_is_refused(client):
    member, contact_user = member_with_contact()
    request = ContactPerson.objects.create(member=member, user=UserFactory(), status="pending")
    client.force_login(contact_user)
    client.post(f"/es/contact-requests/{request.pk}/decide/", {"decision": "approve"})
    r = client.post(
        f"/es/contact-requests/{request.pk}/decide/", {"decision": "decline", "reason": "x"}
    )
    assert r.status_code == 403
    request.refresh_from_db()
    assert request.status == "approved"
