"""How many questions each random slot of a quiz draws: the same number in every attempt.

Pure (no Django). The builder's totals, the slot form, publishing and the draw
itself all use `plan_draws`, so what the builder promises is what learners get.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Draw:
    wanted: int
    pool: frozenset[int]  # ids of the approved questions it may draw (the quiz's fixed questions left out)


def draw_order(draws: Sequence[Draw]) -> list[int]:
    """Indexes in the order the draws pick: narrow pools first, so a broad draw cannot empty them."""
    return sorted(range(len(draws)), key=lambda i: (len(draws[i].pool), i))


def plan_draws(draws: Sequence[Draw]) -> list[int]:
    """How many questions each draw can always give, whatever the draws before it picked.

    A draw loses to each earlier one at most the lesser of what that one picks
    and the questions their pools share; counting the worst case keeps the
    number the same for every attempt (exact when pools are equal or disjoint).
    """
    counts = [0] * len(draws)
    done: list[int] = []
    for i in draw_order(draws):
        pool = draws[i].pool
        taken = sum(min(counts[j], len(pool & draws[j].pool)) for j in done)
        counts[i] = max(0, min(draws[i].wanted, len(pool) - taken))
        done.append(i)
    return counts


def room_for(draws: Sequence[Draw], pool: frozenset[int], most: int) -> int:
    """The largest draw (up to `most`) from `pool` that can join `draws` without any of them giving less."""
    before = plan_draws(draws)
    for wanted in range(min(most, len(pool)), 0, -1):
        after = plan_draws([*draws, Draw(wanted, pool)])
        if after[-1] == wanted and after[:-1] == before:
            return wanted
    return 0
