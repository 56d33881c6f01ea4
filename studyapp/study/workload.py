"""The minutes a day studying will take, and what each desired retention costs and keeps.

Inputs are the plain dataclasses of ``planning`` (:class:`~studyapp.study.planning.CardMemory`,
:class:`~studyapp.study.planning.PlanSettings`, :class:`~studyapp.study.planning.Pace`) plus:

* :class:`Answer` — one row of the learner's review log: the rating, the seconds it took
  (``ReviewLog.duration_ms``, already capped at a minute when recorded) and the card's kind before
  it (``ReviewLog.kind_before``: 0 a new card's first answer, else the ``fsrs.State``);
* :class:`Habits` — what the simulation needs from that log (:func:`habits_from_log`): seconds per
  answer by rating, the mix of first ratings of new cards, and the mix of Hard/Good/Easy among
  recalled reviews.

Both the forecast and the retention chooser run :func:`simulate`, a day-by-day simulation:
each day the learner introduces the day's new cards and answers every card that is due
(learning steps included, within the day), as the study screen would serve them. A card's memory
and next interval come from py-fsrs's own scheduler, so the simulation schedules as the app does;
its fuzz is drawn from a seeded generator over Anki's fuzz window (``load_balance.fuzz_window``), or
the load balancer picks the lightest day of that window. Each answer is drawn with the fixed
seed: a review is recalled with the card's predicted recall (FSRS's forgetting curve), then rated
Hard/Good/Easy in the learner's own mix; a new card's first rating follows the learner's own
first-rating mix. An answer at a learning step, later the same day, is recalled (the curve gives
1 within a day), so learning steps cost time but are never failed in the simulation.
With an exam, each interval goes through ``planning.exam_interval`` and new cards are paced anew
each day by ``planning.new_cards_pace``.

Pure Python: no Django imports, so it can be tested without a database.
"""

from __future__ import annotations

import heapq
import itertools
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

import fsrs
from fsrs_rs_python import default_simulator_config

from studyapp.study.load_balance import balanced_due_day, fuzz_window
from studyapp.study.planning import (
    CardMemory,
    Pace,
    PlanSettings,
    exam_interval,
    new_cards_pace,
    predicted_recall,
)
from studyapp.study.scheduling import build_scheduler

__all__ = [
    "DEFAULT_HABITS",
    "MIN_ANSWERS_PER_RATING",
    "PRIOR_ANSWERS",
    "Answer",
    "Habits",
    "RetentionOption",
    "Simulation",
    "forecast_minutes",
    "habits_from_log",
    "retention_grid",
    "retention_options",
    "seconds_per_answer",
    "simulate",
]

RATINGS = (1, 2, 3, 4)
RECALLED = (2, 3, 4)


# --------------------------------------------------------------------------
# The learner's habits, from their review log
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """One answer from the review log."""

    rating: int
    duration_ms: int
    kind_before: int | None = None


def _library_defaults() -> tuple[tuple[float, ...], tuple[float, ...], tuple[float, ...]]:
    # fsrs-rs's simulator defaults (Anki's figures, from many learners' logs): the seconds of
    # Again/Hard/Good/Easy for a card in review, the first ratings of new cards, and
    # Hard/Good/Easy among recalled reviews.
    config = default_simulator_config()
    review_costs = tuple(round(s, 2) for s in config.state_rating_costs[1])
    return review_costs, tuple(config.first_rating_prob), tuple(config.review_rating_prob)


@dataclass(frozen=True)
class Habits:
    """Seconds per answer by rating (Again..Easy), the first-rating mix, the Hard/Good/Easy mix."""

    seconds: tuple[float, float, float, float]
    first_rating_mix: tuple[float, float, float, float]
    recalled_rating_mix: tuple[float, float, float]


DEFAULT_HABITS = Habits(*_library_defaults())

# Fewer answers of a rating than this and its seconds are the default's.
MIN_ANSWERS_PER_RATING = 10
# The rating mixes start from the default mix as if it had been seen in this many answers.
PRIOR_ANSWERS = 20


def seconds_per_answer(answers: Iterable[Answer]) -> tuple[float, float, float, float]:
    """Mean seconds per answer for each rating (Again, Hard, Good, Easy).

    The mean, not the median: the forecast adds answers up, and a sum is the count times the mean.
    Answer times lean right (most are quick, some slow), so a median would undercount the
    minutes; the outliers a median guards against are already cut off, since an answer is
    recorded as one minute at most. A rating with fewer than ``MIN_ANSWERS_PER_RATING`` answers
    takes the default seconds (fsrs-rs's simulator defaults for a card in review).
    """
    durations: dict[int, list[float]] = {rating: [] for rating in RATINGS}
    for answer in answers:
        durations[answer.rating].append(answer.duration_ms / 1000)
    return tuple(
        sum(seen) / len(seen) if len(seen) >= MIN_ANSWERS_PER_RATING else default
        for seen, default in zip(durations.values(), DEFAULT_HABITS.seconds)
    )


