"""Scheduling glue: learner days, scheduler settings and labels over py-fsrs.

The memory model and the interval maths belong to py-fsrs (``fsrs``); this
module only

* maps moments to the learner-local *study day* (a day starts at a
  configurable local hour, 04:00 by default, as in Anki),
* turns the learner's settings into an ``fsrs.Scheduler``,
* parses and formats (re)learning steps for a form field,
* formats intervals as short button labels ("10m", "3d", "2.5mo"),
* wraps ``Scheduler.review_card`` so that every datetime is checked to be
  timezone-aware and normalised to UTC.

Pure Python: no Django imports, so it can be tested without a database.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS

__all__ = [
    "DEFAULT_DAY_START_HOUR",
    "MAX_STEP",
    "MAX_STEPS",
    "SchedulerSettings",
    "build_scheduler",
    "day_bounds",
    "format_interval",
    "format_steps",
    "learner_day",
    "parse_steps",
    "preview_cards",
    "review",
    "to_utc",
    "unfuzzed",
]

DEFAULT_DAY_START_HOUR = 4


# --------------------------------------------------------------------------
# Time: UTC moments and learner-local study days
# --------------------------------------------------------------------------


def to_utc(moment: datetime, *, what: str = "datetime") -> datetime:
    """Return ``moment`` in ``datetime.timezone.utc``; ValueError if naive.

    py-fsrs insists on ``tzinfo == timezone.utc`` exactly (even
    ``ZoneInfo("UTC")`` is rejected), so every aware datetime is converted.
    """
    if moment.tzinfo is None or moment.tzinfo.utcoffset(moment) is None:
        raise ValueError(f"{what} must be timezone-aware (got naive {moment!r})")
    return moment.astimezone(UTC)


def _check_day_start_hour(day_start_hour: int) -> None:
    if not 0 <= day_start_hour <= 23:
        raise ValueError(f"day_start_hour must be 0..23 (got {day_start_hour})")


def learner_day(
    moment_utc: datetime,
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> date:
    """The learner-local study day ``moment_utc`` belongs to.

    A study day runs from ``day_start_hour`` local time to the same hour the
    next local day, so with the default of 4, 02:00 local still belongs to
    the previous day (a late session counts for the evening it started in).
    """
    _check_day_start_hour(day_start_hour)
    local = to_utc(moment_utc, what="moment_utc").astimezone(zone)
    # Shifting the *wall clock* back (aware arithmetic in Python is wall-clock
    # arithmetic) maps [start hour, next day's start hour) onto one date, even
    # on the 23- and 25-hour days around DST changes.
    return (local.replace(tzinfo=None) - timedelta(hours=day_start_hour)).date()


def _local_start(day: date, zone: ZoneInfo, day_start_hour: int) -> datetime:
    # fold=0: in a DST gap this resolves to the first instant after the gap,
    # in a repeated hour to its first occurrence; both agree with learner_day.
    return datetime.combine(day, time(day_start_hour), tzinfo=zone).astimezone(UTC)


def day_bounds(
    day: date,
    zone: ZoneInfo,
    day_start_hour: int = DEFAULT_DAY_START_HOUR,
) -> tuple[datetime, datetime]:
    """UTC ``[start, end)`` of a learner-local study day.

    Computed from local wall-clock times, so the span is 23 or 25 hours on
    DST-change days rather than a fixed 24.
    """
    _check_day_start_hour(day_start_hour)
    return (
        _local_start(day, zone, day_start_hour),
        _local_start(day + timedelta(days=1), zone, day_start_hour),
    )


# --------------------------------------------------------------------------
# Scheduler settings
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class SchedulerSettings:
    """A learner's scheduling settings; ``parameters=None`` means FSRS defaults."""

    desired_retention: float = 0.9
    learning_steps: tuple[timedelta, ...] = field(default=(timedelta(minutes=1), timedelta(minutes=10)))
    relearning_steps: tuple[timedelta, ...] = field(default=(timedelta(minutes=10),))
    maximum_interval: int = 36500  # days
    parameters: tuple[float, ...] | None = None
    enable_fuzzing: bool = True

    def __post_init__(self) -> None:
        if not 0.0 < self.desired_retention < 1.0:
            raise ValueError(f"desired_retention must be between 0 and 1 (got {self.desired_retention})")
        if self.maximum_interval < 1:
            raise ValueError(f"maximum_interval must be at least 1 day (got {self.maximum_interval})")
        # Accept lists (e.g. from JSON) but keep the dataclass hashable.
        object.__setattr__(self, "learning_steps", tuple(self.learning_steps))
        object.__setattr__(self, "relearning_steps", tuple(self.relearning_steps))
        if self.parameters is not None:
            object.__setattr__(self, "parameters", tuple(float(p) for p in self.parameters))


