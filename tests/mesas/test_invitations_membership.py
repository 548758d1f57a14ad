"""Invitations follow mesa membership (§3, §6): a member approved in a mesa is invited to that
mesa's upcoming meetings; a member who leaves (or is archived) is no longer invited to them; past
meetings keep their invitees and attendance."""

import pytest

from membership import services as membership_services
from membership.models import MesaMembership
from mesas import services
from mesas.models import Invitation, MeetingStatus
from tests.factories import UserFactory, make_coordinator
from tests.membership.factories import member_with_contact, membership
from tests.mesas import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    past = f.meeting("mr1", days=-30, title="Pasada")
    upcoming = f.meeting("mr1", days=20, title="Próxima")
    cancelled = f.meeting("mr1", days=25, title="Cancelada", status=MeetingStatus.CANCELLED)
    other_mesa = f.meeting("mr2", days=20, title="Otra mesa")
    return past, upcoming, cancelled, other_mesa


def _invited(meeting):
    return set(meeting.invitations.values_list("user_id", flat=True))


def test_member_approved_later_is_invited_to_upcoming_meetings_of_that_mesa(meetings):
    past, upcoming, cancelled, other_mesa = meetings
    coord = UserFactory()
    make_coordinator(coord, 1)
    member, user = member_with_contact()
    [row] = membership_services.mesa_membership_request(
        actor=user, member=member, mesas=[f.body("mr1").mesa]
    )
    assert user.pk not in _invited(upcoming)
    membership_services.mesa_membership_decide(
        actor=coord, membership_id=row.pk, mesa=row.mesa, approve=True
    )
    assert user.pk in _invited(upcoming)
    assert Invitation.objects.get(meeting=upcoming, user=user).member_id == member.pk
    assert user.pk not in _invited(past)
    assert user.pk not in _invited(cancelled)
    assert user.pk not in _invited(other_mesa)
    # The reminder sweep now reaches the new invitee.
    assert services.invitations_member_joined(member_id=member.pk, mesa_id=row.mesa_id) == 0


def test_declined_request_invites_nobody(meetings):
    _past, upcoming, *_ = meetings
    coord = UserFactory()
    make_coordinator(coord, 1)
    member, user = member_with_contact()
    row = membership(member, 1, status="pending")
    membership_services.mesa_membership_decide(
        actor=coord, membership_id=row.pk, mesa=row.mesa, approve=False, reason="No"
    )
    assert user.pk not in _invited(upcoming)


def test_member_who_leaves_is_uninvited_but_keeps_past_attendance(meetings):
    past, upcoming, _cancelled, _other = meetings
    member, user = f.member_in_mesa(1)
    services.invitations_sync(meeting=upcoming)
    f.invite(past, user, member, rsvp="online", attendance="present")
    assert user.pk in _invited(upcoming)
    row = MesaMembership.objects.get(member=member, status="approved")
    membership_services.mesa_membership_leave(actor=user, membership_id=row.pk)
    assert user.pk not in _invited(upcoming)
    kept = Invitation.objects.get(meeting=past, user=user)
    assert kept.attendance == "present" and kept.rsvp == "online"


def test_leaving_keeps_invitations_due_on_other_grounds(meetings):
    _past, upcoming, _cancelled, _other = meetings
    member, user = f.member_in_mesa(1)
    make_coordinator(user, 1)  # also a coordinator of the mesa: always invited
    open_session = f.meeting("mr1", days=30, title="Sesión abierta", is_open=True)
    other, other_user = f.member_in_mesa(1)
    for meeting in (upcoming, open_session):
        services.invitations_sync(meeting=meeting)
    for m, u in ((member, user), (other, other_user)):
        row = MesaMembership.objects.get(member=m, status="approved")
        membership_services.mesa_membership_leave(actor=u, membership_id=row.pk)
    assert user.pk in _invited(upcoming)  # coordinator
    assert other_user.pk not in _invited(upcoming)
    assert other_user.pk in _invited(open_session)  # every member is invited to an open session


def test_archiving_a_member_uninvites_it(meetings):
    _past, upcoming, _cancelled, _other = meetings
    member, user = f.member_in_mesa(1)
    services.invitations_sync(meeting=upcoming)
    admin = UserFactory(is_superuser=True, is_staff=True)
    membership_services.member_archive(actor=admin, member=member)
    assert user.pk not in _invited(upcoming)


def test_new_contact_person_is_invited_and_a_deleted_account_is_uninvited(meetings):
    past, upcoming, _cancelled, _other = meetings
    member, first = f.member_in_mesa(1)
    services.invitations_sync(meeting=upcoming)
    f.invite(past, first, member, attendance="present")
    newcomer = UserFactory()
    claim = membership_services.contact_request_create(user=newcomer, member=member)
    membership_services.contact_request_decide(actor=first, contact_id=claim.pk, approve=True)
    assert newcomer.pk in _invited(upcoming)
    membership_services.account_delete(user=first)
    assert first.pk not in _invited(upcoming)
    assert Invitation.objects.get(meeting=past, user=first).attendance == "present"
    assert newcomer.pk in _invited(upcoming)