def _mix(counts: Counter, ratings: Sequence[int], prior: Sequence[float]) -> tuple[float, ...]:
    """The learner's share of each rating, starting from ``prior`` as ``PRIOR_ANSWERS`` answers."""
    total = sum(counts[r] for r in ratings) + PRIOR_ANSWERS
    return tuple((counts[r] + PRIOR_ANSWERS * p) / total for r, p in zip(ratings, prior))


def habits_from_log(answers: Iterable[Answer]) -> Habits:
    """The learner's habits from their log, leaning on the defaults while the log is short."""
    answers = list(answers)
    first = Counter(a.rating for a in answers if a.kind_before == 0)
    recalled = Counter(a.rating for a in answers if a.kind_before == int(fsrs.State.Review) and a.rating > 1)
    return Habits(
        seconds=seconds_per_answer(answers),
        first_rating_mix=_mix(first, RATINGS, DEFAULT_HABITS.first_rating_mix),
        recalled_rating_mix=_mix(recalled, RECALLED, DEFAULT_HABITS.recalled_rating_mix),
    )


# --------------------------------------------------------------------------
# The day-by-day simulation
# --------------------------------------------------------------------------


def noon(day: date) -> datetime:
    """The simulation's clock: each learner day is studied from its noon (UTC, as py-fsrs wants)."""
    return datetime.combine(day, time(12), tzinfo=UTC)


STUDY_SPAN = timedelta(hours=12)  # learning steps due within this after noon are done the same day


@dataclass
class Simulation:
    """Minutes and answers on each simulated day, and every card's memory at the end."""

    start_day: date
    minutes_per_day: list[float]
    answers_per_day: list[int]
    cards: list[CardMemory]
    parameters: Sequence[float] = field(repr=False, default=())

    @property
    def end_day(self) -> date:
        return self.start_day + timedelta(days=len(self.minutes_per_day))

    def expected_remembered(self, on_day: date | None = None) -> float:
        """Cards the learner is expected to recall on ``on_day`` (the day after the last one)."""
        on_day = on_day or self.end_day
        return sum(predicted_recall(card, on_day, self.parameters or None) for card in self.cards)


def _to_fsrs(card: CardMemory) -> fsrs.Card:
    return fsrs.Card(
        card_id=card.card_id,
        state=fsrs.State(card.state),
        step=card.step if card.state != fsrs.State.Review else None,
        stability=card.stability,
        difficulty=card.difficulty,
        due=noon(card.due_day),
        last_review=noon(card.last_review_day),
    )


class _Learner:
    """One simulated learner: their cards in a queue ordered by due moment, answered day by day."""

    def __init__(self, settings: PlanSettings, pace: Pace, habits: Habits, seed: int, balance, easy_days):
        self.settings, self.pace, self.habits = settings, pace, habits
        self.scheduler = build_scheduler(replace(settings.scheduler, enable_fuzzing=False))
        self.rng = random.Random(seed)
        self.balance, self.easy_days = balance, easy_days
        self.queue: list[tuple[datetime, int, fsrs.Card]] = []
        self.order = itertools.count()
        self.load: Counter[date] = Counter()
        self.new_left = pace.new_left
        self.cards: dict[int | str, fsrs.Card] = {}

    def add(self, card: fsrs.Card) -> None:
        self.cards[card.card_id] = card
        if card.state == fsrs.State.Review:
            self.load[card.due.date()] += 1
        heapq.heappush(self.queue, (card.due, next(self.order), card))

    def start_with(self, cards: Iterable[CardMemory], today: date) -> None:
        for memory in cards:
            if memory.studied and memory.due_day is not None:
                card = _to_fsrs(memory)
                if self.pace.exam is not None and card.state == fsrs.State.Review:
                    card.due = noon(self._exam_day(card, memory.due_day, today))
                self.add(card)

    def study(self, day: date) -> tuple[float, int]:
        """Introduce the day's new cards, answer everything due; the minutes and answers it took."""
        start = noon(day)
        for number in range(self._new_today(day)):
            # An id no card of the learner's has: the simulation may run on from another's cards.
            self.add(fsrs.Card(card_id=f"new:{day.isoformat()}:{number}", due=start))
            self.new_left -= 1
        seconds, answers = 0.0, 0
        while self.queue and self.queue[0][0] < start + STUDY_SPAN:
            due, _, card = heapq.heappop(self.queue)
            if card.state == fsrs.State.Review:
                self.load[due.date()] -= 1
            now = max(due, start)
            rating = self._rating(card, now)
            seconds += self.habits.seconds[rating - 1]
            answers += 1
            self.add(self._schedule(self.scheduler.review_card(card, fsrs.Rating(rating), now)[0], now))
        return seconds / 60, answers

    def _new_today(self, day: date) -> int:
        exam = self.pace.exam
        per_day = self.pace.new_per_day
        if exam is not None:
            per_day = new_cards_pace(self.new_left, day, exam.day, self.settings.new_cards_per_day)
        return max(0, min(per_day, self.new_left))

    def _rating(self, card: fsrs.Card, now: datetime) -> int:
        if card.stability is None:
            return self.rng.choices(RATINGS, self.habits.first_rating_mix)[0]
        if self.rng.random() >= self.scheduler.get_card_retrievability(card, now):
            return 1
        return self.rng.choices(RECALLED, self.habits.recalled_rating_mix)[0]

    def _schedule(self, card: fsrs.Card, now: datetime) -> fsrs.Card:
        """Fuzz or balance a review's interval, then let the exam shorten it."""
        if card.state != fsrs.State.Review:
            return card
        today, interval = now.date(), (card.due - now).days
        maximum = self.settings.scheduler.maximum_interval
        if self.balance:
            day = balanced_due_day(
                today + timedelta(days=interval), interval, self.load, self.easy_days, maximum=maximum
            )
        else:
            lower, upper = fuzz_window(interval, maximum=maximum)
            day = today + timedelta(days=self.rng.randint(lower, upper))
        card.due = noon(self._exam_day(card, day, today))
        return card

    def _exam_day(self, card: fsrs.Card, proposed: date, today: date) -> date:
        exam = self.pace.exam
        if exam is None:
            return proposed
        last = card.last_review.date()
        return exam_interval(
            card.stability, last, proposed, exam.day, exam.target, self.settings.parameters, today=today
        )

    def memories(self) -> list[CardMemory]:
        return [CardMemory.from_fsrs(card) for card in self.cards.values()]


