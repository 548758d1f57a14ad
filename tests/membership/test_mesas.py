"""Joining mesas (§3): requests, decisions by that mesa's coordinators only, e-mail, history."""

import pytest
from django.core import mail

from mecanismo.core.models import AuditLog, Mesa
from membership.models import MesaMembership
from tests.factories import UserFactory, make_coordinator
from tests.membership.factories import member_with_contact, membership

pytestmark = pytest.mark.django_db


def mesa(n):
    return Mesa.objects.get(number=n)


@pytest.fixture
def member_and_user():
    return member_with_contact()


@pytest.fixture
def coordinator1():
    user = UserFactory(language="es")
    make_coordinator(user, 1)
    return user


def test_member_requests_two_mesas(client, member_and_user):
    member, user = member_and_user
    client.force_login(user)
    r = client.post("/es/my-mesas/", {"mesas": [mesa(1).pk, mesa(3).pk], "motivation": "Trabajo"})
    assert r.status_code == 302
    rows = MesaMembership.objects.filter(member=member)
    assert {(r.mesa.number, r.status) for r in rows} == {(1, "pending"), (3, "pending")}
    assert all(r.requested_by == user for r in rows)


def test_joining_a_mesa_twice_is_refused_and_nothing_written(client, member_and_user):
    member, user = member_and_user
    membership(member, 1, status="pending")
    client.force_login(user)
    r = client.post("/es/my-mesas/", {"mesas": [mesa(1).pk, mesa(2).pk]})
    assert r.status_code == 400
    assert "MR 1" in r.content.decode()
    assert MesaMembership.objects.filter(member=member).count() == 1


