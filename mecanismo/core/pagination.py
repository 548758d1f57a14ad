"""Pagination without COUNT(*): a page fetches one row more than it shows to know whether a next
page exists. The cost of a page then does not grow with the table (§10: constant work per page
at 100,000 members), and a page costs exactly one query."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Window:
    items: list
    number: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)


def page_number(request, max_page: int = 10_000) -> int:
    """A page number from ?page=, falling back to 1 for anything a person could type."""
    try:
        number = int(request.GET.get("page", "1"))
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), max_page)


def paginate(request, queryset, per_page: int = 20) -> Window:
    number = page_number(request)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return Window(
        items=rows[:per_page], number=number, per_page=per_page, has_next=len(rows) > per_page
    )