def build_scheduler(settings: SchedulerSettings | None = None) -> fsrs.Scheduler:
    """An ``fsrs.Scheduler`` for ``settings`` (py-fsrs validates the parameters)."""
    settings = settings or SchedulerSettings()
    return fsrs.Scheduler(
        parameters=settings.parameters or DEFAULT_PARAMETERS,
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=settings.enable_fuzzing,
    )


# --------------------------------------------------------------------------
# Steps: "1m 10m" <-> (timedelta(minutes=1), timedelta(minutes=10))
# --------------------------------------------------------------------------

_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_STEP_RE = re.compile(r"^(?P<number>\d+(?:\.\d+)?)(?P<unit>[a-z]*)$")
_STEPS_HELP = "use numbers with a unit s, m, h or d, separated by spaces, e.g. '1m 10m 1h'"
# Steps are the short intervals before FSRS takes over: longer ones are FSRS's
# to choose, and a bound keeps every due date far inside what a datetime holds.
MAX_STEP = timedelta(days=7)
MAX_STEPS = 10


def _parse_step(token: str) -> timedelta:
    match = _STEP_RE.match(token.lower())
    if match is None:
        raise ValueError(f"'{token}' is not a step: {_STEPS_HELP}")
    number, unit = float(match["number"]), match["unit"]
    if unit == "":
        raise ValueError(f"'{token}' needs a unit (s, m, h or d), e.g. '{token}m'")
    if unit not in _UNIT_SECONDS:
        raise ValueError(f"'{token}' has an unknown unit '{unit}': {_STEPS_HELP}")
    seconds = number * _UNIT_SECONDS[unit]
    if seconds < 1:
        raise ValueError(f"'{token}' is too short: a step must be at least 1s")
    if seconds > MAX_STEP.total_seconds():
        raise ValueError(f"'{token}' is too long: a step can be at most {_format_step(MAX_STEP)}")
    return timedelta(seconds=round(seconds))


def parse_steps(text: str) -> tuple[timedelta, ...]:
    """Parse "1m 10m 1h" (spaces or commas) into timedeltas; "" means no steps.

    ValueError says what is wrong: a token that is not a step, a step under 1s
    or over MAX_STEP, more than MAX_STEPS steps.
    """
    tokens = [t for t in re.split(r"[\s,]+", text.strip()) if t]
    if len(tokens) > MAX_STEPS:
        raise ValueError(f"Give at most {MAX_STEPS} steps (there are {len(tokens)}).")
    return tuple(_parse_step(token) for token in tokens)


def _format_step(step: timedelta) -> str:
    seconds = round(step.total_seconds())
    if seconds < 1:
        raise ValueError(f"a step must be at least 1s (got {step})")
    # The largest unit that divides the step exactly, so parsing gives it back.
    for unit in ("d", "h", "m"):
        if seconds % _UNIT_SECONDS[unit] == 0:
            return f"{seconds // _UNIT_SECONDS[unit]}{unit}"
    return f"{seconds}s"


def format_steps(steps: tuple[timedelta, ...] | list[timedelta]) -> str:
    """Inverse of :func:`parse_steps`: (1 min, 10 min) -> "1m 10m"."""
    return " ".join(_format_step(step) for step in steps)


