"""Admins and GT-SC staff assign and remove coordinators (§1); audited; roles ended, not deleted."""

import pytest

from mecanismo.core.models import AuditLog, Mesa, Role, RoleAssignment
from mecanismo.core.permissions import can_coordinate_mesa
from tests.factories import UserFactory, make_gtsc
from tests.membership.factories import member_with_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def gtsc():
    user = UserFactory()
    make_gtsc(user, "iom")
    return user


def test_gtsc_assigns_and_removes_a_member_coordinator(gtsc):
    # GT-SC staff must have MFA to open pages: the service is what the page calls.
    from membership import services

    _member, contact = member_with_contact()
    mesa = Mesa.objects.get(number=2)
    role = services.coordinator_assign(actor=gtsc, user=contact, mesa=mesa)
    assert can_coordinate_mesa(contact, mesa)
    assert AuditLog.objects.filter(action="role.assigned", target_id=str(role.pk)).exists()
    services.coordinator_remove(actor=gtsc, assignment_id=role.pk)
    contact = type(contact).objects.get(pk=contact.pk)
    assert not can_coordinate_mesa(contact, mesa)
    role.refresh_from_db()
    assert role.ends_on is not None
    assert RoleAssignment.objects.filter(pk=role.pk).exists()
    assert AuditLog.objects.filter(action="role.removed").exists()


def test_agency_co_coordinator_must_be_gtsc_staff(gtsc):
    from django.core.exceptions import ValidationError

    from membership import services

    other_staff = UserFactory()
    make_gtsc(other_staff, "unfpa")
    mesa = Mesa.objects.get(number=3)
    role = services.coordinator_assign(
        actor=gtsc, user=other_staff, mesa=mesa, agency_co_coordinator=True
    )
    assert role.agency.code == "unfpa" and role.role == Role.COORDINATOR
    with pytest.raises(ValidationError):
        services.coordinator_assign(
            actor=gtsc, user=UserFactory(), mesa=mesa, agency_co_coordinator=True
        )
    with pytest.raises(ValidationError):
        services.coordinator_assign(actor=gtsc, user=UserFactory(), mesa=mesa)


def test_members_cannot_assign_coordinators(client):
    from django.core.exceptions import PermissionDenied

    from membership import services

    _m, user = member_with_contact()
    with pytest.raises(PermissionDenied):
        services.coordinator_assign(actor=user, user=user, mesa=Mesa.objects.get(number=1))
    client.force_login(user)
    r = client.post("/es/coordinators/", {"email": user.email, "mesa": 1})
    assert r.status_code == 403
    assert not RoleAssignment.objects.filter(role=Role.COORDINATOR).exists()


def test_coordinators_page_assigns_through_the_form(client, gtsc):
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(gtsc, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    _m, contact = member_with_contact()
    client.force_login(gtsc)
    r = client.post(
        "/es/coordinators/", {"email": contact.email, "mesa": Mesa.objects.get(number=4).pk}
    )
    assert r.status_code == 302
    assert RoleAssignment.objects.filter(user=contact, mesa__number=4, ends_on=None).exists()
    r = client.post("/es/coordinators/", {"email": "nobody@example.org", "mesa": 1})
    assert r.status_code == 400
    page = client.get("/es/coordinators/").content.decode()
    assert contact.email in page