def simulate(
    cards: Iterable[CardMemory],
    settings: PlanSettings,
    pace: Pace,
    *,
    today: date,
    days: int = 30,
    seed: int = 0,
    habits: Habits = DEFAULT_HABITS,
    balance: bool = False,
    easy_days: Mapping[int, float] | None = None,
) -> Simulation:
    """Simulate ``days`` days of study from ``today`` (see the module docstring).

    ``settings.scheduler.desired_retention`` is the retention simulated; ``balance`` lets the load
    balancer pick each review's day (with the learner's ``easy_days``) instead of plain fuzz.
    """
    learner = _Learner(settings, pace, habits, seed, balance, easy_days)
    learner.start_with(cards, today)
    minutes, answers = [], []
    for offset in range(days):
        spent, answered = learner.study(today + timedelta(days=offset))
        minutes.append(spent)
        answers.append(answered)
    return Simulation(today, minutes, answers, learner.memories(), settings.parameters)


def forecast_minutes(
    cards: Iterable[CardMemory],
    settings: PlanSettings,
    pace: Pace,
    days: int = 30,
    seed: int = 0,
    *,
    today: date,
    habits: Habits = DEFAULT_HABITS,
) -> list[float]:
    """Minutes of study on each of the next ``days`` days (30 or 90 on the page), from ``today``."""
    return simulate(cards, settings, pace, today=today, days=days, seed=seed, habits=habits).minutes_per_day


# --------------------------------------------------------------------------
# Choosing a desired retention
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionOption:
    """What one desired retention would cost (minutes a day) and keep (cards remembered at the end)."""

    retention: float
    minutes_per_day: float
    expected_remembered: float
    current: bool = False
    most_efficient: bool = False

    @property
    def remembered_per_minute(self) -> float:
        return self.expected_remembered / self.minutes_per_day if self.minutes_per_day else 0.0


def retention_grid(lowest: float = 0.70, highest: float = 0.97, step: float = 0.02) -> list[float]:
    """Retentions from ``lowest`` to ``highest`` (both kept) every ``step``, to two decimals."""
    count = int(round((highest - lowest) / step))
    grid = [round(lowest + i * step, 2) for i in range(count + 1) if lowest + i * step < highest - 1e-9]
    return grid + [round(highest, 2)]


def retention_options(
    cards: Iterable[CardMemory],
    settings: PlanSettings,
    pace: Pace,
    retentions: Iterable[float] | None = None,
    days: int = 90,
    *,
    today: date,
    seed: int = 0,
    habits: Habits = DEFAULT_HABITS,
) -> list[RetentionOption]:
    """Each retention's minutes a day and cards remembered after ``days``, the current and best marked.

    The most efficient retention keeps the most cards remembered per minute of study, the measure
    of fsrs4anki's "compute minimum recommended retention" and Anki's "Help me decide": the cards
    expected to be recalled on the day after the simulation, over the minutes it took. Every
    retention is simulated with the same seed, so they differ by the retention alone. The
    learner's current retention is always among the options.
    """
    cards = list(cards)
    current = round(settings.desired_retention, 2)
    grid = sorted(set(retention_grid() if retentions is None else retentions) | {current})
    options = [_option(cards, settings, pace, r, days, today, seed, habits, current) for r in grid]
    if not any(option.minutes_per_day for option in options):
        best = current  # nothing to study: no choice to make
    else:
        best = max(options, key=lambda option: option.remembered_per_minute).retention
    return [replace(option, most_efficient=option.retention == best) for option in options]


def _option(cards, settings, pace, retention, days, today, seed, habits, current) -> RetentionOption:
    trial = replace(settings, scheduler=replace(settings.scheduler, desired_retention=retention))
    run = simulate(cards, trial, pace, today=today, days=days, seed=seed, habits=habits)
    minutes = sum(run.minutes_per_day) / days
    return RetentionOption(retention, minutes, run.expected_remembered(), current=retention == current)
