"""The differencing attack of issue 11 on the composition page, performed as an attacker would
(§9): read the page, make one change that the attacker knows about, read it again. Each test
first shows that the live counts did move (so the attack works on a page that shows them), then
that the page did not: nothing about the one person can be derived."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from mecanismo.core.demo import enrol_totp
from membership import aggregates, disclosure, services
from membership.models import (
    ContactPerson,
    DisclosureRelease,
    Member,
    MembershipStatus,
    SelfDeclaration,
)
from membership.selectors import approved_members
from tests.factories import UserFactory, make_coordinator, make_gtsc, mesa
from tests.membership.factories import member_with_contact, membership

pytestmark = pytest.mark.django_db

LGBTIQ = {"gender": "non_binary", "lgbtiq": True, "migrant_experience": True}
OTHER = {"gender": "woman", "lgbtiq": False, "migrant_experience": False}


def _person(mesa_number=1, answers=OTHER, status=MembershipStatus.APPROVED):
    member, user = member_with_contact()
    row = membership(member, mesa_number, status=status)
    SelfDeclaration.objects.create(user=user, **answers)
    return member, user, row


def _mesa_of_13(mesa_number=1):
    """13 people, 6 of them LGBTIQ+ (the page of the issue: "13 people … LGBTIQ+ 6")."""
    for i in range(13):
        _person(mesa_number, LGBTIQ if i < 6 else OTHER)


def _live_lgbtiq(mesa_number=1) -> int:
    """What a page of live counts would be built from (tests may read answers; the app not)."""
    people = aggregates.people_of(approved_members(mesa(mesa_number)))
    return SelfDeclaration.objects.filter(user__in=people, lgbtiq=True).count()


def _page(client, user, slug="mr1"):
    client.force_login(user)
    response = client.get(f"/es/coordination/{slug}/composition/")
    assert response.status_code == 200
    return response.content.decode().split("<main")[1].split("</main>")[0]


@pytest.fixture
def coordinator():
    user = UserFactory()
    make_coordinator(user, 1)
    return user


def test_approving_one_request_does_not_change_the_page(client, coordinator):
    _mesa_of_13()
    _member, _user, pending = _person(answers=LGBTIQ, status=MembershipStatus.PENDING)
    before = _page(client, coordinator)
    services.mesa_membership_decide(
        actor=coordinator, membership_id=pending.pk, mesa=mesa(1), approve=True
    )
    assert _live_lgbtiq() == 7  # "14 … LGBTIQ+ 7" on a page of live counts
    assert _page(client, coordinator) == before


def test_a_member_leaving_does_not_change_the_page(client, coordinator):
    _mesa_of_13()
    _member, user, row = _person(answers=LGBTIQ)
    before = _page(client, coordinator)
    services.mesa_membership_leave(actor=user, membership_id=row.pk)
    assert _live_lgbtiq() == 6
    assert _page(client, coordinator) == before


def test_an_account_deleted_does_not_change_the_page(client, coordinator):
    _mesa_of_13()
    _member, user, _row = _person(answers=LGBTIQ)
    before = _page(client, coordinator)
    services.account_delete(user=user)
    assert _live_lgbtiq() == 6
    assert _page(client, coordinator) == before


def test_a_contact_person_approved_does_not_change_the_page(client, coordinator):
    _mesa_of_13()
    member, contact, _row = _person()
    newcomer = UserFactory()
    SelfDeclaration.objects.create(user=newcomer, **LGBTIQ)
    before = _page(client, coordinator)
    request = services.contact_request_create(user=newcomer, member=member)
    services.contact_request_decide(actor=contact, contact_id=request.pk, approve=True)
    assert ContactPerson.objects.get(pk=request.pk).status == "approved"
    assert _live_lgbtiq() == 7
    assert _page(client, coordinator) == before


def test_gtsc_staff_on_any_mesa_see_no_difference_either(client):
    _mesa_of_13(2)
    coordinator2 = UserFactory()
    make_coordinator(coordinator2, 2)
    staff = UserFactory()
    make_gtsc(staff)
    enrol_totp(staff)
    _member, _user, pending = _person(2, answers=LGBTIQ, status=MembershipStatus.PENDING)
    before = _page(client, staff, "mr2")
    services.mesa_membership_decide(
        actor=coordinator2, membership_id=pending.pk, mesa=mesa(2), approve=True
    )
    assert _live_lgbtiq(2) == 7
    assert _page(client, staff, "mr2") == before


def test_changing_ones_answers_does_not_change_the_page(client, coordinator):
    _mesa_of_13()
    _member, user, _row = _person()
    before = _page(client, coordinator)
    services.self_declaration_save(user=user, data=LGBTIQ)
    assert _live_lgbtiq() == 7
    assert _page(client, coordinator) == before


# --- the next releases --------------------------------------------------------------------------


def _next_quarter(moment: datetime, days: int = 2) -> datetime:
    start = disclosure.quarter_start(moment)
    month = start.month + 3
    year = start.year + (month > 12)
    return datetime(year, (month - 1) % 12 + 1, 1, tzinfo=UTC) + timedelta(days=days)


def _visits():
    """The attacker's visits: now (after the data was made), early next quarter, the one after."""
    first = timezone.now()
    return first, _next_quarter(first), _next_quarter(_next_quarter(first))


