"""Small filters for the progress pages: shares as percentages, seconds as a duration, moments as "ago"."""

from datetime import UTC, datetime, time, timedelta

from django import template
from django.utils.timesince import timesince

register = template.Library()

MINUTE, HOUR, DAY = 60, 3600, 86400


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
def ago(moment, now=None) -> str:
    """ "9 hours ago": the largest unit only, which is all a table column needs. Counted to `now` when
    given (a kept page is rendered for the moment its figures are taken), else to this moment."""
    if not moment:
        return ""
    return f"{timesince(moment, now, depth=1)} ago"


def ago_changes_at(moment: datetime, now: datetime) -> datetime:
    """The first moment after `now` at which `ago(moment)` may read differently (pages kept with it expire then).

    Under an hour the text counts minutes, so it may change at the age's next whole minute; under a day at
    its next whole hour; after that at its next whole day, or at midnight UTC if that comes first (Django
    counts months and years by the calendar, comparing dates).
    """
    age = (now - moment).total_seconds()
    step = MINUTE if age < HOUR else HOUR if age < DAY else DAY
    changes = moment + timedelta(seconds=(age // step + 1) * step)
    if step == DAY:
        midnight = datetime.combine(now.astimezone(UTC).date() + timedelta(days=1), time(), tzinfo=UTC)
        changes = min(changes, midnight)
    return changes


@register.filter
def pct(value) -> str:
    """A percent already on 0–100, as quizzes keep scores: 66.67 → "67%" (the quiz pages' rounding)."""
    if value is None or value == "":
        return "—"
    return f"{float(value):.0f}%"
