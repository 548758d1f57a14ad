"""Constant queries per page (§10): each list page costs the same with 3 rows and with many."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from mecanismo.core.models import Country, Mesa, Role, RoleAssignment
from mecanismo.core.services import audit_record
from membership.models import ContactPerson
from tests.factories import UserFactory, make_coordinator, make_gtsc
from tests.membership.factories import MemberFactory, member_with_contact, membership

pytestmark = pytest.mark.django_db

SIZES = [3, 45]


def populate(n):
    """n members in MR 1 (each with a contact), n pending requests to MR 1, n claims on one
    organisation, n audit entries and n coordinators."""
    mexico = Country.objects.get(code="MX")
    owner, owner_user = member_with_contact(name="Zeta Dueña")
    for i in range(n):
        member, user = member_with_contact(name=f"Miembro {i:03d}", country=mexico)
        membership(member, 1)
        membership(member, 3)
        membership(MemberFactory(name=f"Pendiente {i:03d}"), 1, status="pending")
        ContactPerson.objects.create(member=owner, user=UserFactory(), status="pending")
        audit_record(actor=user, action="test.entry", target=member)
        RoleAssignment.objects.create(
            user=user, role=Role.COORDINATOR, mesa=Mesa.objects.get(number=2)
        )
    return owner_user


@pytest.fixture
def coordinator():
    user = UserFactory()
    make_coordinator(user, 1)
    return user


@pytest.mark.parametrize("n", SIZES)
def test_directory_first_page(client, django_assert_num_queries, n):
    populate(n)
    # members, their mesas (prefetch), and the choices of the mesa, actor type, country filters
    with django_assert_num_queries(5):
        assert client.get("/es/directory/").status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_directory_filtered_page(client, django_assert_num_queries, n):
    populate(n)
    with django_assert_num_queries(6):
        r = client.get(
            "/es/directory/", {"mesa": "mr1", "subregion": "central_america_mexico", "q": "miembro"}
        )
    assert r.status_code == 200 and "Miembro 000" in r.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_mesa_member_list(client, coordinator, django_assert_num_queries, n):
    populate(n)
    client.force_login(coordinator)
    # session, user, roles, mesa, members, their contacts' e-mails
    with django_assert_num_queries(6):
        r = client.get("/es/coordination/mr1/members/")
    assert r.status_code == 200 and "Miembro 000" in r.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_mesa_pending_requests(client, coordinator, django_assert_num_queries, n):
    populate(n)
    client.force_login(coordinator)
    # session, user, roles, mesa, requests, the viewer's own member (membership_actions, once)
    with django_assert_num_queries(6):
        r = client.get("/es/coordination/mr1/requests/")
    assert "Pendiente 000" in r.content.decode()


@pytest.mark.parametrize("n", SIZES)
def test_contact_requests(client, django_assert_num_queries, n):
    owner_user = populate(n)
    client.force_login(owner_user)
    with django_assert_num_queries(5):
        assert client.get("/es/contact-requests/").status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_coordinators_page(client, django_assert_num_queries, n):
    populate(n)
    staff = UserFactory()
    make_gtsc(staff)
    TOTP.activate(staff, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(staff)
    # session, user, roles, TOTP check, coordinators, mesa choices of the form
    with django_assert_num_queries(6):
        assert client.get("/es/coordinators/").status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_audit_log_page(client, django_assert_num_queries, n):
    populate(n)
    admin = UserFactory(is_superuser=True, is_staff=True)
    TOTP.activate(admin, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(admin)
    with django_assert_num_queries(5):
        assert client.get("/es/audit/").status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_mesa_page_member_panel(client, coordinator, django_assert_num_queries, n):
    """The panel on the mesa page adds a constant number of queries for its coordinators."""
    populate(n)
    client.force_login(coordinator)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/es/mesas/mr1/")
    assert "Miembro 000" in r.content.decode()
    panel = [q for q in ctx.captured_queries if "membership_" in q["sql"]]
    assert len(panel) == 4  # count, members, contacts, pending count
