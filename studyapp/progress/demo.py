"""Weeks of believable review history for the demo learners, so every progress chart has something to show.

Each learner's sessions are simulated with py-fsrs (their own scheduler, so
states and intervals are what the app itself would have produced): new cards
in note order, learning steps within the session, reviews when due, answers
drawn from FSRS's own predicted recall. Rows are written with bulk_create,
with the learner-local day from ``StudySettings.day_of``. Learners who already
have reviews are left alone, so seeding twice changes nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

import fsrs
from django.db import transaction

from studyapp.cards.models import Card
from studyapp.study.models import CardState, ReviewLog, StudySettings
from studyapp.study.scheduling import to_utc


@dataclass(frozen=True)
class Habit:
    """How a demo learner studies: how often, how much, how well."""

    days: int = 42
    study_chance: float = 0.85
    new_per_day: int = 8
    session_hour: int = 19
    skill: float = 1.0  # > 1 remembers better than FSRS predicts, < 1 worse


HABITS = [
    Habit(),
    Habit(days=35, study_chance=0.7, new_per_day=6, session_hour=8, skill=0.85),
    Habit(days=49, study_chance=0.95, new_per_day=10, session_hour=21, skill=1.15),
    Habit(days=28, study_chance=0.6, new_per_day=5, session_hour=13, skill=0.95),
]


def _rating(rng: random.Random, recall: float, skill: float, *, learning: bool) -> int:
    if learning:
        return rng.choices([1, 2, 3, 4], weights=[15 / skill, 10, 65 * skill, 10])[0]
    if rng.random() > recall ** (1 / skill):
        return 1
    return rng.choices([2, 3, 4], weights=[12, 78, 10])[0]


def _simulate(user, study: StudySettings, cards: list[Card], habit: Habit, now: datetime, rng: random.Random):
    scheduler = study.scheduler()
    states: dict[int, CardState] = {}
    logs: list[ReviewLog] = []
    new_cards = iter(cards)
    first_day = study.day_of(now) - timedelta(days=habit.days)
    for offset in range(habit.days + 1):
        day = first_day + timedelta(days=offset)
        if rng.random() > habit.study_chance:
            continue
        local_start = datetime.combine(day, time(habit.session_hour, rng.randrange(60)), tzinfo=study.zone)
        clock = to_utc(local_start)
        if clock >= now:
            break
        session_end = clock + timedelta(minutes=45)
        day_end = study.day_end(clock)
        queue = [s for s in states.values() if s.due < day_end]
        for card in [c for _, c in zip(range(habit.new_per_day), new_cards)]:
            fresh = CardState(user=user, card=card, due=clock)
            states[card.pk] = fresh
            queue.append(fresh)
        while queue and clock < min(session_end, now):
            queue.sort(key=lambda s: s.due)
            current = queue.pop(0)
            clock = max(clock, min(current.due, clock + timedelta(minutes=10)))
            if clock >= now:
                break
            fsrs_card = current.to_fsrs()
            learning = not current.reps or current.state != CardState.State.REVIEW
            recall = scheduler.get_card_retrievability(fsrs_card, clock) if current.reps else 0.0
            rating = _rating(rng, recall, habit.skill, learning=learning)
            duration = timedelta(seconds=rng.randint(4, 25))
            shown_at, clock = clock, clock + duration
            interval_before = current.interval
            before = current.snapshot() if current.reps else None
            kind_before = current.state if current.reps else 0
            version_before = current.version
            new_card, _ = scheduler.review_card(fsrs_card, fsrs.Rating(rating), review_datetime=clock)
            current.apply(new_card, rating)
            logs.append(
                ReviewLog(
                    user=user,
                    card=current.card,
                    rating=rating,
                    reviewed_at=clock,
                    day=study.day_of(clock),
                    duration_ms=int(duration.total_seconds() * 1000),
                    state_before=before,
                    kind_before=kind_before,
                    interval_before_days=interval_before.total_seconds() / 86400 if interval_before else None,
                    state_after=current.snapshot(),
                    interval_days=(current.due - clock).total_seconds() / 86400,
                    version_before=version_before,
                    shown_at=shown_at,
                )
            )
            if current.due < min(session_end, day_end):
                queue.append(current)  # learning steps come back in the same session
    return list(states.values()), logs


def seed_history(learners, now: datetime, stdout=None) -> int:
    """Give each learner without reviews several weeks of history; return how many reviews were written."""
    cards = list(Card.objects.active().order_by("topic__order", "position", "id"))
    written = 0
    for i, learner in enumerate(learners):
        if ReviewLog.objects.filter(user=learner).exists():
            if stdout:
                stdout.write(f"  {learner.username}: already has reviews, left as is\n")
            continue
        study = StudySettings.for_user(learner)
        rng = random.Random(f"demo-{learner.username}")
        states, logs = _simulate(learner, study, cards, HABITS[i % len(HABITS)], now, rng)
        with transaction.atomic():
            CardState.objects.bulk_create([s for s in states if s.reps])
            ReviewLog.objects.bulk_create(logs, batch_size=1000)
        written += len(logs)
        if stdout:
            stdout.write(f"  {learner.username}: {len(logs)} reviews of {len(states)} cards\n")
    return written
