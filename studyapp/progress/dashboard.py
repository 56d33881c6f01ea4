"""The learner dashboard's context: every figure and chart for one learner at one moment.

Shared by the learner's own page and the instructor's read-only view of it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.safestring import mark_safe

from studyapp.quizzes.grades_for_progress import learner_history
from studyapp.study.exams import plan_for
from studyapp.study.models import StudySettings
from studyapp.study.queue import whole_queue

from . import charts, figures, figures_cache

_short = charts.short_day  # "Tue 10 Mar" (no platform-specific %-d)


def _reviews_chart(series: list[figures.DayCount]) -> str:
    bars = [
        charts.Bar(
            label=f"{d.day.day}" if i % 5 == 4 or i == len(series) - 1 else "",
            tooltip=f"{_short(d.day)}: {d.total} review{'s' if d.total != 1 else ''} "
            f"({d.new} new, {d.learning} learning, {d.review} review)",
            segments=(d.review, d.learning, d.new),
        )
        for i, d in enumerate(series)
    ]
    total = sum(d.total for d in series)
    active = sum(1 for d in series if d.total)
    return charts.bar_chart(
        bars,
        chart_id="reviews-chart",
        title=f"Reviews per day, last {len(series)} days",
        description=f"{total} reviews on {active} of {len(series)} days; stacked by review, learning and new cards.",
        series=("bar-review", "bar-learning", "bar-new"),
    )


def _forecast_chart(days: list[tuple]) -> str:
    bars = [
        charts.Bar(
            label=f"{day.day}" if i % 5 == 0 else "",
            tooltip=f"{'Today (with overdue)' if i == 0 else _short(day)}: {n} card{'s' if n != 1 else ''} due",
            segments=(n,),
        )
        for i, (day, n) in enumerate(days)
    ]
    total = sum(n for _, n in days)
    return charts.bar_chart(
        bars,
        chart_id="forecast-chart",
        title=f"Cards due per day, next {len(days)} days",
        description=f"{total} cards come due in the next {len(days)} days, "
        f"{days[0][1]} of them today (with overdue ones).",
        series=("bar-forecast",),
    )


def _heatmap(year: dict, first, today) -> str:
    total = sum(d.total for d in year.values())
    return charts.heatmap(
        {day: d.total for day, d in year.items()},
        first,
        today,
        chart_id="heatmap",
        title="Reviews per day over the last year",
        description=f"{total} reviews on {len(year)} days since {first.day} {first:%B %Y}.",
    )


def _months(year: dict, first, today) -> list[tuple]:
    """Reviews and study days per month, the heatmap's text alternative (twelve-odd rows, not 371)."""
    months: dict = {}
    for day, counts in year.items():
        key = (day.year, day.month)
        reviews, days = months.get(key, (0, 0))
        months[key] = (reviews + counts.total, days + 1)
    result, cursor = [], first.replace(day=1)
    while cursor <= today:
        reviews, days = months.get((cursor.year, cursor.month), (0, 0))
        result.append((cursor, reviews, days))
        cursor = (cursor + timedelta(days=32)).replace(day=1)
    return result


def dashboard_context(learner, now: datetime, topics=None) -> dict:
    """`topics`: the topics the figures cover (a queryset built on `Topic.objects.visible_to`); by default
    every topic the learner sees. An instructor's view of a learner passes the class's, so it never
    shows the learner's private topics."""
    context = _live_context(learner, now)
    return {**context, **_figures_context(learner, context["study"], now, topics)}


def dashboard_page(learner, now: datetime, topics=None) -> dict:
    """The dashboard's context, with the figures from the review log and card states rendered once and
    kept (`figures_cache`): a repeated view reads their key and renders the rest of the page around them.
    When they had to be built, their whole context comes along too."""
    context = _live_context(learner, now)
    study = context["study"]
    key = figures_cache.figures_key(learner, study, context["today"], topics)
    kept = figures_cache.kept(key, now)
    if kept is None:
        figures = _figures_context(learner, study, now, topics)
        context.update(figures)
        kept = figures_cache.keep_figures(key, {**context, **figures}, now)
    return {**context, "figures": kept}


def _live_context(learner, now: datetime) -> dict:
    """What changes by the minute or comes from other apps: quizzes, the exam plan, today's queue."""
    # First: submitting an expired attempt puts its missed cards back in the queue counted below.
    quiz_history = learner_history(learner, now)
    study = StudySettings.for_user(learner, now)
    plan = plan_for(learner, study, now)
    upcoming = whole_queue(learner, study, now, plan)
    return {
        "learner": learner,
        "study": study,
        "today": study.day_of(now),
        "counts": upcoming.counts,
        "today_stats": upcoming.today,
        "quiz_history": quiz_history,
        "plan": plan,
    }


def _figures_context(learner, study: StudySettings, now: datetime, topics) -> dict:
    """The figures from the review log and card states: what `figures_cache` keeps."""
    today = study.day_of(now)
    first = figures.heatmap_start(today)
    year = figures.day_counts(learner, first, today)
    daily = [
        year.get(today - timedelta(days=n)) or figures.DayCount(today - timedelta(days=n))
        for n in range(figures.DAILY_DAYS - 1, -1, -1)
    ]
    forecast = figures.forecast(learner, study, now, topics=topics)
    return {
        "streak": figures.streak(learner, today, year, first),
        "daily": daily,
        "daily_total": sum(d.total for d in daily),
        "reviews_chart": mark_safe(_reviews_chart(daily)),
        "forecast": forecast,
        "forecast_chart": mark_safe(_forecast_chart(forecast)),
        "heatmap": mark_safe(_heatmap(year, first, today)),
        "heatmap_months": _months(year, first, today),
        "year_total": sum(d.total for d in year.values()),
        "year_days": len(year),
        "retention": figures.true_retention(learner, today),
        "mastery": figures.topic_mastery(learner, study, now, topics),
        "weakest": figures.weakest_cards(learner, study, now, topics=topics),
    }
