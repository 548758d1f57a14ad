"""What concerns one GCM objective (§4, §6, §7): its mesa, agenda items, published inputs,
recommendations with their status and indicators; each list is paged on its own (?agenda=2…),
so the page costs the same number of queries however much there is."""

from __future__ import annotations

from mecanismo.core.pagination import Window

from .. import selectors_outputs as sel

OBJECTIVE_PAGE_SIZE = 10


def _window(request, param: str, queryset) -> Window:
    try:
        number = min(max(int(request.GET.get(param, "1")), 1), 10_000)
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * OBJECTIVE_PAGE_SIZE
    rows = list(queryset[offset : offset + OBJECTIVE_PAGE_SIZE + 1])
    return Window(
        items=rows[:OBJECTIVE_PAGE_SIZE],
        number=number,
        per_page=OBJECTIVE_PAGE_SIZE,
        has_next=len(rows) > OBJECTIVE_PAGE_SIZE,
    )


def _link(request, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return "?" + query.urlencode()


def objective_sections(request, objective) -> dict:
    """{section: (window, previous page link, next page link)} for the objective page."""
    sources = {
        "agenda": sel.objective_agenda_items(objective),
        "inputs": sel.objective_inputs(objective),
        "recommendations": sel.objective_recommendations(objective),
        "indicators": sel.objective_indicators(objective),
    }
    sections = {}
    for name, queryset in sources.items():
        window = _window(request, name, queryset)
        sections[name] = {
            "window": window,
            "previous": _link(request, name, window.number - 1) if window.has_previous else "",
            "next": _link(request, name, window.number + 1) if window.has_next else "",
        }
    return sections
