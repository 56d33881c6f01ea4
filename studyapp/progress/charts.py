"""Series → accessible SVG markup for the progress pages (pure Python, no Django).

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` that
name it and sum it up; each bar or cell has its own ``<title>`` (a tooltip).
Colours come from CSS classes (static/css/progress.css), so dark mode and the
strict CSP (no style attributes) are handled there. All text is escaped here:
the result is safe to mark safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

__all__ = ["Bar", "bar_chart", "heatmap", "heat_level", "nice_max", "short_day"]

# strftime's %a and %b in the C locale the app runs in, looked up rather than formatted: a year's
# heatmap formats 371 tooltips, and strftime took more than half of its time.
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day(day: date) -> str:
    """ "Tue 10 Mar", as f"{day:%a} {day.day} {day:%b}" gives it."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class Bar:
    """One bar: an axis label (may be empty), a tooltip, and its stacked segment values."""

    label: str
    tooltip: str
    segments: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.segments)


def nice_max(value: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, … at least ``value`` (at least 1), for the y axis."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _open_svg(chart_id: str, width: int, height: int, title: str, description: str, css: str) -> list[str]:
    return [
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def bar_chart(
    bars: Sequence[Bar],
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[str] = ("bar",),
    width: int = 360,
    height: int = 170,
) -> str:
    """A (stacked) bar chart; ``series`` are the CSS classes of the segments, bottom first."""
    left, right, top, bottom = 28, 4, 8, 20
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = nice_max(max((bar.total for bar in bars), default=0))
    parts = _open_svg(chart_id, width, height, title, description, "bar-chart")
    parts.append('<g class="axis" aria-hidden="true">')
    for tick in (0, top_value / 2, top_value):
        y = top + plot_h - plot_h * tick / top_value
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{_fmt(y)}" y2="{_fmt(y)}"/>')
        if tick == int(tick):
            parts.append(f'<text x="{left - 4}" y="{_fmt(y + 3.5)}" text-anchor="end">{int(tick)}</text>')
    parts.append("</g>")
    slot = plot_w / max(len(bars), 1)
    bar_w = max(slot * 0.72, 1)
    for i, bar in enumerate(bars):
        x = left + i * slot + (slot - bar_w) / 2
        parts.append(f"<g><title>{escape(bar.tooltip)}</title>")
        y = top + plot_h
        for css, value in zip(series, bar.segments):
            if value <= 0:
                continue
            h = plot_h * value / top_value
            y -= h
            parts.append(f'<rect class="{css}" x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(bar_w)}" height="{_fmt(h)}"/>')
        if not bar.total:
            # An invisible hit area, so empty days still show their tooltip.
            parts.append(f'<rect class="hit" x="{_fmt(x)}" y="{top}" width="{_fmt(bar_w)}" height="{plot_h}"/>')
        parts.append("</g>")
        if bar.label:
            parts.append(
                f'<text class="x-label" x="{_fmt(x + bar_w / 2)}" y="{height - 5}" text-anchor="middle" '
                f'aria-hidden="true">{escape(bar.label)}</text>'
            )
    parts.append(f'<line class="baseline" x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}"/>')
    parts.append("</svg>")
    return "".join(parts)


def heat_level(count: int, busiest: int) -> int:
    """0 for no reviews, else 1–4 by quarters of the busiest day."""
    if count <= 0 or busiest <= 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // busiest)


def heatmap(
    counts: dict[date, int],
    first: date,
    last: date,
    *,
    chart_id: str,
    title: str,
    description: str,
    cell: int = 10,
    gap: int = 2,
) -> str:
    """A calendar heatmap: one column per week (Monday on top), one cell per day from first to last."""
    left, top = 26, 14
    first = first - timedelta(days=first.weekday())
    weeks = (last - first).days // 7 + 1
    pitch = cell + gap
    width, height = left + weeks * pitch, top + 7 * pitch
    busiest = max(counts.values(), default=0)
    parts = _open_svg(chart_id, width, height, title, description, "heatmap")
    parts.append('<g class="axis" aria-hidden="true">')
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        parts.append(f'<text x="{left - 4}" y="{top + row * pitch + cell - 1}" text-anchor="end">{name}</text>')
    day = first
    while day <= last:
        week = (day - first).days // 7
        if day.day <= 7 and day.weekday() == 0 and week < weeks - 2:
            parts.append(f'<text x="{left + week * pitch}" y="{top - 4}">{MONTHS[day.month - 1]}</text>')
        day += timedelta(days=7)
    parts.append("</g>")
    day = first
    while day <= last:
        week, row = (day - first).days // 7, day.weekday()
        count = counts.get(day, 0)
        tip = f"{short_day(day)} {day.year}: {count} review{'s' if count != 1 else ''}"
        parts.append(
            f'<rect class="hm-{heat_level(count, busiest)}" x="{left + week * pitch}" y="{top + row * pitch}" '
            f'width="{cell}" height="{cell}" rx="2"><title>{escape(tip)}</title></rect>'
        )
        day += timedelta(days=1)
    parts.append("</svg>")
    return "".join(parts)
