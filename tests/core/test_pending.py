"""The personal home after login (issue 10): what awaits the person, each a link, in a constant
number of queries (exact count at 3 and at 300 rows of every kind)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from mecanismo.core.models import ActorType, Country, Mesa, User
from mecanismo.core.pending import LIMIT, pending_for
from membership.models import ContactPerson, Member, MesaMembership, RegistrationDraft
from mesas.models import ActionItem, AgendaProposal, Invitation, Meeting, Minutes, MinutesComment
from tests.factories import PASSWORD, UserFactory, make_coordinator
from tests.mesas import factories as mf

pytestmark = pytest.mark.django_db


def _people(n: int, tag: str) -> list[User]:
    return User.objects.bulk_create(
        User(email=f"{tag}-{i}@example.org", full_name=f"Persona {tag} {i}") for i in range(n)
    )


def _members(n: int, tag: str) -> list[Member]:
    actor, country = ActorType.objects.get(code="cso"), Country.objects.get(code="PE")
    return Member.objects.bulk_create(
        Member(
            kind="organisation",
            name=f"Org {tag} {i}",
            name_normalised=f"org {tag} {i}",
            actor_type=actor,
            country=country,
            subregion="south_america",
        )
        for i in range(n)
    )


def _meetings(n: int, *, days: float) -> list[Meeting]:
    body = mf.body("mr1")
    start = timezone.now() + datetime.timedelta(days=days)
    return Meeting.objects.bulk_create(
        Meeting(
            body=body,
            title=f"Reunión {days} {i}",
            starts_at=start + datetime.timedelta(hours=i),
            ends_at=start + datetime.timedelta(hours=i + 1),
            time_zone="America/Lima",
        )
        for i in range(n)
    )


def _world(n: int):
    """A coordinator of MR 1 who also acts for an organisation, with n of everything pending."""
    user = UserFactory(full_name="Carmen Ruiz")
    make_coordinator(user, 1)
    member, _ = _members(1, "own")[0], None
    ContactPerson.objects.create(member=member, user=user, status="approved")
    mesa = Mesa.objects.get(number=1)
    MesaMembership.objects.bulk_create(
        MesaMembership(member=m, mesa=mesa, status="pending") for m in _members(n, "req")
    )
    ContactPerson.objects.bulk_create(
        ContactPerson(member=member, user=u, status="pending") for u in _people(n, "claim")
    )
    upcoming = _meetings(n, days=5)
    Invitation.objects.bulk_create(Invitation(meeting=m, user=user) for m in upcoming)
    proposer = _people(1, "proposer")[0]
    AgendaProposal.objects.bulk_create(
        AgendaProposal(meeting=m, proposed_by=proposer, title="Tema") for m in upcoming
    )
    past = _meetings(n, days=-20)
    Invitation.objects.bulk_create(Invitation(meeting=m, user=user) for m in past)
    Minutes.objects.bulk_create(Minutes(meeting=m, status="circulated") for m in past)
    ActionItem.objects.bulk_create(
        ActionItem(
            meeting=m,
            body_id=m.body_id,
            text=f"Tarea {i}",
            owner=user,
            due_on=timezone.localdate() + datetime.timedelta(days=i % 10 - 3),
        )
        for i, m in enumerate(past)
    )
    return user


@pytest.mark.parametrize("n", [3, 300])
def test_personal_home_costs_the_same_queries_at_3_and_300(n, django_assert_num_queries):
    user = _world(n)
    client = Client()
    client.force_login(user)
    # 12 + the announcements panel (issue 14): bodies, the member's mesas, the linking-table
    # rule of the bodies (current mandates, staff of the agencies holding a seat: derived only
    # since the hand-assigned role went, issue 12), announcements, unread count.
    with django_assert_num_queries(18):
        page = client.get("/es/me/").content.decode()
    assert "Carmen" in page
    assert f"{n} solicitudes para unirse a MR 1 esperan su decisión" in page
    assert f"{n} personas piden ser contactos de la organización" in page
    shown = min(n, LIMIT)
    assert page.count("Indique si asistirá a") == shown
    assert page.count("Lea y comente el borrador del acta de") == shown
    assert page.count("1 propuesta de agenda para") == shown
    assert page.count("Tarea vencida:") + page.count("Tarea por cumplir:") == shown
    assert 'href="/es/coordination/mr1/requests/"' in page
    assert 'href="/es/contact-requests/"' in page


def test_login_goes_to_the_personal_home_and_a_half_registration_is_offered_to_continue():
    user = UserFactory(full_name="")
    RegistrationDraft.objects.create(user=user, step="profile", data={"kind": "organisation"})
    client = Client()
    r = client.post("/es/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/es/me/"
    page = client.get("/es/me/").content.decode()
    assert "Termine su registro" in page and 'href="/es/register/"' in page
    assert "Añada su nombre" in page


def test_answered_and_commented_items_leave_the_list():
    user = UserFactory()
    meeting = mf.meeting(days=3)
    mf.invite(meeting, user, rsvp="online")
    past = mf.meeting(days=-3)
    mf.invite(past, user)
    minutes = Minutes.objects.create(meeting=past, status="circulated")
    MinutesComment.objects.create(minutes=minutes, author=user, text="Bien")
    texts = [e.text for e in pending_for(user)]
    assert not any("asistirá" in t or "acta" in t for t in texts), texts


def test_nothing_pending_says_so():
    member_user = UserFactory()
    member = _members(1, "solo")[0]
    ContactPerson.objects.create(member=member, user=member_user, status="approved")
    client = Client()
    client.force_login(member_user)
    assert "Nada le espera por ahora." in client.get("/es/me/").content.decode()
