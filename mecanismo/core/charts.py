"""Server-rendered SVG charts that need no JavaScript (§7 indicator pages; reused by the
dashboards). The SVG carries role="img", a <title> and a <desc> (the caller gives a sentence
generated from the data), draws with `currentColor` so it follows the text colour in high-contrast
modes, scales to its container through its viewBox (readable at 360 px) and uses no inline
style (CSP). Every number shown is also in the data table the page puts after the chart."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
