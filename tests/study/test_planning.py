"""Tests for studyapp.study.planning: pure Python, no database.

Expected figures come from the forgetting curve written out here:
R(t, S) = (1 + F · t / S) ^ -w20, F = 0.9 ^ (-1 / w20) - 1, and its inverse
t = S / F · (R ^ (-1 / w20) - 1).
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.study.planning import (
    NEW,
    CardMemory,
    Exam,
    PlanSettings,
    brought_forward,
    days_until_recall,
    exam_interval,
    new_cards_pace,
    plan_pace,
    predicted_recall,
    recall_after,
    topic_readiness,
)

W20 = DEFAULT_PARAMETERS[20]  # 0.1542
F = 0.9 ** (-1 / W20) - 1
JAN = date(2025, 1, 1)


def curve(t: float, s: float) -> float:
    return (1 + F * t / s) ** -W20


def days_to(target: float, s: float) -> float:
    return s / F * (target ** (-1 / W20) - 1)


def day(n: int) -> date:
    return JAN + timedelta(days=n)


def review_card(card_id, stability, last, due, topic=None) -> CardMemory:
    return CardMemory(card_id, int(fsrs.State.Review), stability, 5.0, day(due), day(last), topic_id=topic)


# --------------------------------------------------------------------------
# The forgetting curve
# --------------------------------------------------------------------------


def test_recall_is_90_percent_after_stability_days_and_matches_py_fsrs():
    assert recall_after(10, 10) == pytest.approx(0.9)
    assert recall_after(25, 10) == pytest.approx(curve(25, 10))
    card = fsrs.Card(
        card_id=1,
        state=fsrs.State.Review,
        stability=10,
        difficulty=5,
        last_review=datetime(2025, 1, 1, 12, tzinfo=UTC),
    )
    later = datetime(2025, 1, 26, 12, tzinfo=UTC)
    assert recall_after(25, 10) == pytest.approx(fsrs.Scheduler().get_card_retrievability(card, later))


def test_recall_uses_the_parameters_own_decay():
    steep = list(DEFAULT_PARAMETERS)
    steep[20] = 0.5
    factor = 0.9 ** (-1 / 0.5) - 1
    assert recall_after(30, 10, steep) == pytest.approx((1 + factor * 3) ** -0.5)
    assert recall_after(30, 10, steep) != pytest.approx(recall_after(30, 10))


def test_days_until_recall_inverts_the_curve():
    # S = 10, target 0.95: 10 / 0.9804 · (0.95 ^ -6.485 - 1) ≈ 4.02 days
    assert days_until_recall(10, 0.95) == pytest.approx(days_to(0.95, 10))
    assert days_until_recall(10, 0.95) == pytest.approx(4.02, abs=0.01)
    assert days_until_recall(10, 0.9) == pytest.approx(10)


# --------------------------------------------------------------------------
# Exam intervals
# --------------------------------------------------------------------------


def test_an_interval_past_the_exam_is_cut_to_the_last_day_at_the_target():
    # S = 10 reviewed 1 January, proposed 11 January, exam 20 January at 95 %:
    # on the exam R(19, 10) ≈ 0.85 < 0.95, so review when R falls to 0.95: after floor(4.02) = 4 days
    assert curve(19, 10) < 0.95
    due = exam_interval(10, day(0), day(25), day(19), 0.95)
    assert due == day(math.floor(days_to(0.95, 10))) == day(4)


def test_a_card_at_the_target_on_exam_day_keeps_its_day():
    # S = 100: R(19, 100) ≈ 0.974 ≥ 0.95, no review needed before the exam
    assert curve(19, 100) >= 0.95
    assert exam_interval(100, day(0), day(90), day(19), 0.95) == day(90)


def test_an_interval_ending_before_the_exam_keeps_its_day():
    assert exam_interval(10, day(0), day(10), day(19), 0.95) == day(10)


def test_after_the_exam_the_proposed_day_stands():
    assert exam_interval(10, day(20), day(30), day(19), 0.95) == day(30)
    assert exam_interval(10, day(19), day(29), day(19), 0.95) == day(29)


def test_a_weak_memory_just_answered_comes_back_tomorrow():
    # S = 1: R reaches 95 % after 0.4 days, yet a review card waits at least a day
    assert days_to(0.95, 1) < 1
    assert exam_interval(1, day(0), day(1), day(1), 0.95) == day(1)


def test_a_card_below_the_target_before_tomorrow_is_due_today():
    # S = 5 reviewed on day 0, today day 5: R(5, 5) = 0.9 < 0.95 and R(6, 5) lower still
    assert exam_interval(5, day(0), day(30), day(19), 0.95, today=day(5)) == day(5)
    # with today on day 1, the 95 % mark (day 2) is still ahead: it stands
    assert exam_interval(5, day(0), day(30), day(19), 0.95, today=day(1)) == day(2)


# --------------------------------------------------------------------------
# Brought forward
# --------------------------------------------------------------------------


def test_cards_that_cannot_wait_come_forward_lowest_exam_recall_first():
    today, exam = day(10), day(30)
    weak = review_card("weak", 5, last=0, due=40)  # at the 95 % mark after 2.01 days: long past
    weaker = review_card("weaker", 3, last=0, due=35)  # ... after 1.2 days
    strong = review_card("strong", 400, last=0, due=200)  # R(30, 400) ≈ 0.99: waits
    before_exam = review_card("before", 5, last=0, due=12)  # reviewed before the exam anyway
    due_anyway = review_card("due", 5, last=0, due=10)  # already due today
    new = CardMemory("new")
    found = brought_forward([weak, strong, before_exam, due_anyway, weaker, new], today, exam, 0.95)
    assert [card.card_id for card in found] == ["weaker", "weak"]
    assert curve(30, 3) < curve(30, 5)


# --------------------------------------------------------------------------
# Pace
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new_left", "days_left", "own", "pace"),
    [
        (100, 30, 3, 4),  # 27 days before the 3 review days: ceil(100 / 27) = 4
        (100, 30, 10, 10),  # the learner's own pace is faster: it stands
        (100, 4, 3, 100),  # one day before the review days: everything today
        (100, 2, 3, 50),  # inside the review days: spread over the 2 days left
        (2, 30, 10, 2),  # never more than is left
        (0, 30, 10, 0),
        (100, 0, 10, 10),  # exam day or later: the learner's own setting
        (100, -5, 10, 10),
    ],
)
def test_new_cards_are_paced_to_be_in_before_the_review_days(new_left, days_left, own, pace):
    assert new_cards_pace(new_left, JAN, day(days_left), own) == pace


def test_a_pace_keeps_the_learners_own_rate_without_an_exam():
    settings = PlanSettings(new_cards_per_day=7)
    assert plan_pace(100, JAN, settings).new_per_day == 7
    assert plan_pace(100, JAN, settings, Exam(day(13))).new_per_day == 10  # ceil(100 / 10)


# --------------------------------------------------------------------------
# Predicted recall, by card and by topic
# --------------------------------------------------------------------------


def test_predicted_recall_of_a_card_and_of_a_card_never_studied():
    assert predicted_recall(review_card(1, 10, last=0, due=10), day(25)) == pytest.approx(curve(25, 10))
    assert predicted_recall(CardMemory(2), day(25)) == 0.0


def test_topic_readiness_is_the_mean_recall_with_unstudied_cards_at_zero():
    cards = [
        review_card(1, 10, last=0, due=10, topic="a"),
        review_card(2, 20, last=0, due=20, topic="a"),
        CardMemory(3, topic_id="a"),
        review_card(4, 10, last=5, due=15, topic="b"),
    ]
    readiness = topic_readiness(cards, day(20))
    assert readiness["a"] == pytest.approx((curve(20, 10) + curve(20, 20) + 0) / 3)
    assert readiness["b"] == pytest.approx(curve(15, 10))


def test_a_memory_from_py_fsrs_counts_in_learner_days():
    # reviewed 02:30 on 2 March in New York, due 23:00 on 11 March: with days starting at 04:00
    # the review belongs to 1 March and the due moment to 11 March
    york = ZoneInfo("America/New_York")
    card = fsrs.Card(
        card_id=9,
        state=fsrs.State.Review,
        stability=9.5,
        difficulty=4.0,
        last_review=datetime(2025, 3, 2, 2, 30, tzinfo=york).astimezone(UTC),
        due=datetime(2025, 3, 11, 23, 0, tzinfo=york).astimezone(UTC),
    )
    memory = CardMemory.from_fsrs(card, york, 4, topic_id=3)
    assert (memory.last_review_day, memory.due_day) == (date(2025, 3, 1), date(2025, 3, 11))
    assert (memory.state, memory.stability, memory.topic_id, memory.studied) == (2, 9.5, 3, True)
    assert CardMemory.from_fsrs(fsrs.Card(card_id=10)).state == NEW
