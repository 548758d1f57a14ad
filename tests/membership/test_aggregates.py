"""Aggregates with small cells suppressed (§8, §9): the rule, proven over every small table, the
counts computed in the database, who may see the composition page, and its constant cost."""

from collections import defaultdict
from itertools import product

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from django.urls import reverse

from mecanismo.core.models import ActorType, Country, User
from membership import aggregates, disclosure
from membership.aggregates import HIDDEN, SMALL, suppress, suppress_nested
from membership.models import SelfDeclaration
from tests.factories import UserFactory, make_coordinator, make_gtsc
from tests.membership.factories import MemberFactory, member_with_contact, membership

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


# --- the rule -----------------------------------------------------------------------------------


def compositions(total, parts):
    """Every way of splitting `total` people into `parts` ordered cells (all of them, so the
    preimage of a display below is complete, not cut off by a value bound)."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


def assert_nothing_recoverable(tables, display_of, cells_of, *, whole_total=True):
    """An attacker knows the total, the display and the rule. For every table, group all tables
    with the same total and display: a suppressed cell is recoverable if it takes one value
    across the group. No suppressed cell may be pinned to 1–4, no cell that counts 1–4 people
    may be pinned at all, and no cell may be pinned to the whole total (everyone's answer)."""
    groups = defaultdict(list)
    for table in tables:
        groups[(sum(table), display_of(table))].append(cells_of(table))
    checked = 0
    for (total, display), members in groups.items():
        shown = [d for part in display for d in (part if isinstance(part, tuple) else (part,))]
        for i, d in enumerate(shown):
            values = {cells[i] for cells in members}
            if not isinstance(d, int):
                checked += 1
                assert not (len(values) == 1 and 1 <= min(values) <= 4), (display, values)
                for cells in members:
                    if 1 <= cells[i] <= 4:
                        assert len(values) > 1, (display, cells)
            if whole_total and total > 0:
                assert values != {total}, (display, total, "everyone in one cell")
    return checked


@pytest.mark.parametrize("parts,max_total", [(2, 40), (3, 30), (4, 22), (5, 16)])
def test_no_suppressed_cell_is_recoverable_from_any_small_table(parts, max_total):
    tables = [c for t in range(max_total + 1) for c in compositions(t, parts)]
    checked = assert_nothing_recoverable(tables, lambda c: tuple(suppress(c)), lambda c: c)
    assert checked > 0


@pytest.mark.parametrize("shape,max_total", [((2, 2), 14), ((1, 3), 14), ((2, 3), 11)])
def test_nested_groups_do_not_give_each_other_away(shape, max_total):
    """Actor types inside "migrant-led or not": the group totals and the types together. Actor
    types are public (directory), so "every member is in one group" may show; small cells not."""
    size = sum(shape)

    def split(cells):
        return [list(cells[: shape[0]]), list(cells[shape[0] :])]

    def display_of(cells):
        totals, inner = suppress_nested(split(cells))
        return (tuple(totals), *(tuple(group) for group in inner))

    def cells_of(cells):
        groups = split(cells)
        return (*(sum(g) for g in groups), *cells)

    tables = [c for t in range(max_total + 1) for c in compositions(t, size)]
    assert assert_nothing_recoverable(tables, display_of, cells_of, whole_total=False) > 0


@pytest.mark.parametrize(
    "counts,shown",
    [
        ((12, 9, 7), [12, 9, 7]),  # nothing small: everything shown
        ((5, 5, 1), [HIDDEN, 5, SMALL]),  # one "<5": the largest is hidden too
        ((10, 7, 0), [HIDDEN, 7, SMALL]),  # zero is "<5" as well
        ((1, 1, 20), [SMALL, SMALL, HIDDEN]),
        ((6, 0, 0, 0, 0), [HIDDEN, SMALL, SMALL, SMALL, SMALL]),  # not "all six are women"
        ((4, 4, 4, 4, 4), [HIDDEN, SMALL, SMALL, SMALL, SMALL]),
        ((2, 1, 1), [HIDDEN, HIDDEN, HIDDEN]),  # fewer than five in all: withheld
        ((0, 0), [HIDDEN, HIDDEN]),
    ],
)
def test_cells_under_five_show_as_small_and_the_largest_is_hidden(counts, shown):
    assert suppress(counts) == shown


def test_cells_of_one_to_four_are_never_shown_as_numbers():
    for table in product(range(8), repeat=3):
        for value, d in zip(table, suppress(table), strict=True):
            if value < 5:
                assert d in (SMALL, HIDDEN)


def test_a_group_whose_total_is_hidden_hides_one_of_its_cells():
    # migrant-led 6+7 (largest group, hidden), others 2: the 6 and 7 would give 13, and 15 - 13 = 2
    totals, inner = suppress_nested([[6, 7], [2]])
    assert totals == [HIDDEN, SMALL]
    assert inner == [[6, HIDDEN], [SMALL]]


# --- counts from the database -------------------------------------------------------------------


def _person(mesa_number=1, declaration=None, **member_kwargs):
    member, user = member_with_contact(**member_kwargs)
    membership(member, mesa_number)
    if declaration is not None:
        SelfDeclaration.objects.create(user=user, **declaration)
    return member, user


def _by_key(composition):
    return {b.key: b for b in composition.breakdowns}


def _cells(breakdown):
    return {row.label: row.display for row in breakdown.rows}


@pytest.mark.django_db
def test_counts_come_from_the_database_when_no_cell_is_small(django_assert_num_queries):
    """25 people, five in each gender cell: every count is shown and right."""
    answers = [
        {"gender": "woman", "migrant_experience": True, "indigenous": True},
        {"gender": "man", "migrant_experience": False, "youth": True},
        {"gender": "non_binary", "migrant_experience": True, "lgbtiq": True},
        {"gender": "undisclosed", "afro_descendant": True, "disability": True},
        None,
    ]
    for declaration in answers:
        for _i in range(5):
            _person(declaration=declaration)
    _person(mesa_number=2, declaration={"gender": "woman"})  # another mesa: not counted
    from membership.selectors import approved_members
    from tests.factories import mesa

    # members per (subregion, actor type) with their key sums, the actor types, the answers
    members = approved_members(mesa(1))
    aggregates._ensure_keys(set(members.values_list("pk", flat=True)), set())
    with django_assert_num_queries(3):
        by_member = aggregates.count_members(members.values("pk"))
        by_person = aggregates.count_people(aggregates.people_of(members))
    assert (by_member["members"], by_person["people"]) == (25, 25)

    def honest(published, true, total=25):
        return true in disclosure.candidates(published, total)

    assert all(honest(d, 5) for _code, d in by_person["gender"])
    migrant = [d for _code, d in by_person["migrant_experience"]]
    assert all(honest(d, n) for d, n in zip(migrant, [10, 5, 10], strict=True))
    assert all(honest(d, 5) for _code, d in by_person["groups"])
    subregions = dict(by_member["subregion"])
    assert subregions["central_america_mexico"] == HIDDEN  # 25, others 0 → "<5"
    assert set(subregions.values()) == {HIDDEN, SMALL}


def _label(subregion):
    from mecanismo.core.models import Subregion

    return Subregion(subregion).label


@pytest.mark.django_db
def test_members_by_subregion_and_migrant_led_types():
    country = {"MX": 6, "CO": 5, "JM": 5, "ZZ": 5}
    for code, n in country.items():
        for _i in range(n):
            _person(country=Country.objects.get(code=code))
    _person(actor_type=ActorType.objects.get(code="migrant_org"))
    from tests.factories import mesa

    composition = aggregates.mesa_composition(mesa(1))
    subregions = _cells(_by_key(composition)["subregion"])
    # Caribbean, CA+MX, South America, outside: 5, 7, 5, 5 within the published noise
    shown = list(subregions.values())
    assert all(n in disclosure.candidates(d, 22) for d, n in zip(shown, [5, 7, 5, 5], strict=True))
    rows = _by_key(composition)["actor_type"].rows
    assert [r.display for r in rows[:6]] == [SMALL, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN]
    # one migrant organisation: the migrant-led total is "<5" and its four types (fewer than five
    # in all) are withheld; the other group is the largest, hidden, and so is its largest type
    assert rows[0].level == 0 and [r.level for r in rows[1:5]] == [1, 1, 1, 1]
    assert rows[5].level == 0
    others = {r.label: r.display for r in rows[6:]}
    assert others.pop(ActorType.objects.get(code="cso").name) == HIDDEN
    assert set(others.values()) == {SMALL}


# --- the page -----------------------------------------------------------------------------------

URL = "/es/coordination/mr1/composition/"


def _mfa(user):
    TOTP.activate(user, SECRET)
    return user


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_members_and_coordinators_of_other_mesas_are_refused(client):
    _member, member_user = _person()
    other = UserFactory()
    make_coordinator(other, 2)
    for user in (member_user, other):
        client.force_login(user)
        assert client.get(URL).status_code == 403


@pytest.mark.django_db
def test_own_coordinators_gtsc_staff_and_admins_see_it(client):
    for _i in range(5):
        _person()
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    staff = _mfa(UserFactory())
    make_gtsc(staff)
    admin = _mfa(UserFactory(is_superuser=True, is_staff=True))
    for user in (coordinator, staff, admin):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200, user
        assert "<caption>" in response.content.decode()


@pytest.mark.django_db
def test_unknown_mesa_is_404(client):
    admin = _mfa(UserFactory(is_superuser=True, is_staff=True))
    client.force_login(admin)
    assert client.get("/es/coordination/mr9/composition/").status_code == 404


@pytest.mark.django_db
def test_one_non_binary_person_among_six_cannot_be_recovered(client):
    """Six people, five women and one non-binary person: the page says "<5" for non-binary and
    hides the women's cell too; no number on the page gives the 1 back."""
    for _i in range(5):
        _person(declaration={"gender": "woman"})
    _person(declaration={"gender": "non_binary"})
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    gender = page.split('id="b-gender"')[1].split("</table>")[0]
    assert gender.count("&lt;5") == 4  # man, non-binary, prefer not to say, not answered
    assert "oculto" in gender  # the women's cell
    assert ">5<" not in gender and ">1<" not in gender
    assert ">6<" not in gender  # not even "everyone is a woman" in another form


@pytest.mark.django_db
def test_a_mesa_of_fewer_than_five_shows_no_breakdown(client):
    for _i in range(3):
        _person(declaration={"gender": "woman", "migrant_experience": True})
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    client.force_login(coordinator)
    page = client.get(URL).content.decode()
    assert "<table" not in page
    assert page.count("No se muestra: hay menos de cinco para contar.") == 5


def populate(n):
    genders = ["woman", "man", "non_binary", "undisclosed", ""]
    for i in range(n):
        _person(
            declaration={
                "gender": genders[i % 5],
                "migrant_experience": (True, False, None)[i % 3],
                "youth": i % 2 == 0,
            },
            name=f"Zorzal {i:03d}",
        )
        membership(MemberFactory(), 1, status="pending")


@pytest.mark.parametrize("n", [5, 60])
@pytest.mark.django_db
def test_composition_page_costs_the_same_with_5_and_60_members(
    client, django_assert_num_queries, n
):
    populate(n)
    coordinator = UserFactory()
    make_coordinator(coordinator, 1)
    client.force_login(coordinator)
    client.get(URL)  # the first visit makes the mesa's first release
    # session, user, roles, mesa, its latest release, actor type names (was 7 with live counts)
    with django_assert_num_queries(6):
        response = client.get(URL)
    assert response.status_code == 200
    assert "Zorzal" not in response.content.decode()  # counts, not names


@pytest.mark.django_db
def test_demo_data_renders_for_every_mesa(client):
    call_command("seed_demo", verbosity=0)
    client.force_login(User.objects.get(email="coordinator1@demo.local"))
    assert client.get(URL).status_code == 200
    members_page = client.get("/es/coordination/mr1/members/").content.decode()
    assert reverse("membership:mesa_composition", kwargs={"slug": "mr1"}) in members_page
    client.force_login(User.objects.get(email="admin@demo.local"))
    for slug in ("mr1", "mr2", "mr3", "mr4"):
        for lang in ("es", "en", "pt", "fr"):
            response = client.get(f"/{lang}/coordination/{slug}/composition/")
            assert response.status_code == 200, (slug, lang)


@pytest.mark.django_db
def test_gtsc_staff_find_the_composition_from_the_mesa_page(client):
    from mecanismo.core.demo import enrol_totp

    staff = UserFactory()
    make_gtsc(staff)
    enrol_totp(staff)  # GT-SC staff reach their pages only with MFA
    client.force_login(staff)
    page = client.get("/es/mesas/mr2/").content.decode()
    assert "/es/coordination/mr2/composition/" in page
    client.force_login(UserFactory())  # a member or visitor: no link
    assert "/composition/" not in client.get("/es/mesas/mr2/").content.decode()
