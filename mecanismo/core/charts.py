"""The one chart module of the portal: server-rendered SVG that needs no JavaScript, a line
chart (§7 indicator pages) and horizontal bars (§8 dashboards). Every SVG carries role="img", a
<title> and a <desc> (the line chart's caller gives a sentence generated from the data; the bar
chart writes its own with `describe`), draws with `currentColor` so it follows the text colour in
high-contrast modes, scales to its container through its viewBox (readable at 360 px) and uses no
inline style (CSP). Every number shown is also in the data table the page puts after the chart.
A bar whose value is withheld ("<5", hidden) gets no bar, only its label."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


@dataclass(frozen=True)
class Point:
    label: str
    value: float


def _num(value) -> str:
    if isinstance(value, Decimal):
        value = float(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def _ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    step = (hi - lo) / count if hi > lo else 1
    return [lo + step * i for i in range(count + 1)]


def line_chart(
    points: list[Point],
    *,
    title: str,
    description: str,
    chart_id: str,
    reference: tuple[str, float] | None = None,
) -> SafeString:
    """A line chart of `points` (in order), with an optional dashed reference line (a target),
    labelled in the legend as `reference[0]`."""
    values = [p.value for p in points] + ([reference[1]] if reference else [])
    lo = min([0.0, *values]) if values else 0.0
    hi = max(values) if values else 1.0
    hi = hi if hi > lo else lo + 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> str:
        return f"{LEFT + (plot_w * (i + 0.5) / max(len(points), 1)):.1f}"

    def y(v: float, shift: float = 0) -> str:
        return f"{TOP + plot_h - (v - lo) / (hi - lo) * plot_h + shift:.1f}"

    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" '
        'stroke-opacity="0.25"/>'
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="currentColor">{}</text>',
        ((LEFT, y(t), WIDTH - RIGHT, y(t), LEFT - 6, y(t, 4), _num(t)) for t in _ticks(lo, hi)),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="12" fill="currentColor">{}</text>',
        ((x(i), HEIGHT - BOTTOM + 18, p.label) for i, p in enumerate(points)),
    )
    path = " ".join(f"{x(i)},{y(p.value)}" for i, p in enumerate(points))
    line = (
        format_html(
            '<polyline points="{}" fill="none" stroke="currentColor" stroke-width="3"/>', path
        )
        if len(points) > 1
        else ""
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="5" fill="currentColor"/>'
        '<text x="{}" y="{}" text-anchor="middle" font-size="12" '
        'fill="currentColor">{}</text>',
        ((x(i), y(p.value), x(i), y(p.value, -10), _num(p.value)) for i, p in enumerate(points)),
    )
    ref = ""
    if reference:
        ref = format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="currentColor" '
            'stroke-width="2" stroke-dasharray="8 6"/>'
            '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="currentColor">'
            "{} {}</text>",
            LEFT,
            y(reference[1]),
            WIDTH - RIGHT,
            y(reference[1]),
            WIDTH - RIGHT,
            y(reference[1], -6),
            reference[0],
            _num(reference[1]),
        )
    return format_html(
        '<svg class="chart" width="100%" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-t {}-d" '
        'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        '<title id="{}-t">{}</title><desc id="{}-d">{}</desc>{}{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        grid,
        labels,
        ref,
        line,
        dots,
    )


def number(value) -> str:
    """A value as the chart prints it (no trailing zeros)."""
    return _num(value)


# --- bars ----------------------------------------------------------------------------------------

ROW = 26  # height of one bar row
BAR_WIDTH = 640
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
        text += " " + ngettext(
            "%(n)d value is withheld to protect small groups.",
            "%(n)d values are withheld to protect small groups.",
            withheld,
        ) % {"n": withheld}
    return text


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, unit: str = "") -> SafeString:
    """A horizontal bar chart, one bar per row (works for categories and for quarters alike)."""
    numbers = [b.value for b in bars if isinstance(b.value, int | float)]
    top = max(numbers, default=0) or 1
    span = BAR_WIDTH - LABEL - VALUE
    height = ROW * max(len(bars), 1) + 8
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {BAR_WIDTH} {height}" '
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
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped  # nosec B308 B703