# --------------------------------------------------------------------------
# Interval labels
# --------------------------------------------------------------------------

# Anki's own span units: a month is 30 days and a year 365 for these labels.
_MONTH_DAYS = 30
_YEAR_DAYS = 365


def _round_half_up(value: float, digits: int = 0) -> float:
    # round() rounds half to even (round(4.5) == 4); labels should not.
    scale = 10**digits
    return math.floor(value * scale + 0.5) / scale


def _one_decimal(value: float) -> str:
    text = f"{_round_half_up(value, 1):.1f}"
    return text[:-2] if text.endswith(".0") else text


def format_interval(delta: timedelta) -> str:
    """A short label like Anki's buttons: "<1m", "10m", "1.5h", "3d", "2.5mo", "1.2y".

    Minutes (whole) under an hour, hours (one decimal) under a day, days
    (whole) under 30 days, months of 30 days (one decimal) under 365 days,
    then years of 365 days (one decimal). Each unit is chosen *after*
    rounding, so 59.7 minutes reads "1h", not "60m".
    """
    seconds = delta.total_seconds()
    if seconds < 0:
        raise ValueError(f"interval must not be negative (got {delta})")
    if seconds < 60:
        return "<1m"
    minutes = _round_half_up(seconds / 60)
    if minutes < 60:
        return f"{int(minutes)}m"
    hours = _round_half_up(seconds / 3600, 1)
    if hours < 24:
        return f"{_one_decimal(hours)}h"
    days = _round_half_up(seconds / 86400)
    if days < _MONTH_DAYS:
        return f"{int(days)}d"
    if days < _YEAR_DAYS:
        return f"{_one_decimal(seconds / 86400 / _MONTH_DAYS)}mo"
    return f"{_one_decimal(seconds / 86400 / _YEAR_DAYS)}y"


# --------------------------------------------------------------------------
# Reviewing
# --------------------------------------------------------------------------


def unfuzzed(scheduler: fsrs.Scheduler) -> fsrs.Scheduler:
    """The same scheduler without fuzz (previews, and reviews whose day the load balancer picks)."""
    # Scheduler is a dataclass with init=False (dataclasses.replace fails), and
    # enable_fuzzing is read at review time only, so a shallow copy suffices.
    if not scheduler.enable_fuzzing:
        return scheduler
    plain = copy.copy(scheduler)
    plain.enable_fuzzing = False
    return plain


def preview_cards(scheduler: fsrs.Scheduler, card: fsrs.Card, now: datetime) -> dict[fsrs.Rating, fsrs.Card]:
    """The card each rating would leave ``card`` as, if answered at ``now``: what the grade buttons say.

    Previews use the scheduler *without fuzz*: py-fsrs draws fuzz from the
    global ``random`` on each call, so a fuzzed preview would change on every
    page load and would still not equal the interval the real review draws.
    The label therefore shows the model's interval; a fuzzed review may land
    a few days either side of it (only for intervals of 3 days or more).
    """
    plain = unfuzzed(scheduler)
    now = to_utc(now, what="now")
    return {rating: plain.review_card(card, rating, review_datetime=now)[0] for rating in fsrs.Rating}


def review(
    scheduler: fsrs.Scheduler,
    card: fsrs.Card,
    rating: fsrs.Rating | int,
    now: datetime,
    duration_ms: int | None = None,
) -> tuple[fsrs.Card, fsrs.ReviewLog]:
    """Grade ``card`` at ``now``: the new card state and its review log.

    ``card`` is not modified (py-fsrs copies it). ``now`` must be aware; it
    is converted to UTC, which py-fsrs requires.
    """
    rating = fsrs.Rating(rating)  # ValueError for anything but 1..4
    return scheduler.review_card(
        card,
        rating,
        review_datetime=to_utc(now, what="now"),
        review_duration=duration_ms,
    )
