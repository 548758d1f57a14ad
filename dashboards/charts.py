"""Server-rendered SVG charts (§8): no JavaScript, readable at 360 px (the SVG scales to its
container through its viewBox) and in high-contrast modes (bars and text use `currentColor` via
classes in dashboards/static/dashboards/charts.css, so forced colours repaint them). Every chart
has role="img", a <title> and a <desc> generated from the data; the page puts its data table
right after it. A suppressed value ("<5", hidden) gets no bar, only its label.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

ROW = 26  # height of one bar row
WIDTH = 640
LABEL = 230  # width kept for the labels on the left
VALUE = 60  # width kept for the value on the right


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | str  # a number, or a suppressed display ("<5", "hidden")
    shown: str = ""  # how the value is written (defaults to the value itself)


def _text(value) -> str:
    return escape(str(value))


def describe(title: str, bars: list[Bar], unit: str = "") -> str:
    """A sentence a screen reader can use instead of the picture: largest, smallest, how many
    values are withheld."""
    numeric = [b for b in bars if isinstance(b.value, int | float)]
    withheld = len(bars) - len(numeric)
    if not numeric:
        return _("%(title)s: no value can be shown.") % {"title": title}
    high = max(numeric, key=lambda b: b.value)
    low = min(numeric, key=lambda b: b.value)
    text = _(
        "%(title)s: %(n)d values. Highest: %(high_label)s (%(high)s%(unit)s). "
        "Lowest: %(low_label)s (%(low)s%(unit)s)."
    ) % {
        "title": title,
        "n": len(bars),
        "high_label": high.label,
        "high": high.shown or high.value,
        "low_label": low.label,
        "low": low.shown or low.value,
        "unit": unit,
    }
    if withheld:
        text += " " + _("%(n)d values are withheld to protect small groups.") % {"n": withheld}
    return text


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, unit: str = "") -> SafeString:
    """A horizontal bar chart, one bar per row (works for categories and for quarters alike)."""
    numbers = [b.value for b in bars if isinstance(b.value, int | float)]
    top = max(numbers, default=0) or 1
    span = WIDTH - LABEL - VALUE
    height = ROW * max(len(bars), 1) + 8
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-t">{_text(title)}</title>',
        f'<desc id="{chart_id}-d">{_text(describe(title, bars, unit))}</desc>',
    ]
    for i, bar in enumerate(bars):
        y = 4 + i * ROW
        parts.append(
            f'<text class="chart-label" x="{LABEL - 8}" y="{y + 17}" text-anchor="end">'
            f"{_text(bar.label[:34])}</text>"
        )
        shown = bar.shown or bar.value
        if isinstance(bar.value, int | float):
            length = max(1.0, span * bar.value / top) if bar.value else 0
            parts.append(
                f'<rect class="chart-bar" x="{LABEL}" y="{y + 4}" width="{length:.1f}" '
                f'height="{ROW - 8}"></rect>'
            )
            x = LABEL + length + 6
        else:
            x = LABEL + 6
        parts.append(
            f'<text class="chart-value" x="{x:.1f}" y="{y + 17}">{_text(shown)}{_text(unit)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def for_tables(sections) -> dict[str, SafeString]:
    """{table key: chart} for every non-empty table of the sections that has a chart column."""
    out = {}
    for section in sections:
        for table in section.tables:
            if table.empty or table.chart_column is None or not table.rows:
                continue
            bars = []
            for row in table.rows:
                value = row[table.chart_column]
                shown = _("hidden") if value == "hidden" else ""
                bars.append(Bar(str(row[0]), value, shown))
            out[table.key] = bar_chart(f"chart-{table.key}", table.title, bars)
    return out
