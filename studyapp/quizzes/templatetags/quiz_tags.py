"""Small display filters for quiz pages: durations, points and percentages."""

from datetime import timedelta
from decimal import Decimal

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from studyapp.quizzes.models import Kind

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


@register.simple_tag
def option_inputs(response) -> str:
    """The attempt page's option inputs of one question, in the learner's order with their choices
    ticked (`Response.choices`): radio buttons, or checkboxes for "select all that apply". Written here
    rather than in a template loop, whose handful of lookups per option cost more than the rest of the
    question (a 16-question page has some 60 options). Only the option's text comes from a person, and
    it is escaped; the rest are ids and fixed words."""
    kind = "checkbox" if response.view.kind == Kind.MULTIPLE else "radio"
    attrs = f'type="{kind}" name="r-{response.pk:d}"'
    disabled = " disabled" if response.checked_at else ""
    return mark_safe(  # noqa: S308 - the text is escaped
        "".join(
            f'\n      <label class="q-option"><input {attrs} value="{option["pk"]:d}"'
            f"{' checked' if option['checked'] else ''}{disabled}> {escape(option['text'])}</label>\n    "
            for option in response.choices()
        )
    )
