#!/usr/bin/env python3
"""The tally of a mesa's election (§5) and a stand-alone verifier of published results.

Standard library only, no database, no Django: the portal counts with `tally()`, `manage.py
verify_tally` recomputes with it from the stored ballots, and anyone can download this one file
and check a published election against the portal's open data:

    python3 tally.py --url https://portal.example.org/api/v1/elections/7/
    python3 tally.py --results results.json --ballots ballots.json --tracker K7QF-2M9X-…

It exits 0 when the published result is exactly what the published ballots give, 1 otherwise.

The rules (README, "Elections of the linking table"):

* Votes: each ballot approves up to two different candidates (none = blank, counted in turnout).
* Seed: SHA-256 of "mecanismo-election:<id>\\n" followed by the published ballots, each written
  "<fingerprint>:<sorted candidate ids, comma separated>\\n", sorted as text. Anyone holding the
  ballot list computes it; nobody can choose it without changing a ballot.
* Ranking: by votes, most first; candidates with equal votes are ordered by the draw key
  SHA-256("<seed>:<candidate id>") as hexadecimal text, smallest first.
* Seat 1: the first of the ranking. Seat 2: the first candidate after it whose gender (as
  declared on the candidacy for parity) differs from seat 1's; if there is none, the next in the
  ranking, and the result says "parity not met".
* A by-election fills one seat: the first candidate whose gender differs from the holder of the
  other seat of the mesa (`other_seat_gender`); if none, the first of the ranking, parity not met.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import urllib.request

ALGORITHM = "mecanismo-tally-1"
MAX_CHOICES = 2


def fingerprint(tracker: str) -> str:
    """The public fingerprint of a ballot tracker (what the ballot list shows)."""
    normalised = "".join(ch for ch in tracker.upper() if ch.isalnum())
    return hashlib.sha256(f"mecanismo-tracker:{normalised}".encode()).hexdigest()


def _ballot_line(ballot: dict) -> str:
    choices = ",".join(str(c) for c in sorted(int(c) for c in ballot["choices"]))
    return f"{ballot['fingerprint']}:{choices}\n"


def seed_for(election_id: int, ballots: list[dict]) -> str:
    digest = hashlib.sha256(f"mecanismo-election:{int(election_id)}\n".encode())
    for line in sorted(_ballot_line(b) for b in ballots):
        digest.update(line.encode())
    return digest.hexdigest()


def draw_key(seed: str, candidate_id: int) -> str:
    return hashlib.sha256(f"{seed}:{int(candidate_id)}".encode()).hexdigest()


def check_ballot(choices, candidate_ids: set[int]) -> list[int]:
    """The ballot's choices as sorted ids, or ValueError if it is not a valid ballot."""
    ids = [int(c) for c in choices]
    if len(ids) > MAX_CHOICES:
        raise ValueError(f"a ballot approves at most {MAX_CHOICES} candidates")
    if len(set(ids)) != len(ids):
        raise ValueError("a ballot approves a candidate at most once")
    unknown = set(ids) - candidate_ids
    if unknown:
        raise ValueError(f"unknown candidates on a ballot: {sorted(unknown)}")
    return sorted(ids)


def tally(
    *,
    election_id: int,
    candidates: list[dict],
    ballots: list[dict],
    electorate_size: int,
    seats: int = 2,
    other_seat_gender: str | None = None,
) -> dict:
    """Count an election. `candidates`: [{"id", "gender"}]; `ballots`: [{"fingerprint",
    "choices"}]. Pure: the same input (in any order) gives the same output."""
    genders = {int(c["id"]): c["gender"] for c in candidates}
    votes = dict.fromkeys(genders, 0)
    blank = 0
    for ballot in ballots:
        chosen = check_ballot(ballot["choices"], set(genders))
        blank += not chosen
        for cid in chosen:
            votes[cid] += 1
    seed = seed_for(election_id, ballots)
    ranking = sorted(genders, key=lambda cid: (-votes[cid], draw_key(seed, cid)))
    counts = [votes[cid] for cid in ranking]
    ties = len(set(counts)) < len(counts)

    def first_other(gender, after):
        return next((cid for cid in ranking if cid not in after and genders[cid] != gender), None)

    filled: list[int] = []
    parity_met = True
    if seats == 1:
        if ranking:
            pick = first_other(other_seat_gender, set()) if other_seat_gender else None
            if pick is None:
                pick = ranking[0]
                parity_met = other_seat_gender is None
            filled = [pick]
    elif ranking:
        filled = [ranking[0]]
        second = first_other(genders[ranking[0]], set(filled))
        if second is None:
            parity_met = False
            second = ranking[1] if len(ranking) > 1 else None
        if second is not None:
            filled.append(second)
    else:
        parity_met = False
    cast = len(ballots)
    turnout = f"{100 * cast / electorate_size:.2f}" if electorate_size else "0.00"
    return {
        "algorithm": ALGORITHM,
        "election": int(election_id),
        "seats_to_fill": seats,
        "electorate_size": electorate_size,
        "ballots_cast": cast,
        "blank_ballots": blank,
        "turnout_percent": turnout,
        "votes": [{"candidate": cid, "votes": votes[cid]} for cid in ranking],
        "ranking": ranking,
        "elected": filled,
        "parity_met": parity_met,
        "seed": seed,
        "ties_broken_by_draw": ties,
    }


