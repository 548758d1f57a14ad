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
