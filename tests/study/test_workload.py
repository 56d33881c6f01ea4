"""Tests for studyapp.study.workload: pure Python, no database, fixed seeds."""

from __future__ import annotations

import math
from datetime import date, timedelta

import fsrs
import pytest

from studyapp.study.planning import CardMemory, Exam, Pace, PlanSettings
from studyapp.study.scheduling import SchedulerSettings
from studyapp.study.workload import (
    DEFAULT_HABITS,
    Answer,
    Habits,
    forecast_minutes,
    habits_from_log,
    retention_grid,
    retention_options,
    seconds_per_answer,
    simulate,
)

TODAY = date(2025, 3, 3)
NEW, LEARNING, REVIEW = 0, int(fsrs.State.Learning), int(fsrs.State.Review)
# Again 10 s, Hard 20 s, Good 30 s, Easy 40 s; first answers all Easy; recalled reviews all Good
PLAIN = Habits(seconds=(10.0, 20.0, 30.0, 40.0), first_rating_mix=(0, 0, 0, 1), recalled_rating_mix=(0, 1, 0))


def review_card(card_id, stability, last, due) -> CardMemory:
    return CardMemory(card_id, REVIEW, stability, 5.0, TODAY + timedelta(days=due), TODAY + timedelta(days=last))


# --------------------------------------------------------------------------
# Habits from the log
# --------------------------------------------------------------------------


def test_seconds_are_the_mean_per_rating_and_the_default_for_a_short_log():
    goods = [Answer(3, 5000)] * 9 + [Answer(3, 50000)]  # mean 9.5 s (the median would say 5)
    agains = [Answer(1, 30000)] * 9  # 9 answers: too few, the default stands
    assert seconds_per_answer(goods + agains) == (
        DEFAULT_HABITS.seconds[0],
        DEFAULT_HABITS.seconds[1],
        9.5,
        DEFAULT_HABITS.seconds[3],
    )


def test_the_defaults_are_fsrs_rs_review_costs_and_rating_mixes():
    assert DEFAULT_HABITS.seconds == (19.38, 17.59, 12.38, 8.94)
    assert DEFAULT_HABITS.first_rating_mix == pytest.approx((0.24, 0.094, 0.495, 0.171))
    assert DEFAULT_HABITS.recalled_rating_mix == pytest.approx((0.224, 0.631, 0.145))


def test_rating_mixes_move_from_the_defaults_towards_the_learners_own():
    assert habits_from_log([]) == DEFAULT_HABITS
    log = (
        [Answer(3, 8000, NEW)] * 20  # 20 first answers, all Good
        + [Answer(4, 8000, REVIEW)] * 20  # 20 recalled reviews, all Easy
        + [Answer(1, 8000, REVIEW)] * 5  # forgotten reviews are not in the Hard/Good/Easy mix
        + [Answer(2, 8000, LEARNING)] * 5  # nor are answers at a learning step
    )
    habits = habits_from_log(log)
    # 20 answers of the learner's against 20 of the default mix
    assert habits.first_rating_mix == pytest.approx(
        ((20 * 0.24) / 40, (20 * 0.094) / 40, (20 + 20 * 0.495) / 40, (20 * 0.171) / 40)
    )
    assert habits.recalled_rating_mix == pytest.approx(((20 * 0.224) / 40, (20 * 0.631) / 40, (20 + 20 * 0.145) / 40))


# --------------------------------------------------------------------------
# The simulation
# --------------------------------------------------------------------------


def test_a_new_card_rated_easy_comes_back_inside_its_fuzz_window():
    # first answer Easy: S = w3 = 8.2956, interval round(8.2956) = 8 days at 90 %;
    # its window: delta = 1 + 0.15 * 4.5 + 0.1 * 1 = 1.775, so 6..10 days
    run = simulate([], PlanSettings(), Pace(new_left=1, new_per_day=5), today=TODAY, days=12, habits=PLAIN)
    assert run.answers_per_day[0] == 1
    assert run.minutes_per_day[0] == pytest.approx(40 / 60)
    assert sum(run.answers_per_day[1:6]) == 0
    assert sum(run.answers_per_day[6:11]) == 1


