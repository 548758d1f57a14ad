"""Periods as people read them (issue 10): the stored codes "2026Q4" and "2026S2" (reminder
keys, body flags) are shown as "cuarto trimestre de 2026", "4th quarter of 2026", "quarto
trimestre de 2026", "4e trimestre 2026" — never the raw code."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

CODE = re.compile(r"^(\d{4})([QS])([1-4])$")


def period_name(code: str) -> str:
    """The period in the active language; anything that is not a period code is returned as is."""
    match = CODE.match(str(code or ""))
    if not match:
        return str(code or "")
    year, kind, n = match.group(1), match.group(2), int(match.group(3))
    if kind == "Q":
        names = {
            1: _("first quarter of %(year)s"),
            2: _("second quarter of %(year)s"),
            3: _("third quarter of %(year)s"),
            4: _("fourth quarter of %(year)s"),
        }
    else:
        names = {1: _("first half of %(year)s"), 2: _("second half of %(year)s")}
    name = names.get(n)
    return name % {"year": year} if name else str(code)
