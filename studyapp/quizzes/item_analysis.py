"""Item analysis, as Moodle defines it (pure, no Django).

- Facility index: the mean score on the item as a percentage of its maximum.
- Discrimination index: 100 × the correlation of the item's score with the
  score on the rest of the test (the attempt's total less this item), over the
  attempts that included the item. Undefined (None) with fewer than two such
  attempts or when either score does not vary.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class ItemScore:
    question_id: int
    score: float  # points earned
    points: float  # points possible


@dataclass(frozen=True)
class AttemptScores:
    total: float
    items: tuple[ItemScore, ...]


@dataclass(frozen=True)
class ItemStats:
    question_id: int
    attempts: int
    facility: float | None  # percent
    discrimination: float | None  # percent, -100..100


def correlation(xs: list[float], ys: list[float]) -> float | None:
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx <= 1e-12 or syy <= 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)


def item_statistics(attempts: list[AttemptScores]) -> dict[int, ItemStats]:
    by_question: dict[int, list[tuple[float, float]]] = {}
    for attempt in attempts:
        for item in attempt.items:
            fraction = item.score / item.points if item.points else 0.0
            by_question.setdefault(item.question_id, []).append((fraction, attempt.total - item.score))
    stats = {}
    for question_id, pairs in by_question.items():
        fractions = [f for f, _ in pairs]
        rests = [r for _, r in pairs]
        r = correlation(fractions, rests)
        stats[question_id] = ItemStats(
            question_id=question_id,
            attempts=len(pairs),
            facility=100 * sum(fractions) / len(fractions) if fractions else None,
            discrimination=None if r is None else 100 * r,
        )
    return stats
