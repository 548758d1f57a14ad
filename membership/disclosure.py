"""Statistical disclosure control of every published count of people or members (§8, §9).

Pure arithmetic: nothing here reads the database (membership/aggregates.py counts, and is the only
reader of self-declared answers). Three layers, each closing a door the others leave open; the
README ("Disclosure control") gives the reasoning.

1. Small cells and secondary suppression (`suppress`, `suppress_nested`): a cell under 5 shows
   "<5" (zeros too), and then the largest cell is hidden, so no small cell comes back by
   subtraction from the known total; a table about fewer than 5 is withheld.
2. Cell-key perturbation (`perturb`): every person and member has a fixed random key
   (DisclosureKey). A shown cell is published as true count + noise, the noise (−2…+2, zero on
   average) derived from the sum of its contributors' keys. Same contributors → same published
   number, so asking again, or under another filter that counts the same people, tells nothing
   new; two tables whose difference is one person differ by noise, not by that person.
3. Fixed releases (`release_due`): pages show a stored release, never live counts. A new release
   is made only from the first day of a quarter, and only if at least MIN_CHANGES people or
   members joined, left or changed their answers since the previous one. Reading the page before
   and after one approval (or a departure, an account deletion, a contact person approved) shows
   the very same release. When a release does change, `guard` hides any cell whose change could
   only be explained by all the newcomers (or all the leavers) being in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "hidden"
MIN_CHANGES = 5  # people or members that must change between two releases of a table
MAX_NOISE = 2

# The perturbation for a cell key (16 equally likely entries): zero on average, symmetric, at most
# MAX_NOISE either way. Public by design: security rests on the keys being secret.
_NOISE = (0, 0, 0, 0, 1, 1, 1, -1, -1, -1, 2, 2, -2, -2, 0, 0)

Display = int | str  # a shown count, SMALL or HIDDEN


def suppress(counts: Sequence[int], *, force: bool = False) -> list[Display]:
    """A breakdown of a known total into cells: T < 5 → all hidden; no cell under 5 → all shown;
    otherwise every cell under 5 (zeros included) is "<5" and the largest (first on ties) hidden.
    Hiding the largest, not the next smallest, leaves every "<5" free to be any of 0–4: its
    people could as well sit in the hidden cell. `force` (a group whose total is hidden, see
    `suppress_nested`) hides the largest even when nothing is small, and never withholds the
    whole group: that would tell whether the hidden total is under 5."""
    counts = list(counts)
    if not counts:
        return []
    if not force and sum(counts) < THRESHOLD:
        return [HIDDEN] * len(counts)
    if not force and min(counts) >= THRESHOLD:
        return counts
    largest = max(range(len(counts)), key=lambda i: (counts[i], -i))
    return [
        HIDDEN if i == largest else (SMALL if value < THRESHOLD else value)
        for i, value in enumerate(counts)
    ]


def suppress_nested(groups: Sequence[Sequence[int]]) -> tuple[list[Display], list[list[Display]]]:
    """Group totals and the cells inside each group (actor types inside "migrant-led or not"),
    suppressed so that neither level gives the other away: a group shown as "<5" shows nothing
    inside; inside the group whose total is hidden the largest cell is hidden as well."""
    sums = [sum(group) for group in groups]
    totals = suppress(sums)
    cells = []
    for group, total in zip(groups, totals, strict=True):
        if len(group) == 1:
            cells.append([total])
        elif sum(sums) < THRESHOLD or total == SMALL:
            cells.append([HIDDEN] * len(group))
        else:
            cells.append(suppress(group, force=total == HIDDEN))
    return totals, cells


def noise(cell_key: int) -> int:
    """The perturbation of a cell whose contributors' keys sum to `cell_key` (hashed, so that
    neighbouring sums give unrelated noise)."""
    digest = hashlib.blake2b(str(cell_key).encode(), digest_size=2).digest()
    return _NOISE[digest[0] % len(_NOISE)]


def perturb(display: Display, cell_key: int) -> Display:
    """A shown count (never under THRESHOLD) published with its noise, never below THRESHOLD:
    a published 5 means 5–7, any other v means v−2…v+2."""
    if not isinstance(display, int):
        return display
    return max(THRESHOLD, display + noise(cell_key))


def candidates(display: Display, total: int, *, yes_row: bool = False, others=None) -> range:
    """The true counts a reader who knows every rule here can infer from one published cell.

    `yes_row`: the cell is the "yes" half of a yes / not-yes split of `total` (a group row),
    which makes the answer exact. `others`: the other cells of a partition, used to bound a
    hidden cell by the total minus them. Otherwise a hidden cell may be anything."""
    if total < THRESHOLD:
        return range(0, total + 1)
    if display == SMALL:
        top = THRESHOLD - 1
        if yes_row:
            top = min(top, (total - 1) // 2)  # "<5" and not the larger half
        return range(0, top + 1)
    if display == HIDDEN:
        if yes_row:
            return range(max(total - THRESHOLD + 1, (total + 1) // 2), total + 1)
        if others is not None and HIDDEN not in others:
            spans = [candidates(o, total) for o in others]
            low = total - sum(r[-1] for r in spans)
            high = total - sum(r[0] for r in spans)
            return range(max(0, low), min(total, high) + 1)
        return range(0, total + 1)
    low = max(THRESHOLD, display - MAX_NOISE)
    high = display + MAX_NOISE
    if yes_row:
        high = min(high, total - THRESHOLD)  # a shown "yes" leaves at least 5 outside
    return range(low, min(high, total) + 1)


def pins(
    before: range, after: range, *, totals: tuple[int, int], joined: int, left: int
) -> bool | None:
    """Would two published cells tell a reader who knows who came and went (joined, left) that
    all the newcomers are in the cell, or none of them, or the same of the leavers?

    For a count y before and y' after, the newcomers in the cell j and the leavers from it l
    satisfy j − l = y' − y, 0 ≤ j ≤ joined, max(0, left − (total − y)) ≤ l ≤ min(left, y).
    None when no such pair exists (the two cells could not both have been published)."""
    if len(before) * len(after) > 4000:
        return False  # a cell this uncertain cannot pin anyone
    j_low = l_low_seen = None
    j_high = l_high_seen = -1
    for y1 in before:
        l_low, l_high = max(0, left - (totals[0] - y1)), min(left, y1)
        for y2 in after:
            d = y2 - y1
            low, high = max(l_low, -d), min(l_high, joined - d)
            if low > high:
                continue
            j_low = d + low if j_low is None else min(j_low, d + low)
            j_high = max(j_high, d + high)
            l_low_seen = low if l_low_seen is None else min(l_low_seen, low)
            l_high_seen = max(l_high_seen, high)
    if j_low is None:
        return None
    newcomers = joined and (j_low == joined or j_high == 0)
    leavers = left and (l_low_seen == left or l_high_seen == 0)
    return bool(newcomers or leavers)


def guard(
    before: Display | None,
    after: Display,
    *,
    totals: tuple[int, int],
    joined: int,
    left: int,
    yes_row: bool = False,
    others_before=None,
    others_after=None,
) -> Display:
    """What a new release publishes for a cell that had `before` in the previous one.

    Between releases `joined` people entered the counted population and `left` left it (a change
    of answers counts as both). If the two published values together would tell that every
    newcomer (or leaver) is in the cell, or that none is (`pins`), the cell is published as the
    first of "hidden", "<5" or its previous value that the new total allows and that pins nobody:
    a reader cannot tell such a cell from one that shows the same by the ordinary rules.
    """
    if before is None or before == after:
        return after
    span_before = candidates(before, totals[0], yes_row=yes_row, others=others_before)

    def verdict(display):
        span = candidates(display, totals[1], yes_row=yes_row, others=others_after)
        if not span:
            return None
        return pins(span_before, span, totals=totals, joined=joined, left=left)

    if not verdict(after):
        return after
    for instead in (HIDDEN, SMALL, before):
        if instead != after and verdict(instead) is False:
            return instead
    return HIDDEN


def quarter_start(moment: date | datetime) -> date:
    day = moment.date() if isinstance(moment, datetime) else moment
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def release_due(*, last_period: date | None, last_checked: datetime | None, now: datetime) -> bool:
    """A new release may be considered once per quarter: none yet, or not checked since the
    quarter began."""
    if last_period is None:
        return True
    return last_checked is None or last_checked.date() < quarter_start(now)


def changes(before: set[int], after: set[int], edited: set[int] = frozenset()) -> tuple[int, int]:
    """(joined, left) between two counted populations; an edited answer counts as both."""
    edited = set(edited) & before & after
    return len(after - before) + len(edited), len(before - after) + len(edited)


def guard_tables(before: dict, after: dict, tables, total_key: str, moves, kinds) -> None:
    """`guard` on every cell of `tables` of a new release (payloads: {table: [[code, display,
    …], …]}, in place). `kinds`: {table: "partition" | "yes"}; other tables are nested groups."""
    totals = (before[total_key], after[total_key])
    for name in tables:
        kind = kinds.get(name)
        previous = {row[0]: row[1] for row in before.get(name, [])}
        rows = after[name]
        original = [row[1] for row in rows]
        for i, row in enumerate(rows):
            others_before = others_after = None
            if kind == "partition":
                others_after = original[:i] + original[i + 1 :]
                others_before = [previous.get(r[0]) for j, r in enumerate(rows) if j != i]
                if None in others_before:
                    others_before = None
            row[1] = guard(
                previous.get(row[0]),
                row[1],
                totals=totals,
                joined=moves[0],
                left=moves[1],
                yes_row=kind == "yes",
                others_before=others_before,
                others_after=others_after,
            )
