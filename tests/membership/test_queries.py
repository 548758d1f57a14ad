"""Constant queries per page (§10): each list page costs the same with 3 rows and with many."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP

from mecanismo.core.models import ActorType, AuditLog, Country, Mesa, Role, RoleAssignment, User
from membership.models import ContactPerson, Member, MesaMembership, normalise_name
from tests.factories import UserFactory, make_coordinator, make_gtsc
from tests.membership.factories import member_with_contact

pytestmark = pytest.mark.django_db

SIZES = [3, 300]


def _members(names, country, actor_type):
    return Member.objects.bulk_create(
        Member(
            kind="organisation",
            name=name,
            name_normalised=normalise_name(name),
            country=country,
            subregion=country.subregion,
            actor_type=actor_type,
            listed_in_directory=True,
        )
        for name in names
    )


def _users(n, prefix):
    return User.objects.bulk_create(
        User(email=f"{prefix}{i}@example.org", full_name=f"Persona {prefix} {i}") for i in range(n)
    )


def populate(n):
    """n members in MR 1 and MR 3 (each with a contact), n pending requests to MR 1, n claims on
    one organisation, n audit entries and n coordinators of MR 2; rows written with bulk_create
    so that 300 of each stay fast."""
    mexico = Country.objects.get(code="MX")
    actor_type = ActorType.objects.get(code="cso")
    owner, owner_user = member_with_contact(name="Zeta Dueña")
    mr1, mr2, mr3 = (Mesa.objects.get(number=k) for k in (1, 2, 3))
    members = _members([f"Miembro {i:03d}" for i in range(n)], mexico, actor_type)
    pending = _members([f"Pendiente {i:03d}" for i in range(n)], mexico, actor_type)
    users, claimants = _users(n, "miembro"), _users(n, "solicitante")
    ContactPerson.objects.bulk_create(
        ContactPerson(member=m, user=u, status="approved")
        for m, u in zip(members, users, strict=True)
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(member=owner, user=u, status="pending") for u in claimants
    )
    MesaMembership.objects.bulk_create(
        [
            MesaMembership(member=m, mesa=mesa, status="approved")
            for m in members
            for mesa in (mr1, mr3)
        ]
        + [MesaMembership(member=m, mesa=mr1, status="pending") for m in pending]
    )
    AuditLog.objects.bulk_create(
        AuditLog(actor=u, action="test.entry", target_type="membership.member", target_id=str(m.pk))
        for m, u in zip(members, users, strict=True)
    )
    RoleAssignment.objects.bulk_create(
        RoleAssignment(user=u, role=Role.COORDINATOR, mesa=mr2) for u in users
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


@pytest.mark.parametrize("n", SIZES)
def test_my_mesas(client, django_assert_num_queries, n):
    """A member with a long history (n left rows of MR 1 and MR 2), current in MR 3."""
    member, user = member_with_contact()
    mesas = {k: Mesa.objects.get(number=k) for k in (1, 2, 3)}
    MesaMembership.objects.bulk_create(
        MesaMembership(member=member, mesa=mesas[1 + i % 2], status="left") for i in range(n)
    )
    MesaMembership.objects.create(member=member, mesa=mesas[3], status="approved")
    client.force_login(user)
    with django_assert_num_queries(7):
        r = client.get("/es/my-mesas/")
    assert r.status_code == 200 and len(r.context["open_rows"]) == 1
