"""Simulated study histories for the benchmark data: one learner's reviews, made by py-fsrs.

Pure Python (no Django), so it runs in worker processes and in fast tests.
A learner studies on most days: first the learning and review cards that are
due, then a few new cards in note order, with learning steps repeated within
the session as the app does. Whether a review is passed is drawn from FSRS's
own predicted recall, so about nine in ten on-time reviews pass and intervals
grow as they would for a real learner with the default parameters.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs

from studyapp.study.scheduling import SchedulerSettings, build_scheduler

BASE = datetime(2000, 1, 3, 4, tzinfo=UTC)  # a day start (04:00 UTC); shifted later
LEARN_AHEAD = timedelta(minutes=20)
MAX_REVIEWS_PER_DAY = 200
MAX_DAYS = 3650
PASS_RATINGS, PASS_WEIGHTS = (2, 3, 4), (0.12, 0.78, 0.10)
LEARN_RATINGS, LEARN_WEIGHTS = (1, 2, 3, 4), (0.15, 0.10, 0.65, 0.10)


@dataclass
class Memory:
    """A card as the app stores it: the FSRS card plus the app's counters."""

    card: fsrs.Card
    reps: int = 0
    lapses: int = 0
    version: int = 0

    def snapshot(self) -> dict:
        """The same dict as CardState.snapshot() (due and last_review filled in at shift time)."""
        c = self.card
        return {
            "state": int(c.state),
            "step": c.step,
            "stability": c.stability,
            "difficulty": c.difficulty,
            "due": c.due,
            "last_review": c.last_review,
            "reps": self.reps,
            "lapses": self.lapses,
            "version": self.version,
        }


@dataclass
class Review:
    card_index: int
    rating: int
    reviewed_at: datetime
    duration_ms: int
    kind_before: int  # 0 new, else the FSRS state before
    before: dict | None
    interval_before_days: float | None
    after: dict
    interval_days: float
    version_before: int


@dataclass
class History:
    reviews: list[Review]
    memories: dict[int, Memory]  # card index -> final state, for the cards studied
    days: int  # study days simulated, the last one being day `days - 1` after BASE


def simulate(n_cards: int, n_reviews: int, seed: int) -> History:
    """A history of about n_reviews answers over at most n_cards cards, from BASE onwards."""
    rng = random.Random(seed)
    random.seed(seed)  # py-fsrs draws its interval fuzz from the global generator
    scheduler = build_scheduler(SchedulerSettings())
    new_per_day = rng.choice((5, 8, 10, 12, 15, 20))
    study_chance = rng.uniform(0.6, 0.95)
    memories: dict[int, Memory] = {}
    queue: list[tuple[datetime, int]] = []  # (due, card index) of every studied card
    reviews: list[Review] = []
    next_new = 0
    day = 0
    for day in range(MAX_DAYS):
        if len(reviews) >= n_reviews:
            break
        if rng.random() > study_chance:
            continue
        day_start = BASE + timedelta(days=day)
        day_end = day_start + timedelta(days=1)
        now = day_start + timedelta(hours=rng.uniform(3, 16))
        new_today = reviewed_today = 0
        while len(reviews) < n_reviews:
            if (
                queue
                and queue[0][0] < day_end
                and reviewed_today < MAX_REVIEWS_PER_DAY
                and (memories[queue[0][1]].card.state == fsrs.State.Review or queue[0][0] <= now + LEARN_AHEAD)
            ):
                _, index = heapq.heappop(queue)
                memory = memories[index]
            elif new_today < new_per_day and next_new < n_cards:
                index, next_new, new_today = next_new, next_new + 1, new_today + 1
                memory = memories[index] = Memory(fsrs.Card(card_id=index + 1))
            else:
                break
            duration_ms = int(min(60_000, rng.lognormvariate(8.8, 0.6)))  # ~7 s typical
            now += timedelta(milliseconds=duration_ms + rng.randint(500, 4000))
            reviews.append(_answer(scheduler, memory, index, now, duration_ms, rng))
            reviewed_today += 1
            heapq.heappush(queue, (memory.card.due, index))
    return History(reviews, memories, day)


def _answer(
    scheduler: fsrs.Scheduler, memory: Memory, index: int, now: datetime, duration_ms: int, rng: random.Random
) -> Review:
    card = memory.card
    first = memory.reps == 0
    if not first and card.state == fsrs.State.Review:
        recalled = rng.random() < scheduler.get_card_retrievability(card, now)
        rating = rng.choices(PASS_RATINGS, PASS_WEIGHTS)[0] if recalled else 1
    else:
        rating = rng.choices(LEARN_RATINGS, LEARN_WEIGHTS)[0]
    before = None if first else memory.snapshot()
    interval_before = None if first else (card.due - card.last_review).total_seconds() / 86400
    kind_before = 0 if first else int(card.state)
    version_before = memory.version
    lapsed = not first and card.state == fsrs.State.Review and rating == 1
    memory.card, _ = scheduler.review_card(card, fsrs.Rating(rating), review_datetime=now, review_duration=duration_ms)
    memory.reps += 1
    memory.lapses += int(lapsed)
    memory.version += 1
    return Review(
        index,
        rating,
        now,
        duration_ms,
        kind_before,
        before,
        interval_before,
        memory.snapshot(),
        (memory.card.due - now).total_seconds() / 86400,
        version_before,
    )
