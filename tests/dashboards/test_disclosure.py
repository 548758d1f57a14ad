"""No suppressed cell of the dashboards can be recomputed from everything they show (§9), proven
by brute force over small synthetic populations and every filter combination.

The attacker sees, for every filter (all mesas or one, all subregions or one), the gender,
migrant-experience and group tables, and every exact total; they know every rule (the "<5"
rule, the largest cell hidden, the noise of at most ±2) but not the secret keys. Unknown true
counts are tied by every relation the tables have: each partition adds up to its total, and the
table of "all subregions" is the sum of the four subregion tables. A complete search over those
counts must find, for every "<5" or hidden cell, a world consistent with all of it in which the
cell has another value than the true one (a withheld cell looks the same whether it holds 0 or 4).
"""

import random
from itertools import product

import pytest

from dashboards import selectors, services
from mecanismo.core.models import Country, Subregion
from membership.disclosure import HIDDEN, SMALL, candidates
from membership.models import DisclosureRelease, SelfDeclaration
from tests.membership.factories import member_with_contact, membership

pytestmark = pytest.mark.django_db

COUNTRIES = ["JM", "MX", "CO", "ZZ"]
GENDERS = ["woman", "man", "non_binary", "undisclosed", ""]


def _population(seed: int, size: int):
    rng = random.Random(seed)
    truth = []
    countries = {c.code: c for c in Country.objects.filter(code__in=COUNTRIES)}
    for _i in range(size):
        code = rng.choice(COUNTRIES[:3] if rng.random() < 0.85 else COUNTRIES)
        member, user = member_with_contact(country=countries[code])
        mesas = rng.sample([1, 2], rng.choice([1, 1, 2]))
        for number in mesas:
            membership(member, number)
        answers = {
            "gender": rng.choice(GENDERS[:2] * 3 + GENDERS[2:]),
            "migrant_experience": rng.choice([True, False, None]),
            "lgbtiq": rng.random() < 0.2,
            "youth": rng.random() < 0.5,
        }
        if rng.random() < 0.9:
            SelfDeclaration.objects.create(user=user, **answers)
        truth.append((member.subregion, mesas))
    return truth


def _solve(domains: dict, constraints: list, fixed: dict) -> bool:
    """Is there an integer assignment within `domains` (with `fixed` values) satisfying every
    linear constraint (vars, coefficients, right-hand side)? Backtracking with bound pruning."""
    order = sorted(domains, key=lambda v: len(domains[v]))
    value: dict = dict(fixed)

    def feasible():
        for names, coeffs, rhs in constraints:
            low = high = 0
            for name, c in zip(names, coeffs, strict=True):
                if name in value:
                    low += c * value[name]
                    high += c * value[name]
                else:
                    lo, hi = domains[name][0], domains[name][-1]
                    low += min(c * lo, c * hi)
                    high += max(c * lo, c * hi)
            if not low <= rhs <= high:
                return False
        return True

    def step(i):
        while i < len(order) and order[i] in value:
            i += 1
        if i == len(order):
            return True
        name = order[i]
        for candidate in domains[name]:
            value[name] = candidate
            if feasible() and step(i + 1):
                return True
            del value[name]
        return False

    return feasible() and step(0)


def _tables(mesa):
    """{subregion: (total, {table: {code: display}})} of every scope of one mesa filter."""
    out = {}
    for subregion in ["", *Subregion.values]:
        release = DisclosureRelease.objects.get(scope=selectors.scope_key(mesa, subregion))
        payload = release.payload
        out[subregion] = (
            payload["people"],
            {
                t: dict((r[0], r[1]) for r in payload[t])
                for t in ("gender", "migrant_experience", "groups")
            },
        )
    return out


def _true_counts(mesa, subregion, table):
    from membership import aggregates

    people = aggregates.people_of(selectors.scope_members(mesa, subregion))
    answers = {a.user_id: a for a in SelfDeclaration.objects.filter(user__in=people)}
    counts: dict = {}
    for person in people:
        a = answers.get(person.pk)
        if table == "gender":
            code = (a.gender or "none") if a else "none"
            counts[code] = counts.get(code, 0) + 1
        elif table == "migrant_experience":
            v = a.migrant_experience if a else None
            code = {True: "yes", False: "no", None: "none"}[v]
            counts[code] = counts.get(code, 0) + 1
        else:
            for field in ("indigenous", "afro_descendant", "lgbtiq", "disability", "youth"):
                if a and getattr(a, field):
                    counts[field] = counts.get(field, 0) + 1
    return counts


