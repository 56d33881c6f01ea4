"""Small filters for the progress pages: shares as percentages, seconds as a duration."""

from django import template
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def percent(value) -> str:
    """0.873 → "87%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return f"{round(float(value) * 100)}%"


@register.filter
def duration(seconds) -> str:
    """Seconds as "45 s", "12 min" or "1 h 05 min"."""
    seconds = int(seconds or 0)
    if seconds < 60:
        return f"{seconds} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


@register.filter
def percent1(value) -> str:
    """0.8987 → "89.9%": for a single card, where 90% would hide that it is below a 90% goal."""
    if value is None or value == "":
        return "—"
    return f"{float(value) * 100:.1f}%"


@register.filter
def ago(moment) -> str:
    """ "9 hours ago": the largest unit only, which is all a table column needs."""
    if not moment:
        return ""
    return f"{timesince(moment, depth=1)} ago"


@register.filter
def pct(value) -> str:
    """A percent already on 0–100, as quizzes keep scores: 66.67 → "67%" (the quiz pages' rounding)."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.0f}%"
