"""The tally (§5) as a pure function: seat 1 the most voted, seat 2 the most voted of another
gender, ties drawn from a seed anyone can recompute; the stand-alone verifier agrees."""

import json
import random
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from vinculacion import tally as t

GENDERS = ["woman", "man", "non_binary"]
SCRIPT = Path(t.__file__)


def _ballots(rows):
    return [{"fingerprint": t.fingerprint(f"T{i}"), "choices": c} for i, c in enumerate(rows)]


@st.composite
def elections(draw):
    n = draw(st.integers(min_value=0, max_value=6))
    candidates = [{"id": 10 + i, "gender": draw(st.sampled_from(GENDERS))} for i in range(n)]
    ids = [c["id"] for c in candidates]
    choice = st.lists(st.sampled_from(ids), max_size=2, unique=True) if ids else st.just([])
    rows = draw(st.lists(choice, max_size=40))
    electorate = len(rows) + draw(st.integers(min_value=0, max_value=10))
    return candidates, _ballots(rows), electorate


def _count(candidates, ballots, electorate, **kw):
    return t.tally(
        election_id=7, candidates=candidates, ballots=ballots, electorate_size=electorate, **kw
    )


def test_seat_one_is_the_most_voted_and_seat_two_the_most_voted_of_another_gender():
    candidates = [
        {"id": 1, "gender": "woman"},
        {"id": 2, "gender": "woman"},
        {"id": 3, "gender": "man"},
    ]
    ballots = _ballots([[1, 2], [1, 2], [1, 3], [2], []])
    result = _count(candidates, ballots, 8)
    assert result["ranking"] == [1, 2, 3]
    assert result["elected"] == [1, 3]
    assert result["parity_met"] is True
    assert (result["ballots_cast"], result["blank_ballots"], result["turnout_percent"]) == (
        5,
        1,
        "62.50",
    )


def test_parity_not_met_when_every_candidate_has_the_same_gender():
    candidates = [{"id": 1, "gender": "man"}, {"id": 2, "gender": "man"}]
    result = _count(candidates, _ballots([[2], [1, 2]]), 2)
    assert result["elected"] == [2, 1]
    assert result["parity_met"] is False


def test_a_by_election_keeps_parity_with_the_other_seat():
    candidates = [{"id": 1, "gender": "woman"}, {"id": 2, "gender": "man"}]
    result = _count(candidates, _ballots([[1], [1], [2]]), 3, seats=1, other_seat_gender="woman")
    assert result["elected"] == [2]
    assert result["parity_met"] is True


def test_ties_are_drawn_from_the_seed_of_the_published_ballots():
    candidates = [
        {"id": 1, "gender": "woman"},
        {"id": 2, "gender": "man"},
        {"id": 3, "gender": "man"},
    ]
    ballots = _ballots([[1, 2], [1, 3]])
    result = _count(candidates, ballots, 2)
    assert result["ties_broken_by_draw"] is True
    expected = sorted([2, 3], key=lambda cid: t.draw_key(result["seed"], cid))
    assert result["ranking"] == [1, *expected]
    assert result["seed"] == t.seed_for(7, list(reversed(ballots)))


def test_invalid_ballots_cannot_be_counted():
    candidates = [
        {"id": 1, "gender": "woman"},
        {"id": 2, "gender": "man"},
        {"id": 3, "gender": "man"},
    ]
    for bad in ([1, 2, 3], [1, 1], [99]):
        try:
            _count(candidates, _ballots([bad]), 1)
        except ValueError:
            continue
        raise AssertionError(f"{bad} was counted")


@settings(max_examples=300, deadline=None)
@given(elections())
def test_seat_two_differs_in_gender_whenever_a_voted_candidate_of_another_gender_exists(data):
    candidates, ballots, electorate = data
    result = _count(candidates, ballots, electorate)
    gender = {c["id"]: c["gender"] for c in candidates}
    voted = {c for b in ballots for c in b["choices"]}
    if not result["elected"]:
        assert not candidates
        return
    first = result["elected"][0]
    if any(gender[c] != gender[first] for c in voted):
        assert len(result["elected"]) == 2
        assert gender[result["elected"][1]] != gender[first]
        assert result["parity_met"]
    votes = {v["candidate"]: v["votes"] for v in result["votes"]}
    assert votes[first] == max(votes.values())


@settings(max_examples=200, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_ballots(data, rnd):
    candidates, ballots, electorate = data
    shuffled = ballots[:]
    rnd.shuffle(shuffled)
    assert _count(candidates, ballots, electorate) == _count(candidates[::-1], shuffled, electorate)


def published(candidates, ballots, electorate, result):
    results = {
        "election": {"id": 7, "electorate_size": electorate, "seats_to_fill": 2},
        "candidates": [{**c, "name": f"C{c['id']}"} for c in candidates],
        "result": result,
    }
    return results, {"election": 7, "ballots": ballots}


@settings(max_examples=200, deadline=None)
@given(elections())
def test_the_verifier_agrees_with_the_tally(data):
    candidates, ballots, electorate = data
    results, ballot_list = published(candidates, ballots, electorate, _count(*data))
    assert t.verify(results, ballot_list) == []


def test_the_verifier_catches_a_changed_ballot_and_a_changed_result():
    candidates = [{"id": 1, "gender": "woman"}, {"id": 2, "gender": "man"}]
    ballots = _ballots([[1], [1], [2]])
    results, ballot_list = published(candidates, ballots, 3, _count(candidates, ballots, 3))
    tampered = json.loads(json.dumps(ballot_list))
    tampered["ballots"][0]["choices"] = [2]
    assert t.verify(results, tampered)
    results["result"]["elected"] = [2, 1]
    assert any("elected" in p for p in t.verify(results, ballot_list))


def test_the_verifier_runs_alone_with_the_standard_library(tmp_path):
    """Copied out of the repository and run by a bare interpreter (no Django on the path)."""
    candidates = [{"id": 1, "gender": "woman"}, {"id": 2, "gender": "man"}]
    ballots = _ballots([[1, 2], [1]])
    results, ballot_list = published(candidates, ballots, 4, _count(candidates, ballots, 4))
    (tmp_path / "r.json").write_text(json.dumps(results))
    (tmp_path / "b.json").write_text(json.dumps(ballot_list))
    copy = tmp_path / "verify.py"
    copy.write_text(SCRIPT.read_text())
    run = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            str(copy),
            "--results",
            "r.json",
            "--ballots",
            "b.json",
            "--tracker",
            "t0",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "OK: 2 ballots" in run.stdout and "Your ballot is in the list: C1, C2" in run.stdout
    ballot_list["ballots"].pop()
    (tmp_path / "b.json").write_text(json.dumps(ballot_list))
    run = subprocess.run(
        [sys.executable, "-I", "-S", str(copy), "--results", "r.json", "--ballots", "b.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1 and "MISMATCH" in run.stdout


def test_draw_is_reproducible_across_runs():
    rnd = random.Random(3)
    candidates = [{"id": i, "gender": rnd.choice(GENDERS)} for i in range(1, 6)]
    ballots = _ballots([[]] * 3)
    assert _count(candidates, ballots, 3) == _count(candidates, ballots, 3)