def _check_mesa(mesa) -> int:
    tables = _tables(mesa)
    checked = 0
    for table in ("gender", "migrant_experience", "groups"):
        codes = list(tables[""][1][table])
        domains, constraints, truth = {}, [], {}
        for subregion, (total, shown) in tables.items():
            true = _true_counts(mesa, subregion, table)
            for code in codes:
                display = shown[table][code]
                yes_row = table == "groups"
                span = candidates(display, total, yes_row=yes_row)
                if display == HIDDEN and not yes_row:
                    span = range(0, total + 1)
                domains[(subregion, code)] = list(span)
                truth[(subregion, code)] = true.get(code, 0)
                assert truth[(subregion, code)] in span, (mesa, subregion, table, code)
            if table != "groups":
                names = [(subregion, c) for c in codes]
                constraints.append((names, [1] * len(names), total))
        for code in codes:
            names = [("", code)] + [(s, code) for s in Subregion.values]
            constraints.append((names, [1] + [-1] * len(Subregion.values), 0))
        for subregion, (total, shown) in tables.items():
            if total == 0:
                continue  # nobody there (the exact total says so): no one to protect
            for code in codes:
                if shown[table][code] not in (SMALL, HIDDEN):
                    continue
                name = (subregion, code)
                others = [v for v in domains[name] if v != truth[name]]
                assert any(_solve(domains, constraints, {name: v}) for v in others), (
                    mesa,
                    subregion,
                    table,
                    code,
                    truth[name],
                )
                checked += 1
    return checked


@pytest.mark.parametrize("seed,size", [(1, 18), (2, 26), (3, 34)])
def test_no_suppressed_cell_is_recovered_under_any_filter(seed, size):
    _population(seed, size)
    services.dashboard_releases_refresh()
    checked = sum(_check_mesa(m) for m in [None, *_mesas()])
    assert checked > 20  # suppressed cells were there to attack


def _mesas():
    from tests.factories import mesa

    return [mesa(1), mesa(2)]


# --- attendance by gender (issue 15): invitations of every mesa add up to all mesas' ----------


def _witness(domains, equalities, inequalities, world, name, codes) -> bool:
    """Is there a world other than `world` (the true counts), consistent with everything shown,
    in which the cell `name` = (scope, code, kind) holds another value? Searched among the worlds
    one small move away (invitations and presences together when needed): the cell changes by d,
    another code of the same table by −d, and the same two cells of the other mesa (rectangle) or
    of the all-mesas table (pair) compensate, so every total the dashboard shows stays exact.
    Finding one proves the cell cannot be recovered; not finding one fails the test (it may then
    be too strict, never too lenient)."""
    scope, code, kind = name

    def consistent(candidate):
        if any(candidate[n] not in domains[n] for n in candidate):
            return False
        for names, coeffs, rhs in equalities:
            if sum(c * candidate[n] for n, c in zip(names, coeffs, strict=True)) != rhs:
                return False
        for names, coeffs, rhs in inequalities:
            if sum(c * candidate[n] for n, c in zip(names, coeffs, strict=True)) > rhs:
                return False
        return True

    partners = [1, 2] if scope == 0 else [3 - scope, 0]
    for d in (1, -1, 2, -2, 3, -3, 4, -4):
        for other in codes:
            if other == code:
                continue
            for partner, kinds in product(partners, ((kind,), ("i", "p"))):
                candidate = dict(world)
                if scope == 0 or partner == 0:
                    sign = 1  # the all-mesas cell moves with the mesa's
                else:
                    sign = -1  # the other mesa compensates: all-mesas cells stay
                for s, delta in ((scope, d), (partner, sign * d)):
                    for k in kinds:  # presences never above invitations: move both if need be
                        candidate[(s, code, k)] += delta
                        candidate[(s, other, k)] -= delta
                if consistent(candidate):
                    return True
    return False


def _attendance_population(seed: int, people: int):
    """People of mesas 1 and 2 with answers, two meetings per mesa last quarter, attendance."""
    from datetime import timedelta

    from django.utils import timezone

    from membership.disclosure import quarter_start
    from mesas.models import Attendance
    from tests.mesas.factories import invite, meeting

    rng = random.Random(seed)
    now = timezone.now()
    last_quarter = quarter_start(quarter_start(now) - timedelta(days=1))
    users = {1: [], 2: []}
    for _i in range(people):
        member, user = member_with_contact()
        number = rng.choice([1, 2])
        row = membership(member, number, decided_at=now - timedelta(days=400))
        services.membership_event_record(membership=row, kind="joined")
        if rng.random() < 0.85:
            SelfDeclaration.objects.create(user=user, gender=rng.choice(GENDERS))
        users[number].append((member, user))
    truth: dict = {}
    for number, group in users.items():
        for k in range(2):
            start = last_quarter + timedelta(days=20 + 30 * k)
            held = meeting(f"mr{number}", days=(start - now.date()).days)
            for member, user in group:
                if rng.random() < 0.8:
                    present = rng.random() < 0.6
                    invite(
                        held,
                        user,
                        member,
                        attendance=Attendance.PRESENT if present else Attendance.ABSENT,
                    )
                    answer = SelfDeclaration.objects.filter(user=user).first()
                    code = (answer.gender or "none") if answer else "none"
                    cell = truth.setdefault((number, code), [0, 0])
                    cell[0] += 1
                    cell[1] += int(present)
    return last_quarter, truth


