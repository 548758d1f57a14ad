"""Every write of the linking table (§5), one module per subject; callers use
`services.<name>` (STYLE: a package per domain). Each function is keyword-only, atomic, checks
who may act, audits (never a ballot's choices) and sends e-mail through the outbox."""

from .ballots import Receipt, ballot_cast, ballots_shuffle, ballots_vacuum, new_tracker
from .candidacies import (
    CANDIDACY_FIELDS,
    candidacy_stand,
    candidacy_withdraw,
    eligibility_problem,
    mandates_counting_against,
    term_number_for,
)
from .elections import (
    election_advance,
    election_create,
    election_step,
    election_tally,
    elections_sweep,
    nominations_close,
    nominations_open,
    reminders_send,
    results_publish,
    voting_close,
    voting_open,
)
from .mandates import (
    agency_designation_record,
    mandate_step_down,
    mandates_for_winners,
    mandates_sweep,
    offer_answer,
    other_seat_gender,
)
from .strategies import strategy_create, strategy_update

__all__ = [
    "CANDIDACY_FIELDS",
    "Receipt",
    "agency_designation_record",
    "ballot_cast",
    "ballots_shuffle",
    "ballots_vacuum",
    "candidacy_stand",
    "candidacy_withdraw",
    "election_advance",
    "election_create",
    "election_step",
    "election_tally",
    "elections_sweep",
    "eligibility_problem",
    "mandate_step_down",
    "mandates_counting_against",
    "mandates_for_winners",
    "mandates_sweep",
    "new_tracker",
    "nominations_close",
    "nominations_open",
    "offer_answer",
    "other_seat_gender",
    "reminders_send",
    "results_publish",
    "strategy_create",
    "strategy_update",
    "term_number_for",
    "voting_close",
    "voting_open",
]
