"""Roles as data (RoleAssignment) and the one permissions module (§1): a test per rule."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from mecanismo.core import permissions as p
from mecanismo.core.models import Agency, Mesa, Role, RoleAssignment
from tests.factories import UserFactory, make_coordinator, make_gtsc, make_linking_table_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def mr1():
    return Mesa.objects.get(number=1)


@pytest.fixture
def mr2():
    return Mesa.objects.get(number=2)


def test_coordinator_of_mr1_can_coordinate_mr1_but_not_mr2(mr1, mr2):
    user = UserFactory()
    make_coordinator(user, 1)
    assert p.can_coordinate_mesa(user, mr1)
    assert p.can_coordinate_mesa(user, mr1.pk)  # ids work as well as objects
    assert not p.can_coordinate_mesa(user, mr2)
    assert p.coordinated_mesa_ids(user) == {mr1.pk}
    assert p.is_coordinator(user)


def test_un_agency_co_coordinator_coordinates_only_its_mesa(mr1, mr2):
    user = UserFactory()
    RoleAssignment.objects.create(
        user=user, role=Role.COORDINATOR, mesa=mr2, agency=Agency.objects.get(code="ilo")
    )
    assert p.can_coordinate_mesa(user, mr2)
    assert not p.can_coordinate_mesa(user, mr1)
    assert not p.is_gtsc_staff(user)


def test_admin_may_act_on_every_mesa(mr1, mr2):
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert p.is_admin(admin)
    assert p.can_coordinate_mesa(admin, mr1) and p.can_coordinate_mesa(admin, mr2)
    assert p.can_assign_roles(admin)


def test_a_plain_member_has_no_role():
    user = UserFactory()
    assert not p.is_admin(user)
    assert not p.is_gtsc_staff(user)
    assert not p.is_coordinator(user)
    assert not p.is_linking_table_member(user)
    assert not p.can_assign_roles(user)
    assert not p.can_view_dashboards(user)
    assert not p.requires_mfa(user)


def test_anonymous_visitor_has_no_role(mr1):
    from django.contrib.auth.models import AnonymousUser

    anon = AnonymousUser()
    assert not p.is_admin(anon)
    assert not p.can_coordinate_mesa(anon, mr1)
    assert not p.can_view_dashboards(anon)
    assert not p.requires_mfa(anon)


def test_gtsc_staff_assign_roles_and_view_dashboards_but_do_not_coordinate(mr1):
    user = UserFactory()
    make_gtsc(user, "iom")
    assert p.is_gtsc_staff(user)
    assert p.gtsc_agency_ids(user) == {Agency.objects.get(code="iom").pk}
    assert p.can_assign_roles(user)
    assert p.can_view_dashboards(user)
    assert not p.can_coordinate_mesa(user, mr1)


def test_coordinators_view_dashboards_but_do_not_assign_roles():
    user = UserFactory()
    make_coordinator(user, 3)
    assert p.can_view_dashboards(user)
    assert not p.can_assign_roles(user)


def test_linking_table_membership_follows_a_current_mandate():
    user = UserFactory()
    make_linking_table_member(user)
    assert p.is_linking_table_member(user)
    assert not p.is_coordinator(user)


def test_a_hand_assigned_linking_table_role_no_longer_counts():
    """§5: the linking table is derived from mandates and designations, not typed in."""
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=Role.LINKING_TABLE)
    assert not p.is_linking_table_member(user)


def test_mfa_is_required_for_gtsc_staff_staff_and_admins_only():
    gtsc, staff, admin, coordinator = UserFactory(), UserFactory(is_staff=True), None, UserFactory()
    make_gtsc(gtsc)
    make_coordinator(coordinator)
    admin = UserFactory(is_superuser=True)
    assert p.requires_mfa(gtsc) and p.requires_mfa(staff) and p.requires_mfa(admin)
    assert not p.requires_mfa(coordinator)


def test_an_ended_role_no_longer_counts(mr1):
    user = UserFactory()
    role = make_coordinator(user, 1)
    role.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    role.save()
    assert not p.can_coordinate_mesa(user, mr1)


def test_a_role_starting_in_the_future_does_not_count_yet(mr1):
    user = UserFactory()
    RoleAssignment.objects.create(
        user=user,
        role=Role.COORDINATOR,
        mesa=mr1,
        starts_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert not p.can_coordinate_mesa(user, mr1)


def test_roles_are_cached_per_request_and_forget_roles_refreshes(mr1, django_assert_num_queries):
    user = UserFactory()
    make_coordinator(user, 1)
    with django_assert_num_queries(1):
        p.is_coordinator(user)
        p.can_coordinate_mesa(user, mr1)
        p.is_gtsc_staff(user)
        p.can_view_dashboards(user)
    make_gtsc(user)
    assert not p.is_gtsc_staff(user)  # still the cached answer within this "request"
    p.forget_roles(user)
    assert p.is_gtsc_staff(user)


def test_a_coordinator_role_needs_a_mesa():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=UserFactory(), role=Role.COORDINATOR)


def test_gtsc_staff_role_needs_an_agency():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=UserFactory(), role=Role.GTSC_STAFF)


def test_one_open_coordinator_role_per_user_and_mesa(mr1):
    user = UserFactory()
    make_coordinator(user, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_coordinator(user, 1)
    make_coordinator(user, 2)  # another mesa is fine


def test_demo_roles_match_the_issue(demo, mr1, mr2):
    assert p.is_admin(demo["admin"]) and p.requires_mfa(demo["admin"])
    assert p.is_gtsc_staff(demo["gtsc"])
    assert p.gtsc_agency_ids(demo["gtsc"]) == {Agency.objects.get(code="iom").pk}
    assert p.can_coordinate_mesa(demo["coordinator1"], mr1)
    assert not p.can_coordinate_mesa(demo["coordinator1"], mr2)
    assert not any(
        f(demo["member"]) for f in (p.is_admin, p.is_gtsc_staff, p.is_coordinator, p.requires_mfa)
    )


def test_assigning_a_role_in_the_admin_records_who_and_an_audit_entry(client, demo, mr2):
    from mecanismo.core.models import AuditLog

    client.force_login(demo["admin"])
    response = client.post(
        "/admin/core/roleassignment/add/",
        {
            "user": demo["member"].pk,
            "role": Role.COORDINATOR,
            "mesa": mr2.pk,
            "agency": "",
            "starts_on": timezone.localdate().isoformat(),
            "ends_on": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    role = RoleAssignment.objects.get(user=demo["member"], mesa=mr2)
    assert role.assigned_by == demo["admin"]
    entry = AuditLog.objects.get(action="role.assigned")
    assert entry.actor == demo["admin"] and entry.target_id == str(role.pk)
    assert p.can_coordinate_mesa(demo["member"], mr2)
