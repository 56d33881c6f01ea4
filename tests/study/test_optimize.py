"""Tests for studyapp.study.optimize: pure Python, no database.

The main test simulates a learner whose memory follows known, non-default
FSRS parameters and checks that fitting moves the parameters towards them
and predicts the learner's later (held-out) reviews better than the defaults.
"""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS
from fsrs_rs_python import FSRS, FSRSItem, FSRSReview

from studyapp.study.optimize import (
    NotEnoughHistory,
    ReviewRecord,
    build_items,
    check_history,
    dated_items,
    enough_history,
    fit,
)

NEW_YORK = ZoneInfo("America/New_York")
UTC_ZONE = ZoneInfo("UTC")
UTC = UTC


@pytest.fixture(autouse=True)
def _no_login_throttling():
    """Shadows tests/conftest.py's autouse fixture, which needs pytest-django's
    ``settings``: these tests must also run with ``-p no:django``."""


def ny(*args: int) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


# --------------------------------------------------------------------------
# build_items on a hand-made history
# --------------------------------------------------------------------------

HISTORY = [
    # card 1: learner days in New York with the day starting at 04:00
    ReviewRecord(1, 3, ny(2024, 3, 1, 23, 30)),  # day 1 March
    ReviewRecord(1, 3, ny(2024, 3, 2, 3, 30)),  # still 1 March (before 04:00)
    ReviewRecord(1, 1, ny(2024, 3, 2, 4, 30)),  # 2 March: +1 day
    ReviewRecord(1, 3, ny(2024, 3, 2, 4, 40)),  # same day: +0
    ReviewRecord(1, 3, ny(2024, 3, 9, 21, 0)),  # 9 March: +7
    ReviewRecord(1, 3, ny(2024, 3, 10, 21, 0)),  # 10 March (after DST, 23 h later): +1
    # card "two": a single review makes no item
    ReviewRecord("two", 3, ny(2024, 3, 3, 12, 0)),
    # card 3: two reviews on one learner day (22:00 and 02:00) make no item
    ReviewRecord(3, 3, ny(2024, 3, 5, 22, 0)),
    ReviewRecord(3, 3, ny(2024, 3, 6, 2, 0)),
]


def test_build_items_counts_learner_days_in_the_learners_zone():
    shuffled = HISTORY[:]
    random.Random(3).shuffle(shuffled)  # input order must not matter
    items = dated_items(shuffled, NEW_YORK, 4)
    assert [d.reviews for d in items] == [
        ((3, 0), (3, 0), (1, 1)),
        ((3, 0), (3, 0), (1, 1), (3, 0), (3, 7)),
        ((3, 0), (3, 0), (1, 1), (3, 0), (3, 7), (3, 1)),
    ]
    assert [d.last_day for d in items] == [date(2024, 3, 2), date(2024, 3, 9), date(2024, 3, 10)]


def test_build_items_same_moments_in_utc_give_other_deltas():
    # Card 1: 23:30 and 03:30 New York are 04:30 and 08:30 UTC on 2 March,
    # one day with the 04:30 review. Card 3: 22:00 and 02:00 New York are
    # 03:00 and 07:00 UTC, either side of 04:00 UTC: two days.
    items = dated_items(HISTORY, UTC_ZONE, 4)
    assert [d.reviews for d in items] == [
        ((3, 0), (3, 1)),
        ((3, 0), (3, 0), (1, 0), (3, 0), (3, 7)),
        ((3, 0), (3, 0), (1, 0), (3, 0), (3, 7), (3, 1)),
    ]


def test_build_items_returns_the_library_items():
    items = build_items(HISTORY, NEW_YORK, 4)
    expected = [FSRSItem([FSRSReview(r, d) for r, d in dated.reviews]) for dated in dated_items(HISTORY, NEW_YORK, 4)]
    # fsrs-rs-python objects have no __eq__ and no readable fields: compare reprs.
    assert [repr(i) for i in items] == [repr(i) for i in expected]
    assert all(i.long_term_review_cnt() > 0 for i in items)


def test_review_record_checks_its_fields():
    with pytest.raises(ValueError, match="rating"):
        ReviewRecord(1, 0, ny(2024, 3, 1, 12))
    with pytest.raises(ValueError, match="timezone-aware"):
        ReviewRecord(1, 3, datetime(2024, 3, 1, 12))
    assert ReviewRecord(1, 3, ny(2024, 3, 1, 12)).reviewed_at == datetime(2024, 3, 1, 17, tzinfo=UTC)


def test_too_little_history_is_refused_with_a_reason():
    check = check_history(HISTORY, NEW_YORK, 4)
    assert not check.ok and not enough_history(HISTORY, NEW_YORK, 4)
    assert "at least 400 reviews (has 9)" in check.reason
    assert "at least 7 different study days (has 7)" not in check.reason
    with pytest.raises(NotEnoughHistory, match="at least 400 reviews"):
        fit(HISTORY, NEW_YORK, 4)


# --------------------------------------------------------------------------
# Simulated learner with known, non-default parameters
# --------------------------------------------------------------------------

