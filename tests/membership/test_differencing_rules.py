"""Differencing between two releases, proven by brute force over small populations (§9).

The attacker knows the published totals of both releases, who joined and who left in between
(a coordinator approved them), both displays and every rule of membership/disclosure.py, but not
the secret keys: to them a shown cell's noise is any value of −2…+2. For every world (population
before, how many newcomers and leavers fall in the cell, any noise) we compute what would be
published; worlds that publish the same are indistinguishable. A newcomer's (or leaver's) answer
is derived when every indistinguishable world puts all newcomers (leavers) in the cell, or none.
"""

from collections import defaultdict

import pytest

from membership import disclosure
from membership.disclosure import SMALL, THRESHOLD, guard, suppress

NOISES = range(-disclosure.MAX_NOISE, disclosure.MAX_NOISE + 1)


def published(display, noise):
    return max(THRESHOLD, display + noise) if isinstance(display, int) else display


def yes_cell(yes, total, noise):
    """A group row: the "yes" cell of a yes / not-yes split, as the release shows it."""
    return published(suppress([yes, total - yes])[0], noise)


def _worlds(max_before, joined, left):
    for total in range(max_before + 1):
        for yes in range(total + 1):
            for j in range(joined + 1):
                for gone in range(min(left, yes) + 1):
                    if left - gone > total - yes:
                        continue  # more leavers outside the cell than people there
                    yield total, yes, j, gone


def _pinned(observations):
    """Observations: {what the attacker sees: {(newcomers in cell, leavers in cell)}}."""
    found = []
    for seen, worlds in observations.items():
        _total, joined, left = seen[0], seen[1], seen[2]
        js = {j for j, _g in worlds}
        gs = {g for _j, g in worlds}
        if joined and (js == {joined} or js == {0}):
            found.append((seen, "newcomers", js))
        if left and (gs == {left} or gs == {0}):
            found.append((seen, "leavers", gs))
    return found


@pytest.mark.parametrize("joined,left", [(5, 0), (6, 0), (7, 0), (4, 1), (3, 2), (5, 2), (0, 5)])
def test_two_releases_never_give_the_newcomers_or_leavers_answers(joined, left):
    observations = defaultdict(set)
    for total, yes, j, gone in _worlds(14, joined, left):
        after_total, after_yes = total + joined - left, yes + j - gone
        for n1 in NOISES:
            before = yes_cell(yes, total, n1)
            for n2 in NOISES:
                after = guard(
                    before,
                    yes_cell(after_yes, after_total, n2),
                    totals=(total, after_total),
                    joined=joined,
                    left=left,
                    yes_row=True,
                )
                observations[(total, joined, left, before, after)].add((j, gone))
    assert _pinned(observations) == []


def test_without_the_guard_the_extreme_noise_would_give_everyone_away():
    """The guard is needed: 5 newcomers, all in the cell, noise −2 then +2."""
    observations = defaultdict(set)
    for total, yes, j, gone in _worlds(14, 5, 0):
        for n1 in NOISES:
            for n2 in NOISES:
                before = yes_cell(yes, total, n1)
                after = yes_cell(yes + j, total + 5, n2)
                observations[(total, 5, 0, before, after)].add((j, gone))
    assert _pinned(observations)


def test_without_perturbation_or_releases_one_approval_is_read_off_the_table():
    """The attack of issue 11 on live counts: 13 people, 6 in the group; one more approved."""
    assert suppress([6, 7]) != suppress([7, 7])  # 6 → 7: the newcomer is in the group


def test_a_withheld_cell_looks_the_same_whether_it_counts_0_or_4():
    for total in range(10, 40):  # smaller tables withhold their largest cell, small or not
        assert {yes_cell(y, total, n) for y in range(5) for n in NOISES} == {SMALL}


def test_the_same_people_always_publish_the_same_number():
    for key in range(0, 10**6, 7919):
        assert disclosure.perturb(12, key) == disclosure.perturb(12, key)
        assert abs(disclosure.perturb(12, key) - 12) <= disclosure.MAX_NOISE
    assert {disclosure.noise(k) for k in range(1000)} == set(NOISES)


def test_a_cell_that_would_pin_the_newcomers_keeps_its_previous_value():
    before = {"people": 20, "gender": [["a", 10], ["b", 10]]}
    after = {"people": 25, "gender": [["a", 19], ["b", 6]]}  # "a" 8…12 → 17…21: all 5 in it
    disclosure.guard_tables(before, after, ["gender"], "people", (5, 0), {"gender": "partition"})
    assert [row[1] for row in after["gender"]] == [10, 10]  # "b" 8…12 → 5…8: none in it


def test_releases_are_considered_once_a_quarter():
    from datetime import UTC, date, datetime

    march = datetime(2026, 3, 30, tzinfo=UTC)
    april = datetime(2026, 4, 2, tzinfo=UTC)
    assert disclosure.quarter_start(april) == date(2026, 4, 1)
    assert disclosure.release_due(last_period=None, last_checked=None, now=march)
    assert not disclosure.release_due(last_period=date(2026, 1, 1), last_checked=march, now=march)
    assert disclosure.release_due(last_period=date(2026, 1, 1), last_checked=march, now=april)
