"""Planning towards an exam: which day a card should come due, how fast new cards come, who will be ready.

Inputs are plain dataclasses, counted in *learner days* (a study day starts at the learner's
day-start hour in their time zone, see ``scheduling.learner_day``):

* :class:`CardMemory` — one card's FSRS memory for one learner: its state (``NEW`` for a card never
  answered, else ``fsrs.State``: 1 learning, 2 review, 3 relearning), stability (days), difficulty,
  the day it is due, the day of its last review, its (re)learning step and its topic.
  :meth:`CardMemory.from_fsrs` builds one from an ``fsrs.Card`` (``CardState.to_fsrs()``).
* :class:`PlanSettings` — the learner's scheduler settings (``scheduling.SchedulerSettings``: desired
  retention, steps, maximum interval, parameters), new cards a day, time zone and day-start hour.
* :class:`Exam` — the exam day and the recall the learner wants on it.
* :class:`Pace` — new cards still to introduce, how many a day, and the exam if there is one.

Recall follows FSRS's forgetting curve with the parameters' own decay ``w20``:
``R(t, S) = (1 + F · t / S) ^ -w20`` with ``F = 0.9 ^ (-1 / w20) - 1``, so that ``R(S, S) = 0.9``.

Pure Python: no Django imports, so it can be tested without a database.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.study.scheduling import DEFAULT_DAY_START_HOUR, SchedulerSettings, learner_day

__all__ = [
    "NEW",
    "CardMemory",
    "Exam",
    "Pace",
    "PlanSettings",
    "REVIEW_DAYS",
    "brought_forward",
    "days_until_recall",
    "exam_interval",
    "new_cards_pace",
    "plan_pace",
    "predicted_recall",
    "recall_after",
    "topic_readiness",
]

NEW = 0  # a card the learner has never answered (fsrs.State starts at 1)
UTC_ZONE = ZoneInfo("UTC")


# --------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class CardMemory:
    """One card's FSRS memory for one learner, in learner days."""

    card_id: int | str
    state: int = NEW
    stability: float | None = None
    difficulty: float | None = None
    due_day: date | None = None
    last_review_day: date | None = None
    step: int | None = None
    topic_id: int | str | None = None

    @property
    def studied(self) -> bool:
        """Answered at least once, so it has a memory to predict."""
        return self.state != NEW and self.stability is not None and self.last_review_day is not None

    @classmethod
    def from_fsrs(
        cls,
        card: fsrs.Card,
        zone: ZoneInfo = UTC_ZONE,
        day_start_hour: int = DEFAULT_DAY_START_HOUR,
        topic_id: int | str | None = None,
    ) -> CardMemory:
        """From a py-fsrs card (a card with no stability yet is ``NEW``), its moments as learner days."""
        if card.stability is None or card.last_review is None:
            return cls(card.card_id, NEW, topic_id=topic_id)
        return cls(
            card_id=card.card_id,
            state=int(card.state),
            stability=card.stability,
            difficulty=card.difficulty,
            due_day=learner_day(card.due, zone, day_start_hour),
            last_review_day=learner_day(card.last_review, zone, day_start_hour),
            step=card.step,
            topic_id=topic_id,
        )


@dataclass(frozen=True)
class PlanSettings:
    """The learner's settings that planning needs."""

    scheduler: SchedulerSettings = field(default_factory=SchedulerSettings)
    new_cards_per_day: int = 20
    zone: ZoneInfo = UTC_ZONE
    day_start_hour: int = DEFAULT_DAY_START_HOUR

    @property
    def parameters(self) -> Sequence[float]:
        return self.scheduler.parameters or DEFAULT_PARAMETERS

    @property
    def desired_retention(self) -> float:
        return self.scheduler.desired_retention


@dataclass(frozen=True)
class Exam:
    """An exam day and the recall (0-1) the learner wants each card to have on it."""

    day: date
    target: float = 0.9

    def __post_init__(self) -> None:
        if not 0.0 < self.target < 1.0:
            raise ValueError(f"target must be between 0 and 1 (got {self.target})")


@dataclass(frozen=True)
class Pace:
    """New cards still to introduce, how many a day, and the exam they are paced for (if any)."""

    new_left: int = 0
    new_per_day: int = 20
    exam: Exam | None = None


# --------------------------------------------------------------------------
# The forgetting curve
# --------------------------------------------------------------------------


def _curve(parameters: Sequence[float] | None) -> tuple[float, float]:
    decay = -(parameters or DEFAULT_PARAMETERS)[20]
    return decay, 0.9 ** (1 / decay) - 1


def recall_after(days: float, stability: float, parameters: Sequence[float] | None = None) -> float:
    """Predicted recall ``days`` after the last review of a memory of ``stability`` days."""
    decay, factor = _curve(parameters)
    return (1 + factor * max(days, 0.0) / stability) ** decay


def days_until_recall(stability: float, target: float, parameters: Sequence[float] | None = None) -> float:
    """Days after the last review until predicted recall falls to ``target`` (the curve's inverse)."""
    decay, factor = _curve(parameters)
    return stability / factor * (target ** (1 / decay) - 1)