@pytest.mark.parametrize("seed,people", [(4, 14), (5, 22), (6, 30)])
def test_attendance_by_gender_cannot_be_recovered_from_mesas_and_their_sum(seed, people):
    from dashboards.models import QuarterStat
    from membership.aggregates import _gender_codes

    _mesas()
    quarter, truth = _attendance_population(seed, people)
    services.quarter_stats_refresh()
    stats = {
        s.mesa.number if s.mesa else 0: s.data
        for s in QuarterStat.objects.filter(quarter=quarter).select_related("mesa")
    }
    assert all("attendance_gender" in stats[k] for k in (0, 1, 2)), "frozen rows missing"
    codes = _gender_codes()
    domains, equalities, inequalities, shown, true = {}, [], [], {}, {}
    for scope in (0, 1, 2):
        data = stats[scope]
        totals = {"i": data["invited"], "p": data["present"]}
        rows = {r[0]: r for r in data["attendance_gender"]}
        for kind, column in (("i", 1), ("p", 2)):
            names = []
            for code in codes:
                display = rows[code][column]
                span = candidates(display, totals[kind])
                if display == HIDDEN:
                    span = range(0, totals[kind] + 1)
                name = (scope, code, kind)
                domains[name], shown[name] = list(span), display
                index = 0 if kind == "i" else 1
                if scope:
                    true[name] = truth.get((scope, code), [0, 0])[index]
                else:
                    true[name] = sum(truth.get((m, code), [0, 0])[index] for m in (1, 2))
                assert true[name] in span, (scope, code, kind, display, true[name])
                names.append(name)
            equalities.append((names, [1] * len(names), totals[kind]))
        for code in codes:
            inequalities.append(([(scope, code, "p"), (scope, code, "i")], [1, -1], 0))
    for code in codes:
        for kind in ("i", "p"):
            names = [(0, code, kind), (1, code, kind), (2, code, kind)]
            equalities.append((names, [1, -1, -1], 0))
    checked = 0
    for name, display in shown.items():
        if display not in (SMALL, HIDDEN):
            continue
        assert _witness(domains, equalities, inequalities, true, name, codes), (
            name,
            display,
            true[name],
        )
        checked += 1
    assert checked >= 4  # suppressed cells were there to attack


# --- candidacies and the linking table: one row per election, totals exact -------------------


def test_candidates_by_gender_hide_every_small_cell_and_rows_are_the_same_under_every_filter():
    from dashboards.selectors import Filters, dashboard, table_by_key
    from tests.vinculacion.factories import election_with_candidates

    _mesas()
    from datetime import timedelta

    from django.db.models import F

    from mecanismo.core.models import Mesa
    from vinculacion.models import Election

    first = election_with_candidates(["woman", "man", "woman"], mesa_number=1)[0]
    second = election_with_candidates(
        ["woman", "man", "non_binary", "man", "man", "woman"], mesa_number=2
    )[0]
    back = timedelta(days=60)
    Election.objects.filter(pk__in=[first.pk, second.pk]).update(
        state="counted",
        result={"turnout_percent": "50.00", "electorate_size": 4, "ballots_cast": 2},
        nominations_open_at=F("nominations_open_at") - back,
        nominations_close_at=F("nominations_close_at") - back,
        voting_open_at=F("voting_open_at") - back,
        voting_close_at=F("voting_close_at") - back,
    )

    rows = {}
    for mesa in [None, *Mesa.objects.filter(number__in=[1, 2])]:
        board = dashboard(Filters(None, mesa, ""), everything=True)
        table = table_by_key(board.sections, "candidates_by_gender")
        for row in table.rows:
            rows.setdefault(row[0], set()).add(tuple(row))
            total = row[-1]
            cells = row[1:-1]
            if total < 5:
                assert all(c == HIDDEN for c in cells)
            elif any(c == SMALL for c in cells):
                assert HIDDEN in cells
    assert len(rows) == 2 and all(len(v) == 1 for v in rows.values())  # same row, every filter