def tally_from_published(results: dict, ballots: dict) -> dict:
    """Recompute from the two published documents (/results/ and /ballots/ of the API)."""
    election = results["election"]
    return tally(
        election_id=election["id"],
        candidates=[{"id": c["id"], "gender": c["gender"]} for c in results["candidates"]],
        ballots=ballots["ballots"],
        electorate_size=election["electorate_size"],
        seats=election["seats_to_fill"],
        other_seat_gender=election.get("other_seat_gender"),
    )


def verify(results: dict, ballots: dict) -> list[str]:
    """Differences between the published result and a recount of the published ballots."""
    if ballots["election"] != results["election"]["id"]:
        return ["the ballot list belongs to another election"]
    try:
        recount = tally_from_published(results, ballots)
    except (KeyError, TypeError, ValueError) as exc:
        return [f"the published data cannot be counted: {exc}"]
    published = results.get("result") or {}
    problems = [
        f"{key}: published {published.get(key)!r}, recount {value!r}"
        for key, value in recount.items()
        if published.get(key) != value
    ]
    fingerprints = [b["fingerprint"] for b in ballots["ballots"]]
    if len(set(fingerprints)) != len(fingerprints):
        problems.append("the ballot list repeats a fingerprint")
    return problems


def find_tracker(ballots: dict, tracker: str) -> dict | None:
    wanted = fingerprint(tracker)
    return next((b for b in ballots["ballots"] if b["fingerprint"] == wanted), None)


def _fetch(url: str) -> dict:
    if not url.startswith(("https://", "http://")):
        raise SystemExit(f"not an http(s) address: {url}")
    # a web address the user typed (checked above: no file: or custom schemes)
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  # nosec B310
        return json.load(response)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify a published election of the Mechanism.")
    parser.add_argument("--url", help="the election's API address, …/api/v1/elections/<id>/")
    parser.add_argument("--results", help="a saved copy of …/results/")
    parser.add_argument("--ballots", help="a saved copy of …/ballots/")
    parser.add_argument("--tracker", help="your ballot tracker, to find your ballot")
    args = parser.parse_args(argv)
    if args.url:
        base = args.url.rstrip("/") + "/"
        results, ballots = _fetch(base + "results/"), _fetch(base + "ballots/")
    elif args.results and args.ballots:
        with open(args.results, encoding="utf-8") as fh:
            results = json.load(fh)
        with open(args.ballots, encoding="utf-8") as fh:
            ballots = json.load(fh)
    else:
        parser.error("give --url, or both --results and --ballots")
    problems = verify(results, ballots)
    names = {c["id"]: c.get("name", str(c["id"])) for c in results.get("candidates", [])}
    if args.tracker:
        found = find_tracker(ballots, args.tracker)
        if found is None:
            print("Your tracker is NOT in the ballot list.")
            problems.append("tracker not found")
        else:
            chosen = ", ".join(names.get(c, str(c)) for c in found["choices"]) or "(blank)"
            print(f"Your ballot is in the list: {chosen}")
    if problems:
        print("MISMATCH:")
        for problem in problems:
            print(f"  - {problem}")
        return 1
    result = results["result"]
    elected = ", ".join(names.get(c, str(c)) for c in result["elected"])
    parity = "parity met" if result["parity_met"] else "parity NOT met"
    print(f"OK: {result['ballots_cast']} ballots recounted; elected: {elected} ({parity}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
