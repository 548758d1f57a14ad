"""Outbox keys of the linking table's e-mails: one helper per reason, so "exactly once per
person and reason" is spelt in one place (STYLE: keys)."""


def election_notice(election, user, stage: str) -> str:
    """stage: "nominations" (nominations open) or "voting" (voting opens)."""
    return f"election:{election.pk}:{stage}:user:{user.pk}"


def election_reminder(election, user) -> str:
    return f"election:{election.pk}:reminder48h:user:{user.pk}"


def ballot_tracker(election, user) -> str:
    return f"election:{election.pk}:tracker:user:{user.pk}"


def mandate_ending(mandate, user, days: int) -> str:
    return f"mandate:{mandate.pk}:ending:{days}d:user:{user.pk}"


def seat_offer(offer) -> str:
    return f"seat_offer:{offer.pk}:user:{offer.candidacy.user_id}"


def by_election_needed(mandate, user) -> str:
    return f"mandate:{mandate.pk}:by_election:user:{user.pk}"
