"""Small display filters for quiz pages: durations, points and percentages."""

from datetime import timedelta
from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    """12 min 5 s; 1 h 2 min."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


@register.filter
def clock(seconds: int | None) -> str:
    """Seconds as the countdown shows them: 9:05 or 1:02:03."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@register.filter
def points(value) -> str:
    """2.00 → 2, 1.50 → 1.5."""
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    return text


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


@register.filter
def signed(value: float | None) -> str:
    return "—" if value is None else f"{value:+.0f}"