def predicted_recall(card: CardMemory, on_day: date, parameters: Sequence[float] | None = None) -> float:
    """Predicted recall of ``card`` on ``on_day``; 0 for a card never studied (it is not known yet)."""
    if not card.studied:
        return 0.0
    return recall_after((on_day - card.last_review_day).days, card.stability, parameters)


def topic_readiness(
    cards: Iterable[CardMemory], on_day: date, parameters: Sequence[float] | None = None
) -> dict[int | str | None, float]:
    """Mean predicted recall per topic on ``on_day``, cards never studied counting as 0."""
    recalls: dict[int | str | None, list[float]] = defaultdict(list)
    for card in cards:
        recalls[card.topic_id].append(predicted_recall(card, on_day, parameters))
    return {topic: sum(values) / len(values) for topic, values in recalls.items()}


# --------------------------------------------------------------------------
# Exam-date scheduling
# --------------------------------------------------------------------------


def exam_interval(
    stability: float,
    last_review_day: date,
    proposed_due_day: date,
    exam_day: date,
    target_recall: float,
    parameters: Sequence[float] | None = None,
    *,
    today: date | None = None,
) -> date:
    """The due day of a card whose scheduler proposed ``proposed_due_day``, with an exam ahead.

    Until the exam, an interval that reaches the exam day while the card would be below
    ``target_recall`` on it (``R(exam − last review, S) < target``) is cut to the last day on
    which the card's recall is still at the target: ``last review + ⌊t⌋`` with
    ``R(t, S) = target``. Every review before the exam is then given while recall is at or above
    the target, and the review it leads to is planned by the same rule, so a card recalled at each
    of its reviews meets the exam at or above the target (a forgotten one starts again from its
    new, shorter stability, under the same rule). A card already at the target on exam day keeps its day: it needs
    no review before the exam. An interval ending before the exam keeps its day too (the card is
    reviewed before the exam anyway and its next interval is planned then).

    ``today`` (the last review day, by default) makes a card due today when its recall falls
    below the target before tomorrow: even a review tomorrow would come too late ("brought
    forward"). From the exam day on, the proposed day stands. Only the forgetting curve is used,
    so difficulty does not enter.
    """
    today = today or last_review_day
    if today >= exam_day or proposed_due_day < exam_day:
        return proposed_due_day
    if recall_after((exam_day - last_review_day).days, stability, parameters) >= target_recall:
        return proposed_due_day
    days_at_target = math.floor(days_until_recall(stability, target_recall, parameters))
    latest = last_review_day + timedelta(days=max(days_at_target, 1 if today == last_review_day else 0))
    if latest <= today:
        return today
    return min(proposed_due_day, latest)


def _exam_due_day(card: CardMemory, today: date, exam: Exam, parameters: Sequence[float] | None) -> date | None:
    if not card.studied or card.due_day is None:
        return None
    return exam_interval(
        card.stability, card.last_review_day, card.due_day, exam.day, exam.target, parameters, today=today
    )


def brought_forward(
    cards: Iterable[CardMemory],
    today: date,
    exam_day: date,
    target: float,
    parameters: Sequence[float] | None = None,
) -> list[CardMemory]:
    """Cards the exam makes due today though their schedule said later, lowest exam-day recall first.

    These are the cards that cannot reach ``target`` on ``exam_day`` unless they are reviewed now
    (see :func:`exam_interval`); the ones furthest from it come first.
    """
    exam = Exam(exam_day, target)
    due_now = [
        card
        for card in cards
        if card.due_day is not None and card.due_day > today and _exam_due_day(card, today, exam, parameters) == today
    ]
    return sorted(due_now, key=lambda card: (predicted_recall(card, exam_day, parameters), str(card.card_id)))


# --------------------------------------------------------------------------
# Pacing new cards
# --------------------------------------------------------------------------

REVIEW_DAYS = 3  # the last days before the exam bring no new cards


def new_cards_pace(new_left: int, today: date, exam_day: date, new_per_day: int) -> int:
    """New cards a day so that every new card is introduced in time for the exam.

    The rule: new cards are spread evenly over the days from today up to ``REVIEW_DAYS`` (3) days
    before the exam, the last three days being for review alone: ``ceil(new_left / those days)``,
    but never below the learner's own ``new_per_day`` (a faster learner finishes early) nor above
    ``new_left``. The review days are counted back from the exam, so the pace worked out again
    tomorrow, with today's cards done, is the same or one less. A learner already inside the last
    three days gets what is left spread over the days that remain; from the exam day on, the
    learner's own setting stands.
    """
    if new_left <= 0:
        return 0
    days_left = (exam_day - today).days
    if days_left <= 0:
        return min(new_per_day, new_left)
    new_days = days_left - REVIEW_DAYS if days_left > REVIEW_DAYS else days_left
    return min(new_left, max(new_per_day, math.ceil(new_left / new_days)))


def plan_pace(new_left: int, today: date, settings: PlanSettings, exam: Exam | None = None) -> Pace:
    """The pace a learner studies at: their own new cards a day, or faster to meet an exam."""
    per_day = settings.new_cards_per_day
    if exam is not None:
        per_day = new_cards_pace(new_left, today, exam.day, per_day)
    return Pace(new_left=new_left, new_per_day=per_day, exam=exam)
