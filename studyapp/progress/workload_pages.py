"""The settings page's workload figures: minutes a day ahead, and what each desired retention costs and keeps.

The simulation is study.workload's; this module feeds it a learner's cards, habits and exam from the
database, in a fixed number of queries, and draws the charts (numbers as text beside them).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.utils.safestring import mark_safe

from studyapp.cards.models import Card
from studyapp.study.exams import upcoming_exams
from studyapp.study.models import CardState, ReviewLog, StudySettings
from studyapp.study.planning import CardMemory, Exam, Pace, PlanSettings
from studyapp.study.scheduling import SchedulerSettings, learner_day, parse_steps
from studyapp.study.workload import Answer, Habits, RetentionOption, habits_from_log, retention_options, simulate

from . import charts

FORECAST_DAYS = 30
AVERAGE_DAYS = 90
LOG_ANSWERS = 5000  # the latest answers are enough to know a learner's pace and rating mix
OPTIONS_SECONDS = 6 * 3600


@dataclass
class LearnerCards:
    """What the simulation starts from: the learner's studied cards, the new cards left, their habits."""

    cards: list[CardMemory]
    new_left: int
    habits: Habits
    answers: int


def learner_cards(user, study: StudySettings) -> LearnerCards:
    """The learner's cards and habits, in three queries whatever their number."""
    visible = Card.objects.visible_to(user)
    states = CardState.objects.filter(user=user, card__in=visible).values_list(
        "card_id",
        "card__topic_id",
        "reps",
        "suspended",
        "state",
        "stability",
        "difficulty",
        "due",
        "last_review",
        "step",
    )
    zone, hour = study.zone, study.day_start_hour
    cards, started = [], set()
    for card_id, topic, reps, suspended, state, stability, difficulty, due, last, step in states:
        if reps or suspended:
            started.add(card_id)
        if reps and not suspended:
            days = learner_day(due, zone, hour), learner_day(last, zone, hour)
            cards.append(CardMemory(card_id, state, stability, difficulty, *days, step, topic))
    new_left = visible.exclude(pk__in=started).count() if started else visible.count()
    log = (
        ReviewLog.objects.filter(user=user).order_by("-reviewed_at").values_list("rating", "duration_ms", "kind_before")
    )
    answers = [Answer(*row) for row in log[:LOG_ANSWERS]]
    return LearnerCards(cards, new_left, habits_from_log(answers), len(answers))


def plan_settings(study: StudySettings, values: dict | None = None) -> PlanSettings:
    """The learner's settings for the simulation, with `values` (a settings form's cleaned data) in place of theirs."""
    values = values or {}
    get = lambda name: values.get(name, getattr(study, name))  # noqa: E731
    scheduler = SchedulerSettings(
        desired_retention=get("desired_retention"),
        learning_steps=parse_steps(get("learning_steps")),
        relearning_steps=parse_steps(get("relearning_steps")),
        parameters=tuple(study.parameters) if study.parameters else None,
    )
    return PlanSettings(scheduler, get("new_cards_per_day"), study.zone, get("day_start_hour"))


def nearest_exam(study: StudySettings, today: date) -> Exam | None:
    """The nearest exam ahead (the simulation plans every card for it)."""
    exams = upcoming_exams(study, today)
    return Exam(exams[0].day, exams[0].target) if exams else None


@dataclass
class Forecast:
    days: list[tuple[date, float]]  # the next FORECAST_DAYS days
    average: float  # minutes a day over AVERAGE_DAYS
    exam: Exam | None
    chart: str


def forecast(
    learner: LearnerCards, settings: PlanSettings, today: date, exam: Exam | None, spread: bool, easy_days
) -> Forecast:
    """Minutes a day ahead, simulated over AVERAGE_DAYS days (the chart shows the first FORECAST_DAYS)."""
    pace = Pace(learner.new_left, settings.new_cards_per_day, exam)
    run = simulate(
        learner.cards,
        settings,
        pace,
        today=today,
        days=AVERAGE_DAYS,
        habits=learner.habits,
        balance=spread,
        easy_days=easy_days,
    )
    minutes = run.minutes_per_day
    days = [(today + timedelta(days=n), minutes[n]) for n in range(FORECAST_DAYS)]
    average = sum(minutes) / len(minutes)
    return Forecast(days, average, exam, mark_safe(_forecast_chart(days, average)))


