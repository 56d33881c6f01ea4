"""The results page's chart: each question's facility (x) against its discrimination (y), pure Python.

Drawn as the progress pages draw theirs: an ``<svg role="img">`` whose ``<title>`` and ``<desc>``
name it and give every point's numbers, a ``<title>`` (tooltip) on each point, and colours from
CSS classes (static/css/quizzes.css), so both colour schemes and the strict CSP (no style
attributes) hold. All text is escaped here: the result is safe to mark safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

# Where Moodle's documentation of the statistics report draws its lines: a facility of 20 or less is
# difficult (5 or less extremely so), above 80 easy (95 and up extremely so); a discrimination below
# 20 is weak or very weak, and below 0 the question probably has a flaw (a wrong key, a trick).
HARD_UP_TO = 20
EASY_FROM = 80
WEAK_BELOW = 20

WIDTH, HEIGHT = 360, 250
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 10, 36  # room for the axes' numbers and names
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM  # 304 × 204


@dataclass(frozen=True)
class ItemPoint:
    label: str  # "Q1"
    facility: float | None  # percent, 0..100
    discrimination: float | None  # -100..100


def x_for(facility: float) -> float:
    """Facility 0..100 across the plot."""
    return LEFT + PLOT_W * min(max(facility, 0.0), 100.0) / 100


def y_for(discrimination: float) -> float:
    """Discrimination 100 at the top, -100 at the bottom."""
    return TOP + PLOT_H * (100 - min(max(discrimination, -100.0), 100.0)) / 200


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def describe(point: ItemPoint) -> str:
    return f"{point.label}: facility {point.facility:.0f}%, discrimination {point.discrimination:+.0f}"


def item_chart(points: Sequence[ItemPoint], *, chart_id: str = "item-chart") -> str:
    """The scatter chart; questions without a discrimination are named in the description, not drawn."""
    placed = [p for p in points if p.facility is not None and p.discrimination is not None]
    left_out = [p.label for p in points if p.facility is None or p.discrimination is None]
    parts = _open(chart_id, _description(placed, left_out))
    parts += _regions()
    parts += _axes()
    for group in _same_place(placed):
        parts.append(_point(group))
    parts.append("</svg>")
    return "".join(parts)


def _description(placed: list[ItemPoint], left_out: list[str]) -> str:
    text = (
        "Each question's facility (how easy it was, 0 to 100%) across, against its discrimination "
        "(how well it separates stronger from weaker learners, −100 to 100) up. "
    )
    text += "; ".join(describe(p) for p in placed) + "." if placed else "No question can be placed yet."
    if left_out:
        text += f" Not placed, their discrimination is undefined: {', '.join(left_out)}."
    return text


def _open(chart_id: str, description: str) -> list[str]:
    return [
        f'<svg class="item-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">Facility against discrimination, by question</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _rect(css: str, x1: float, x2: float, y1: float, y2: float) -> str:
    return f'<rect class="{css}" x="{_fmt(x1)}" y="{_fmt(y1)}" width="{_fmt(x2 - x1)}" height="{_fmt(y2 - y1)}"/>'


def _regions() -> list[str]:
    """Shaded bands: too hard, too easy (left and right), weak discrimination (below 20)."""
    bottom, right = TOP + PLOT_H, LEFT + PLOT_W
    return [
        '<g class="zones" aria-hidden="true">',
        _rect("zone-weak", LEFT, right, y_for(WEAK_BELOW), bottom),
        _rect("zone-extreme", LEFT, x_for(HARD_UP_TO), TOP, bottom),
        _rect("zone-extreme", x_for(EASY_FROM), right, TOP, bottom),
        "</g>",
    ]


def _axes() -> list[str]:
    bottom, right = TOP + PLOT_H, LEFT + PLOT_W
    parts = ['<g class="axis" aria-hidden="true">']
    for facility in (0, 20, 50, 80, 100):
        x = _fmt(x_for(facility))
        parts.append(f'<line class="grid" x1="{x}" x2="{x}" y1="{TOP}" y2="{bottom}"/>')
        parts.append(f'<text x="{x}" y="{bottom + 12}" text-anchor="middle">{facility}</text>')
    for discrimination in (-100, -50, 0, 20, 50, 100):
        y = y_for(discrimination)
        css = "zero" if discrimination == 0 else ("threshold" if discrimination == WEAK_BELOW else "grid")
        parts.append(f'<line class="{css}" x1="{LEFT}" x2="{right}" y1="{_fmt(y)}" y2="{_fmt(y)}"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{_fmt(y + 3.5)}" text-anchor="end">{discrimination}</text>')
    parts.append(f'<text class="axis-name" x="{LEFT + PLOT_W / 2:g}" y="{HEIGHT - 4}" text-anchor="middle">')
    parts.append("Facility (%): harder ← → easier</text>")
    middle = TOP + PLOT_H / 2
    parts.append(
        f'<text class="axis-name" x="12" y="{middle:g}" text-anchor="middle" transform="rotate(-90 12 {middle:g})">'
        "Discrimination</text>"
    )
    parts.append("</g>")
    return parts


def _same_place(placed: list[ItemPoint]) -> list[list[ItemPoint]]:
    """Questions whose dots would sit on one another (the same figures, as rounded) share one dot and label."""
    groups: dict[tuple[str, str], list[ItemPoint]] = {}
    for point in placed:
        groups.setdefault((_fmt(x_for(point.facility)), _fmt(y_for(point.discrimination))), []).append(point)
    return list(groups.values())


def _point(group: list[ItemPoint]) -> str:
    first = group[0]
    x, y = x_for(first.facility), y_for(first.discrimination)
    label = ", ".join(point.label for point in group)
    # The label sits to the right of its dot, or to the left near the right edge.
    near_edge = x > LEFT + PLOT_W - 12 - 6 * len(label)
    label_x, anchor = (x - 6, "end") if near_edge else (x + 6, "start")
    css = "item-point flawed" if first.discrimination < 0 else "item-point"
    tooltip = "; ".join(describe(point) for point in group)
    return (
        f'<g class="{css}"><title>{escape(tooltip)}</title>'
        f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4"/>'
        f'<text x="{_fmt(label_x)}" y="{_fmt(y + 3.5)}" text-anchor="{anchor}">{escape(label)}</text></g>'
    )
