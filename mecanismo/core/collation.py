"""Sorting names as a reader of the page's language expects (issue 10): "México" before
"Montserrat", not after it as code points would have it.

PyICU (the full Unicode Collation Algorithm) is not available here, so this is a small
locale-aware key: accents and case are ignored at the first level (é = e, Á = a), then used to
break ties, and Spanish sorts "ñ" as its own letter after "n" ("Nueva" < "Ñandú"). Good enough
for the names of the region's countries, territories, time zones and languages."""

from __future__ import annotations

import unicodedata

from django.utils.translation import get_language

# A letter Spanish alphabetises on its own, placed right after its base letter.
_OWN_LETTERS = {"es": {"ñ": "n\U0010ffff"}}


def _base(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def collation_key(text: str, lang: str | None = None) -> tuple[str, str]:
    lang = (lang or get_language() or "es")[:2]
    folded = str(text).casefold()
    for letter, replacement in _OWN_LETTERS.get(lang, {}).items():
        folded = folded.replace(letter, replacement)
    return (_base(folded), str(text))


def collated(items, *, key=str, lang: str | None = None) -> list:
    """`items` sorted by `key(item)` in the active language's order."""
    return sorted(items, key=lambda item: collation_key(key(item), lang))