def _cells(composition, key="groups"):
    breakdown = next(b for b in composition.breakdowns if b.key == key)
    return {row.label: row.display for row in breakdown.rows}


def test_a_new_quarter_with_fewer_than_five_changes_keeps_the_release(coordinator):
    _mesa_of_13()
    Q1, Q2, Q3 = _visits()
    first = aggregates.mesa_composition(mesa(1), now=Q1)
    for _i in range(disclosure.MIN_CHANGES - 1):
        _m, _u, row = _person(answers=LGBTIQ, status=MembershipStatus.PENDING)
        services.mesa_membership_decide(
            actor=coordinator, membership_id=row.pk, mesa=mesa(1), approve=True
        )
    assert _live_lgbtiq() == 10
    later = aggregates.mesa_composition(mesa(1), now=Q2)
    assert later == first
    assert DisclosureRelease.objects.count() == 1


def test_five_approvals_make_a_new_release_that_still_hides_their_answers(coordinator):
    """The attacker approves five people who are all LGBTIQ+ and reads both releases."""
    _mesa_of_13()
    Q1, Q2, Q3 = _visits()
    first = aggregates.mesa_composition(mesa(1), now=Q1)
    for _i in range(disclosure.MIN_CHANGES):
        _m, _u, row = _person(answers=LGBTIQ, status=MembershipStatus.PENDING)
        services.mesa_membership_decide(
            actor=coordinator, membership_id=row.pk, mesa=mesa(1), approve=True
        )
    second = aggregates.mesa_composition(mesa(1), now=Q2)
    assert (second.as_of, second.people) == (disclosure.quarter_start(Q2), 18)
    label = "LGBTIQ+"
    span_before = disclosure.candidates(_cells(first)[label], 13, yes_row=True)
    span_after = disclosure.candidates(_cells(second)[label], 18, yes_row=True)
    assert 6 in span_before and 11 in span_after  # the published cells are honest…
    # …and admit a world where not all five newcomers are LGBTIQ+ (and one where some are)
    assert disclosure.pins(span_before, span_after, totals=(13, 18), joined=5, left=0) is False
    # nothing changes afterwards without five more changes
    assert aggregates.mesa_composition(mesa(1), now=Q3) == second


def test_published_cells_are_the_true_counts_within_the_noise(coordinator):
    for i in range(25):
        _person(answers=LGBTIQ if i % 5 == 0 else OTHER)
    Q1, _q2, _q3 = _visits()
    composition = aggregates.mesa_composition(mesa(1), now=Q1)
    groups = _cells(composition)
    assert groups["LGBTIQ+"] in range(5 - 2, 5 + 3) or groups["LGBTIQ+"] == 5
    gender = _cells(composition, "gender")
    assert isinstance(gender["Mujer"], int) or gender["Mujer"] == aggregates.HIDDEN
    assert composition.people == 25 and composition.members == 25


def test_every_person_and_member_counted_gets_a_fixed_key(coordinator):
    _mesa_of_13()
    Q1, Q2, _q3 = _visits()
    aggregates.mesa_composition(mesa(1), now=Q1)
    from membership.models import DisclosureKey

    keys = dict(DisclosureKey.objects.filter(member__isnull=False).values_list("member", "value"))
    assert len(keys) == Member.objects.count() == 13
    release = DisclosureRelease.objects.get()
    release.checked_at = Q1 - timedelta(days=400)  # force a re-check: keys are never redrawn
    release.save()
    aggregates.mesa_composition(mesa(1), now=Q2)
    again = dict(DisclosureKey.objects.filter(member__isnull=False).values_list("member", "value"))
    assert again == keys


def test_the_daily_task_makes_the_releases_that_are_due():
    from mecanismo.schedule import BEAT_SCHEDULE
    from membership.tasks import disclosure_releases_refresh

    _mesa_of_13()
    assert disclosure_releases_refresh() == 4
    assert DisclosureRelease.objects.count() == 4
    assert disclosure_releases_refresh() == 4  # idempotent: nothing new is due
    assert DisclosureRelease.objects.count() == 4
    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert "membership.disclosure_releases_refresh" in tasks
