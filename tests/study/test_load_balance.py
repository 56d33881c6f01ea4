"""Tests for studyapp.study.load_balance: pure Python, no database."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest

from studyapp.study.load_balance import balanced_due_day, easy_day_modifiers, fuzz_window

MONDAY = date(2025, 3, 3)


def days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=k) for k in range(count)]


# --------------------------------------------------------------------------
# The fuzz window
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "minimum", "maximum", "window"),
    [
        (1.0, 1, 1000, (1, 1)),  # under 2.5 days: no fuzz
        (2.49, 1, 1000, (2, 2)),
        (2.5, 1, 1000, (2, 4)),  # delta 1: [1.5, 3.5] rounds half up to [2, 4]
        (7.0, 1, 1000, (5, 9)),  # delta 1 + 0.15 * 4.5 = 1.675: [5.325, 8.675]
        (17.0, 1, 1000, (14, 20)),  # delta 1.675 + 0.1 * 10 = 2.675: [14.325, 19.675]
        (37.0, 1, 1000, (33, 41)),  # delta 1.675 + 1.3 + 0.05 * 17 = 3.825: [33.175, 40.825]
        (2.0, 3, 1000, (3, 4)),  # a one-day window above 2 days gets the next day
        (2.0, 3, 3, (3, 3)),  # ...unless that is past the maximum
        (100.0, 101, 1000, (101, 108)),  # kept above the minimum
        (100.0, 1, 99, (92, 99)),  # and below the maximum
    ],
)
def test_the_window_is_ankis_fuzz_range(interval, minimum, maximum, window):
    assert fuzz_window(interval, minimum, maximum) == window


# --------------------------------------------------------------------------
# Picking the day
# --------------------------------------------------------------------------


def test_it_picks_the_lightest_day_of_the_window():
    # interval 10: delta = 1.675 + 0.1 * 3 = 1.975, window [8.025, 11.975] -> 8..12 days
    load = dict(zip(days(MONDAY + timedelta(days=8), 5), [5, 3, 4, 2, 6]))
    assert balanced_due_day(MONDAY + timedelta(days=10), 10, load) == MONDAY + timedelta(days=11)


def test_an_empty_day_wins_and_ties_go_to_the_day_nearest_the_proposed_one():
    load = {MONDAY + timedelta(days=d): 4 for d in range(8, 13)}
    del load[MONDAY + timedelta(days=9)], load[MONDAY + timedelta(days=12)]
    assert balanced_due_day(MONDAY + timedelta(days=10), 10, load) == MONDAY + timedelta(days=9)


def test_on_equal_loads_the_earlier_day_weighs_more():
    # the same count on every day: weight 1 / (n² · interval) is largest for the shortest interval
    load = {day: 3 for day in days(MONDAY, 20)}
    assert balanced_due_day(MONDAY + timedelta(days=10), 10, load) == MONDAY + timedelta(days=8)


def test_it_never_leaves_the_window():
    draw = random.Random(7)
    for _ in range(500):
        interval = draw.randint(1, 90)
        proposed = MONDAY + timedelta(days=interval)
        load = {day: draw.randint(0, 30) for day in days(MONDAY, 120)}
        easy = {draw.randint(0, 6): draw.choice([0.0, 0.5])}
        lower, upper = fuzz_window(interval)
        picked = balanced_due_day(proposed, interval, load, easy, rng=random.Random(draw.random()))
        assert lower <= (picked - MONDAY).days <= upper


def test_drawn_days_lean_to_the_lighter_ones_in_proportion_to_their_weight():
    # interval 4: delta = 1 + 0.15 * 1.5 = 1.225, window [2.775, 5.225] -> 3..5 days
    load = {MONDAY + timedelta(days=3): 1, MONDAY + timedelta(days=4): 2, MONDAY + timedelta(days=5): 1}
    weights = {3: 1 / 3, 4: 1 / 4 / 4, 5: 1 / 5}  # (1/n)² · (1/interval)
    rng = random.Random(1)
    drawn = Counter((balanced_due_day(MONDAY + timedelta(days=4), 4, load, rng=rng) - MONDAY).days for _ in range(6000))
    total = sum(weights.values())
    for interval, weight in weights.items():
        assert drawn[interval] / 6000 == pytest.approx(weight / total, abs=0.02)


def test_intervals_over_90_days_are_not_balanced():
    proposed = MONDAY + timedelta(days=91)
    load = {proposed: 100}
    assert balanced_due_day(proposed, 91, load) == proposed
    at_90 = MONDAY + timedelta(days=90)
    assert balanced_due_day(at_90, 90, {at_90: 100}) != at_90


# --------------------------------------------------------------------------
# Easy days
# --------------------------------------------------------------------------


def test_a_day_off_is_avoided_even_when_it_is_the_lightest():
    # interval 6 from Monday 3 March: window 4..8 days = Friday 7 to Tuesday 11; Saturday and Sunday empty
    load = {MONDAY + timedelta(days=d): 10 for d in range(4, 9)}
    load[date(2025, 3, 8)] = load[date(2025, 3, 9)] = 0
    weekend_off = {5: 0.0, 6: 0.0}
    assert balanced_due_day(MONDAY + timedelta(days=6), 6, load).weekday() in (5, 6)
    assert balanced_due_day(MONDAY + timedelta(days=6), 6, load, weekend_off).weekday() not in (5, 6)


def test_a_reduced_day_counts_as_normal_until_it_carries_more_than_its_share():
    window = days(date(2025, 3, 7), 3)  # Friday, Saturday (half a day's load), Sunday
    saturday_half = {5: 0.5}
    # others: 10 + 10 reviews over 2 shares = 10 a share; Saturday 4 / 0.5 = 8 a share: still normal
    assert easy_day_modifiers(window, [10, 4, 10], saturday_half) == [1.0, 1.0, 1.0]
    # Saturday 6 / 0.5 = 12 a share, more than the others' 10: weighted down
    assert easy_day_modifiers(window, [10, 6, 10], saturday_half) == [1.0, 0.0001, 1.0]


def test_a_window_of_days_off_still_gives_a_day_inside_it():
    # reviewed Wednesday 5 March, interval 3: window 2..4 days = Friday to Sunday, all days off
    picked = balanced_due_day(date(2025, 3, 8), 3, {}, {4: 0.0, 5: 0.0, 6: 0.0})
    assert date(2025, 3, 7) <= picked <= date(2025, 3, 9)