def _short(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _forecast_chart(days: list[tuple[date, float]], average: float) -> str:
    bars = [
        charts.Bar(
            label=f"{day.day}" if n % 5 == 0 else "",
            tooltip=f"{'Today' if n == 0 else _short(day)}: about {round(minutes)} min",
            segments=(round(minutes, 1),),
        )
        for n, (day, minutes) in enumerate(days)
    ]
    busiest = max(days, key=lambda pair: pair[1])
    return charts.bar_chart(
        bars,
        chart_id="minutes-chart",
        title=f"Minutes of study per day, next {len(days)} days",
        description=f"About {round(sum(m for _, m in days))} minutes over {len(days)} days; the busiest is "
        f"{_short(busiest[0])} with {round(busiest[1])} minutes; {round(average)} minutes a day on average "
        f"over {AVERAGE_DAYS} days.",
        series=("bar-minutes",),
    )


# --------------------------------------------------------------------------
# Help me decide
# --------------------------------------------------------------------------


@dataclass
class Choice:
    options: list[RetentionOption]
    best: RetentionOption
    current: RetentionOption
    minutes_chart: str
    remembered_chart: str


def _options_key(user, settings: PlanSettings, learner: LearnerCards, today: date, exam: Exam | None) -> str:
    """Per learner, settings, day and history: the sweep takes seconds, and nothing in it changes until these do."""
    parts = (user.pk, settings, today, exam, learner.new_left, learner.answers, len(learner.cards), learner.habits)
    return "progress:retention:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def retention_choice(user, study: StudySettings, now: datetime) -> Choice:
    """Each desired retention from 0.70 to 0.97 over 90 days, cached for the learner and their settings."""
    today = study.day_of(now)
    learner = learner_cards(user, study)
    settings, exam = plan_settings(study), nearest_exam(study, today)
    key = _options_key(user, settings, learner, today, exam)
    options = cache.get(key)
    if options is None:
        pace = Pace(learner.new_left, settings.new_cards_per_day, exam)
        options = retention_options(learner.cards, settings, pace, today=today, habits=learner.habits)
        cache.set(key, options, OPTIONS_SECONDS)
    best = next(option for option in options if option.most_efficient)
    current = next(option for option in options if option.current)
    return Choice(options, best, current, mark_safe(_minutes_chart(options)), mark_safe(_remembered_chart(options)))


def _marked(option: RetentionOption, value: float) -> tuple[float, float, float]:
    """The bar's value in the segment whose colour marks it: plain, the current choice, or the most efficient."""
    if option.current:
        return (0, value, 0)
    if option.most_efficient:
        return (0, 0, value)
    return (value, 0, 0)


def _note(option: RetentionOption) -> str:
    notes = [
        note for flag, note in ((option.current, "your choice"), (option.most_efficient, "most efficient")) if flag
    ]
    return f" ({', '.join(notes)})" if notes else ""


def _option_chart(options, chart_id: str, title: str, value, unit: str, description: str) -> str:
    bars = [
        charts.Bar(
            label=f"{option.retention:.2f}"[1:] if n % 3 == 0 or option.current or option.most_efficient else "",
            tooltip=f"{option.retention:.2f}: {value(option):.0f} {unit}{_note(option)}",
            segments=_marked(option, round(value(option), 1)),
        )
        for n, option in enumerate(options)
    ]
    series = ("bar-option", "bar-current", "bar-best")
    return charts.bar_chart(bars, chart_id=chart_id, title=title, description=description, series=series)


def _minutes_chart(options: list[RetentionOption]) -> str:
    low, high = options[0], options[-1]
    return _option_chart(
        options,
        "retention-minutes",
        "Minutes a day for each desired retention",
        lambda option: option.minutes_per_day,
        "min a day",
        f"From {low.minutes_per_day:.0f} minutes a day at {low.retention:.2f} "
        f"to {high.minutes_per_day:.0f} at {high.retention:.2f}.",
    )


def _remembered_chart(options: list[RetentionOption]) -> str:
    low, high = options[0], options[-1]
    return _option_chart(
        options,
        "retention-remembered",
        "Cards remembered after 90 days for each desired retention",
        lambda option: option.expected_remembered,
        "cards remembered",
        f"From {low.expected_remembered:.0f} cards at {low.retention:.2f} "
        f"to {high.expected_remembered:.0f} at {high.retention:.2f}.",
    )


def preview_values(cleaned: dict) -> dict:
    """The settings form's cleaned values the simulation reads (steps back as text, as the model keeps them)."""
    names = ("desired_retention", "new_cards_per_day", "day_start_hour", "learning_steps", "relearning_steps")
    return {name: cleaned[name] for name in names if name in cleaned}


def exam_or_nearest(study: StudySettings, today: date, typed: tuple[date, float] | None) -> Exam | None:
    """The exam typed in the exam form (not yet added) when it is nearer than the ones ahead, else the nearest."""
    nearest = nearest_exam(study, today)
    if typed is None:
        return nearest
    exam = Exam(*typed)
    return exam if nearest is None or exam.day <= nearest.day else nearest
