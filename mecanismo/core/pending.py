"""What awaits a person (issue 10, "coming back to pending work"): the entries of the personal
home shown after login. Each app registers providers; a provider answers, for one user, a few
entries (each a sentence and a link) in a constant number of queries, whatever the number of
rows behind them (grouped counts, or a bounded list). New features (announcements, elections)
add a provider in their app's `pending.py` and their entries appear on the page; the page
renders `includes/pending.html`.

    from mecanismo.core.pending import PendingEntry, pending_provider

    @pending_provider
    def ballots_to_cast(user):
        ...
        return [PendingEntry(text=..., url=..., order=20)]
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

# At most this many single entries per provider (a list of meetings, of action items): the page
# stays short and its cost does not grow; the rest is one link away.
LIMIT = 10


@dataclass(frozen=True)
class PendingEntry:
    text: str  # a sentence in the active language (ngettext for counts)
    url: str
    when: datetime.datetime | datetime.date | None = None  # shown with |when when set
    order: int = 50  # lower first: what blocks the person, then decisions, then the rest

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime.datetime)


Provider = Callable[[object], Iterable[PendingEntry]]
_PROVIDERS: list[Provider] = []


def pending_provider(func: Provider) -> Provider:
    """Register a provider (import its module in the app's `ready()`)."""
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def pending_for(user) -> list[PendingEntry]:
    """Everything that awaits `user`, in a stable order."""
    if not getattr(user, "is_authenticated", False):
        return []
    entries: list[PendingEntry] = []
    for provider in _PROVIDERS:
        entries.extend(provider(user))
    return sorted(entries, key=lambda e: e.order)


@pending_provider
def name_missing(user) -> list[PendingEntry]:
    """A person without a name is shown by a placeholder to others: ask them to add it."""
    if user.full_name:
        return []
    return [
        PendingEntry(
            text=_("Add your name: others see it instead of your e-mail address."),
            url=reverse("core:settings"),
            order=10,
        )
    ]
