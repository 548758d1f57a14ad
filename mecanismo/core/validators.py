"""Validators shared by every form with user text or dates (issue 11, findings 3 and 8).

- Dates and periods a person can type or put in a URL are bounded to a sensible range
  (`EARLIEST`…`LATEST`): a meeting in year 9999 once overflowed past year 9999 in UTC and took
  the calendar, the feeds and the meeting's own pages down for everyone.
- Text refuses NUL bytes and the invisible control and bidirectional-override characters
  (U+202A…U+202E, U+2066…U+2069, U+200E/U+200F, U+061C) that flip how a name or a title reads in
  pages, e-mails and PDFs. Line breaks and tabs stay allowed in multi-line fields.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2100, 12, 31)

# C0/C1 controls except tab, line feed and carriage return; bidi embeddings, overrides, isolates
# and marks; the BOM / zero-width no-break space used to hide text.
FORBIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)


def validate_portal_date(value) -> None:
    """Dates and date-times between EARLIEST and LATEST (both included)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(
            _("Choose a date between %(start)s and %(end)s."),
            code="date_out_of_range",
            params={"start": EARLIEST.isoformat(), "end": LATEST.isoformat()},
        )


def validate_plain_text(value) -> None:
    """No NUL, control or bidirectional-override characters."""
    if isinstance(value, str) and FORBIDDEN_CHARACTERS.search(value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."),
            code="control_characters",
        )


def has_forbidden_characters(value: str) -> bool:
    return bool(FORBIDDEN_CHARACTERS.search(value))