# A learner who forgets new cards much faster than FSRS's defaults assume:
# initial stabilities about a quarter of the defaults, and a steeper
# forgetting curve (decay 0.4 instead of 0.1542). With the default decay the
# FSRS-6 curve is so flat that even large changes in stability barely move
# predicted recall over the intervals the scheduler picks, and held-out log
# loss could not tell the models apart on a few thousand reviews.
TRUE_PARAMETERS = list(DEFAULT_PARAMETERS)
TRUE_PARAMETERS[0:4] = [0.05, 0.3, 0.6, 2.0]
TRUE_PARAMETERS[20] = 0.4

START = datetime(2024, 1, 1, 10, tzinfo=UTC)
DAYS = 180
CARDS = 800  # introduced evenly over all 180 days, so late days have new cards too


def _answer(rng: random.Random, recall_probability: float | None) -> fsrs.Rating:
    if recall_probability is None:  # first sight: how hard the card looks
        return rng.choices(list(fsrs.Rating), weights=[25, 10, 50, 15])[0]
    if rng.random() >= recall_probability:
        return fsrs.Rating.Again
    return rng.choices([fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy], weights=[1, 8, 1])[0]


def _simulate_card(card_id, rng, app, truth) -> list[ReviewRecord]:
    """One card's reviews: the app schedules with default parameters; the
    learner's answers are drawn from the TRUE model's retrievability, tracked
    on a parallel card that sees the same answers at the same times."""
    now = START + timedelta(days=card_id * DAYS // CARDS, seconds=rng.randrange(1800))
    card = fsrs.Card(card_id=card_id, due=now)
    true_card = fsrs.Card(card_id=card_id, due=now)
    records = []
    while now < START + timedelta(days=DAYS):
        first = true_card.last_review is None
        rating = _answer(rng, None if first else truth.get_card_retrievability(true_card, now))
        records.append(ReviewRecord(card_id, int(rating), now))
        card, _ = app.review_card(card, rating, now)
        true_card, _ = truth.review_card(true_card, rating, now)
        now = card.due
        # Learners are sometimes late, which spreads the elapsed times out.
        if card.state == fsrs.State.Review and rng.random() < 0.3:
            now += timedelta(days=rng.randint(1, 5))
    return records


def simulate(seed: int = 2024) -> list[ReviewRecord]:
    # No fuzz: py-fsrs draws it from the global random, which a seed here
    # would not cover; the late reviews above give the variety instead.
    app = fsrs.Scheduler(enable_fuzzing=False)
    truth = fsrs.Scheduler(parameters=TRUE_PARAMETERS, enable_fuzzing=False)
    rng = random.Random(seed)
    return [r for card_id in range(CARDS) for r in _simulate_card(card_id, rng, app, truth)]


def _initial_stability_distance(parameters) -> float:
    """Sum of |log w_i - log true w_i| over the four initial stabilities.

    Log space because they are scales spanning two orders of magnitude
    (0.05 to 8). These four are the fair yardstick: fsrs-rs estimates them
    directly from first-review outcomes, while the other parameters trade
    off against one another, so distance over the whole vector would mostly
    measure that trade-off rather than whether the fit learned the learner.
    """
    return sum(abs(math.log(parameters[i]) - math.log(TRUE_PARAMETERS[i])) for i in range(4))


@pytest.fixture(scope="module")
def simulated_fit():
    records = simulate()
    return records, fit(records, UTC_ZONE, 4)


def test_fit_moves_parameters_towards_the_true_ones(simulated_fit):
    _, result = simulated_fit
    default_distance = _initial_stability_distance(DEFAULT_PARAMETERS)
    fitted_distance = _initial_stability_distance(result.parameters)
    assert fitted_distance < 0.6 * default_distance, (fitted_distance, default_distance)
    # Not asserted: the decay (w20). It moved from 0.154 towards the true 0.4
    # (to 0.19-0.35) on seeds 0-9 of this simulation but stayed at 0.153 on
    # the seed used here, so it is not a reliable yardstick at this size.


def test_fitted_parameters_predict_held_out_reviews_better(simulated_fit):
    records, result = simulated_fit
    assert result.fitted_log_loss < result.default_log_loss
    assert result.fitted_rmse_bins < result.default_rmse_bins
    # The test of the test: the true parameters themselves beat the defaults
    # on the held-out items, so the simulated difference is detectable there.
    held_out = [d.item for d in dated_items(records, UTC_ZONE, 4) if d.last_day >= result.first_test_day]
    assert len(held_out) == result.n_test_items
    assert FSRS(TRUE_PARAMETERS).evaluate(held_out).log_loss < result.default_log_loss


def test_fit_reports_the_split_and_serialises(simulated_fit):
    records, result = simulated_fit
    assert enough_history(records, UTC_ZONE, 4)
    assert result.n_reviews == len(records)
    assert result.n_days == DAYS
    assert result.n_test_days == math.ceil(0.2 * DAYS)
    assert result.first_test_day == date(2024, 1, 1) + timedelta(days=DAYS - 36)
    assert result.n_train_items + result.n_test_items == result.n_items
    assert result.n_test_items >= 500 and result.n_train_items >= 2000
    assert len(result.parameters) == 21 and result.seconds >= 0
    data = json.loads(json.dumps(result.to_dict()))
    assert data["first_test_day"] == result.first_test_day.isoformat()
    assert data["fitted_is_better"] is True