def test_reviews_are_forgotten_as_often_as_the_curve_predicts():
    # 2000 cards of S = 10 last seen 20 days ago: R(20, 10) = (1 + 0.9804 · 2) ^ -0.1542 ≈ 0.846
    recall = (1 + (0.9 ** (-1 / 0.1542) - 1) * 2) ** -0.1542
    cards = [review_card(k, 10.0, last=-20, due=0) for k in range(2000)]
    run = simulate(cards, PlanSettings(), Pace(), today=TODAY, days=1, seed=3, habits=PLAIN)
    forgotten = run.answers_per_day[0] - 2000  # each forgotten card is answered again at its 10-minute step
    expected, spread = 2000 * (1 - recall), math.sqrt(2000 * recall * (1 - recall))
    assert abs(forgotten - expected) < 4 * spread
    # each recalled: Good 30 s; each forgotten: Again 10 s and then Good 30 s at the step
    assert run.minutes_per_day[0] == pytest.approx((2000 * 30 + forgotten * 10) / 60)


def test_the_same_seed_gives_the_same_forecast_and_another_seed_another():
    cards = [review_card(k, 3.0 + k % 7, last=-(k % 5), due=k % 4) for k in range(200)]
    pace = Pace(new_left=50, new_per_day=10)
    first = forecast_minutes(cards, PlanSettings(), pace, days=30, seed=1, today=TODAY)
    assert forecast_minutes(cards, PlanSettings(), pace, days=30, seed=1, today=TODAY) == first
    assert forecast_minutes(cards, PlanSettings(), pace, days=30, seed=2, today=TODAY) != first
    assert len(first) == 30 and all(minutes > 0 for minutes in first[:5])


def test_an_exam_brings_a_review_forward_to_its_target_day():
    # S = 10 reviewed 2 days ago, due in 8 days; exam in 6 days at 95 %: R(8, 10) ≈ 0.92 < 0.95,
    # so it is due when R falls to 0.95, floor(4.02) = 4 days after its review: in 2 days
    card = review_card(1, 10.0, last=-2, due=8)
    plain = simulate([card], PlanSettings(), Pace(), today=TODAY, days=9, habits=PLAIN)
    planned = simulate(
        [card], PlanSettings(), Pace(exam=Exam(TODAY + timedelta(days=6), 0.95)), today=TODAY, days=9, habits=PLAIN
    )
    assert plain.answers_per_day.index(1) == 8
    assert planned.answers_per_day.index(1) == 2


def test_expected_remembered_sums_each_cards_recall_at_the_end():
    cards = [review_card(1, 100.0, last=-1, due=60), review_card(2, 50.0, last=0, due=40)]
    run = simulate(cards, PlanSettings(), Pace(), today=TODAY, days=10)
    factor = 0.9 ** (-1 / 0.1542) - 1
    assert run.expected_remembered() == pytest.approx(
        (1 + factor * 11 / 100) ** -0.1542 + (1 + factor * 10 / 50) ** -0.1542
    )


# --------------------------------------------------------------------------
# Choosing a retention
# --------------------------------------------------------------------------


def test_the_retention_grid_runs_from_70_to_97_percent():
    assert retention_grid() == [
        0.70,
        0.72,
        0.74,
        0.76,
        0.78,
        0.80,
        0.82,
        0.84,
        0.86,
        0.88,
        0.90,
        0.92,
        0.94,
        0.96,
        0.97,
    ]
    assert len(retention_grid(step=0.01)) == 28 and retention_grid(step=0.01)[-1] == 0.97


def test_retention_options_mark_the_current_choice_and_the_most_efficient():
    settings = PlanSettings(scheduler=SchedulerSettings(desired_retention=0.85))
    options = retention_options([], settings, Pace(new_left=80, new_per_day=10), days=60, today=TODAY)
    by_retention = {option.retention: option for option in options}
    assert [o.retention for o in options if o.current] == [0.85]  # off the grid, yet among the options
    best = [o for o in options if o.most_efficient]
    assert len(best) == 1
    assert best[0].remembered_per_minute == max(o.remembered_per_minute for o in options)
    # a higher retention costs more and keeps more
    assert by_retention[0.97].minutes_per_day > 1.5 * by_retention[0.70].minutes_per_day
    assert by_retention[0.97].expected_remembered > by_retention[0.70].expected_remembered


def test_with_nothing_to_study_the_current_retention_is_the_choice():
    options = retention_options([], PlanSettings(), Pace(), retentions=[0.8, 0.9], days=10, today=TODAY)
    assert [(o.retention, o.minutes_per_day, o.current, o.most_efficient) for o in options] == [
        (0.8, 0.0, False, False),
        (0.9, 0.0, True, True),
    ]