def test_coordinator_approves_and_member_gets_email_in_their_language(
    client, member_and_user, coordinator1, django_capture_on_commit_callbacks
):
    member, user = member_and_user
    user.language = "pt"
    user.save()
    row = membership(member, 1, status="pending")
    client.force_login(coordinator1)
    page = client.get("/es/coordination/mr1/requests/").content.decode()
    assert member.name in page
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/es/coordination/mr1/requests/{row.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.status == "approved" and row.decided_by == coordinator1
    assert AuditLog.objects.filter(
        action="mesa_membership.approved", target_id=str(row.pk)
    ).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert "Bem-vindo" in message.subject or "MR 1" in message.subject
    assert "/pt/my-mesas/" in message.body


def test_decline_needs_a_reason_and_writes_nothing_without_it(
    client, member_and_user, coordinator1
):
    member, _user = member_and_user
    row = membership(member, 1, status="pending")
    client.force_login(coordinator1)
    r = client.post(f"/es/coordination/mr1/requests/{row.pk}/decide/", {"decision": "decline"})
    assert r.status_code == 400
    assert "Indique un motivo" in r.content.decode()
    row.refresh_from_db()
    assert row.status == "pending"
    assert not AuditLog.objects.filter(action__startswith="mesa_membership.declined").exists()


def test_decline_with_reason_sends_email(
    client, member_and_user, coordinator1, django_capture_on_commit_callbacks
):
    member, user = member_and_user
    row = membership(member, 1, status="pending")
    client.force_login(coordinator1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/es/coordination/mr1/requests/{row.pk}/decide/",
            {"decision": "decline", "reason": "Falta información"},
        )
    row.refresh_from_db()
    assert row.status == "declined" and row.decision_reason == "Falta información"
    assert len(mail.outbox) == 1 and "Falta información" in mail.outbox[0].body


def test_approving_twice_is_403_and_writes_nothing(client, member_and_user, coordinator1):
    member, _user = member_and_user
    row = membership(member, 1, status="pending")
    client.force_login(coordinator1)
    client.post(f"/es/coordination/mr1/requests/{row.pk}/decide/", {"decision": "approve"})
    before = AuditLog.objects.count()
    r = client.post(
        f"/es/coordination/mr1/requests/{row.pk}/decide/", {"decision": "decline", "reason": "x"}
    )
    assert r.status_code == 403
    row.refresh_from_db()
    assert row.status == "approved"
    assert AuditLog.objects.count() == before


def test_coordinator_of_another_mesa_cannot_see_or_decide(client, member_and_user, coordinator1):
    member, _user = member_and_user
    row = membership(member, 2, status="pending")
    client.force_login(coordinator1)
    assert client.get("/es/coordination/mr2/requests/").status_code == 403
    assert client.get("/es/coordination/mr2/members/").status_code == 403
    # a request of MR 2 decided through the MR 1 address
    r = client.post(f"/es/coordination/mr1/requests/{row.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 403
    r = client.post(f"/es/coordination/mr2/requests/{row.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 403
    row.refresh_from_db()
    assert row.status == "pending"


def test_plain_member_cannot_open_coordination_pages(client, member_and_user):
    _member, user = member_and_user
    client.force_login(user)
    assert client.get("/es/coordination/mr1/requests/").status_code == 403
    assert client.get("/es/coordinators/").status_code == 403
    assert client.get("/es/audit/").status_code == 403


def test_leave_and_rejoin_keeps_history(client, member_and_user, coordinator1):
    member, user = member_and_user
    first = membership(member, 1)
    client.force_login(user)
    r = client.post(f"/es/my-mesas/{first.pk}/leave/")
    assert r.status_code == 302
    first.refresh_from_db()
    assert first.status == "left" and first.left_at is not None
    client.post("/es/my-mesas/", {"mesas": [mesa(1).pk]})
    rows = list(MesaMembership.objects.filter(member=member).order_by("id"))
    assert [r.status for r in rows] == ["left", "pending"]
    page = client.get("/es/my-mesas/").content.decode()
    assert page.count("MR 1") >= 2


def test_someone_else_cannot_leave_for_a_member(client, member_and_user):
    member, _user = member_and_user
    row = membership(member, 1)
    client.force_login(UserFactory())
    assert client.post(f"/es/my-mesas/{row.pk}/leave/").status_code == 403
    row.refresh_from_db()
    assert row.status == "approved"


def test_mesa_page_shows_count_and_member_list_only_to_its_coordinators(
    client, member_and_user, coordinator1
):
    member, user = member_and_user
    membership(member, 1)
    page = client.get("/es/mesas/mr1/").content.decode()
    assert user.email not in page
    assert "1 miembro" in page
    client.force_login(coordinator1)
    page = client.get("/es/mesas/mr1/").content.decode()
    assert user.email in page and member.name in page
    page = client.get("/es/mesas/mr2/").content.decode()
    assert user.email not in page


def test_member_page_shows_its_mesas(client, member_and_user):
    member, _user = member_and_user
    membership(member, 1)
    membership(member, 3)
    membership(member, 2, status="declined")
    page = client.get(member.get_absolute_url()).content.decode()
    assert "MR 1" in page and "MR 3" in page and "MR 2" not in page


def test_membership_actions_follow_the_state_machine(member_and_user, coordinator1):
    from membership.permissions import MembershipAction as A
    from membership.permissions import membership_actions

    member, user = member_and_user
    admin = UserFactory(is_superuser=True)
    stranger = UserFactory()
    pending = membership(member, 1, status="pending")
    assert membership_actions(user, pending) == {A.WITHDRAW}
    assert membership_actions(coordinator1, pending) == {A.APPROVE, A.DECLINE}
    assert membership_actions(admin, pending) == {A.APPROVE, A.DECLINE}
    assert membership_actions(stranger, pending) == set()
    approved = membership(member, 2, status="approved")
    assert membership_actions(user, approved) == {A.LEAVE}
    assert membership_actions(coordinator1, approved) == set()
    for status in ("declined", "left", "withdrawn"):
        assert membership_actions(user, membership(member, 3, status=status)) == set()


def test_pages_show_exactly_the_allowed_buttons(client, member_and_user, coordinator1):
    member, user = member_and_user
    membership(member, 1, status="pending")
    membership(member, 2, status="approved")
    membership(member, 3, status="left")
    client.force_login(user)
    page = client.get("/es/my-mesas/").content.decode()
    assert page.count('action="/es/my-mesas/') == 2  # withdraw MR 1, leave MR 2; not MR 3
    client.force_login(coordinator1)
    page = client.get("/es/coordination/mr1/requests/").content.decode()
    assert page.count('name="decision" value="approve"') == 1


def test_a_decided_request_cannot_be_withdrawn_or_decided_again(
    client, member_and_user, coordinator1
):
    member, user = member_and_user
    row = membership(member, 1, status="declined")
    client.force_login(user)
    client.post(f"/es/my-mesas/{row.pk}/leave/")
    row.refresh_from_db()
    assert row.status == "declined"
    client.force_login(coordinator1)
    r = client.post(f"/es/coordination/mr1/requests/{row.pk}/decide/", {"decision": "approve"})
    assert r.status_code == 403
    row.refresh_from_db()
    assert row.status == "declined"
