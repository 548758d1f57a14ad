"""Keys for "exactly once" (§6, §10): one function per reason, so a key cannot lose a segment.

A key is unique in the database (outbox messages, documents): the same key twice is one e-mail,
one PDF. Keys of e-mail to one person end with `:user:<id>`; keys that must repeat when something
changes carry what changed (the meeting's sequence, the minutes' version). Changing a key string
breaks deduplication against rows already written: add a new reason instead.

Arguments are model instances (or ids, for the people).
"""

from __future__ import annotations


def _id(obj) -> int:
    return getattr(obj, "pk", obj)


def _to(user) -> str:
    return f"user:{_id(user)}"


# --- accounts (allauth mail through the outbox) ------------------------------------------------


def account_mail(purpose: str, fingerprint: str) -> str:
    """An allauth message (verification, reset, …); the fingerprint tells two sends apart."""
    return f"allauth:{purpose}:{fingerprint}"


# --- membership --------------------------------------------------------------------------------


def contact_requested(contact, decider) -> str:
    return f"membership:contact:{_id(contact)}:requested:{_to(decider)}"


def contact_decided(contact) -> str:
    return f"membership:contact:{_id(contact)}:decided:{_to(contact.user_id)}"


def member_invited(contact) -> str:
    """The invitation of a person brought in by a member import (issue 14): once per contact."""
    return f"membership:contact:{_id(contact)}:invited:{_to(contact.user_id)}"


def member_invited_again(contact, day) -> str:
    """The invitation sent again by an admin or GT-SC staff: at most once per contact and day,
    so a double click or a retried request does not mail it twice."""
    return (
        f"membership:contact:{_id(contact)}:invited-again:{day.isoformat()}:{_to(contact.user_id)}"
    )


def mesa_request_received(membership, coordinator) -> str:
    return f"membership:request:{_id(membership)}:coordinator:{_to(coordinator)}"


def mesa_request_decided(membership, user) -> str:
    return f"membership:request:{_id(membership)}:decided:{_to(user)}"


# --- mesas: meetings, agenda, minutes ----------------------------------------------------------


def meeting_reminder(meeting, user, window: str) -> str:
    """The 7-day or 1-day reminder ("7d" / "1d"); a moved meeting reminds again (sequence)."""
    return f"mesas:meeting:{meeting.pk}:s{meeting.sequence}:{window}:{_to(user)}"


def meeting_moved(meeting, user) -> str:
    return f"mesas:meeting:{meeting.pk}:moved:{meeting.sequence}:{_to(user)}"


def meeting_cancelled(meeting, user) -> str:
    return f"mesas:meeting:{meeting.pk}:cancelled:{_to(user)}"


def meeting_invitation(meeting, user) -> str:
    """Once per person and meeting: being re-added after a removal does not invite twice."""
    return f"mesas:meeting:{_id(meeting)}:invited:{_to(user)}"


def proposal_submitted(proposal, user) -> str:
    """A member's agenda proposal, told to each coordinator of the body."""
    return f"mesas:proposal:{_id(proposal)}:submitted:{_to(user)}"


def action_item_assigned(item, user) -> str:
    """The owner of a new action item is told once."""
    return f"mesas:action:{_id(item)}:assigned:{_to(user)}"


def proposal_decided(proposal, user) -> str:
    return f"mesas:proposal:{_id(proposal)}:decided:{_to(user)}"


def minutes_circulated(minutes, user) -> str:
    return f"mesas:minutes:{_id(minutes)}:circulated:{_to(user)}"


def action_item_due(item, user) -> str:
    return f"mesas:action:{_id(item)}:due:{_to(user)}"


def quarter_reminder(body, period_label: str, user) -> str:
    """Once per body, period (e.g. 2026Q3) and coordinator."""
    return f"mesas:quarter:{_id(body)}:{period_label}:{_to(user)}"


# --- documents ---------------------------------------------------------------------------------


def minutes_pdf(version) -> str:
    """The PDF of one approved version of the minutes (a correction is a new version)."""
    return f"minutes:{version.minutes_id}:v{version.number}"
