"""Planning on simulated learners: pure Python, no database, fixed seeds.

A simulated learner's memory follows FSRS (the app's own parameters); they study every day and
answer everything due, scheduled as the app schedules: py-fsrs's scheduler with its fuzz (drawn from
a seeded generator), then the exam rule or the load balancer where the test turns them on. Answer
times are drawn around each rating's typical time, skewed as real answer times are and cut at a
minute as the app records them. This learner is written here, apart from ``workload.simulate``, so
the forecast is checked against a simulation it does not share code with.
"""

from __future__ import annotations

import heapq
import math
import random
import statistics
from datetime import date, timedelta

import fsrs
import fsrs.scheduler

from studyapp.study.load_balance import balanced_due_day, fuzz_window
from studyapp.study.planning import CardMemory, Exam, Pace, PlanSettings, exam_interval, new_cards_pace
from studyapp.study.scheduling import build_scheduler
from studyapp.study.workload import Answer, forecast_minutes, habits_from_log, noon

START = date(2025, 3, 3)  # a Monday
FIRST_MIX = (0.15, 0.10, 0.60, 0.15)  # this learner's first ratings of new cards
RECALLED_MIX = (0.10, 0.75, 0.15)  # Hard, Good, Easy when they recall a card in review
TYPICAL_SECONDS = {1: 14.0, 2: 11.0, 3: 7.0, 4: 4.0}


class Learner:
    """A learner studying day by day, with optional exam and load balancing."""

    def __init__(self, *, seed, settings=None, exam=None, balance=False, easy_days=None):
        self.settings = settings or PlanSettings()
        self.scheduler = build_scheduler(self.settings.scheduler)  # fuzz on, as in the app
        self.rng = random.Random(seed)
        self.fuzz = random.Random(seed + 1)
        self.exam, self.balance, self.easy_days = exam, balance, easy_days
        self.cards: dict[int, fsrs.Card] = {}
        self.queue: list[tuple] = []  # (due, card id): each card once, pushed again when answered
        self.log: list[Answer] = []
        self.minutes_by_day: dict[date, float] = {}
        self.reviews_by_day: dict[date, int] = {}
        self.new_by_day: dict[date, int] = {}
        self.load: dict[date, int] = {}
        self.next_id = 0

    def study(self, days: int, new_per_day: int, deck: int, monkeypatch) -> None:
        monkeypatch.setattr(fsrs.scheduler, "random", self.fuzz.random)
        first = START + timedelta(days=len(self.minutes_by_day))
        for day in (first + timedelta(days=k) for k in range(days)):
            new_left = deck - self.next_id
            pace = new_per_day if self.exam is None else new_cards_pace(new_left, day, self.exam.day, new_per_day)
            self.new_by_day[day] = min(pace, new_left)
            for _ in range(min(pace, new_left)):
                self._put(fsrs.Card(card_id=self.next_id, due=noon(day)))
                self.next_id += 1
            self._answer_all_due(day)

    def _answer_all_due(self, day: date) -> None:
        minutes, reviews, now = 0.0, 0, noon(day)
        while self.queue and self.queue[0][0] <= now + timedelta(hours=12):
            card = self.cards[heapq.heappop(self.queue)[1]]
            now = max(now, card.due)
            kind = 0 if card.stability is None else int(card.state)
            rating = self._rating(card, now)
            seconds = min(60.0, TYPICAL_SECONDS[rating] * self.rng.lognormvariate(0, 0.5))
            self.log.append(Answer(rating, int(seconds * 1000), kind))
            minutes += seconds / 60
            reviews += kind == int(fsrs.State.Review)
            new_card, _ = self.scheduler.review_card(card, fsrs.Rating(rating), now)
            self._put(self._plan(new_card, now))
            now += timedelta(seconds=seconds)
        self.minutes_by_day[day] = minutes
        self.reviews_by_day[day] = reviews

    def _put(self, card: fsrs.Card) -> None:
        self.cards[card.card_id] = card
        heapq.heappush(self.queue, (card.due, card.card_id))

    def _rating(self, card: fsrs.Card, now) -> int:
        if card.stability is None:
            return self.rng.choices((1, 2, 3, 4), FIRST_MIX)[0]
        if self.rng.random() >= self.scheduler.get_card_retrievability(card, now):
            return 1
        return self.rng.choices((2, 3, 4), RECALLED_MIX)[0]

    def _plan(self, card: fsrs.Card, now) -> fsrs.Card:
        """What the app would do with a fresh review interval: balance it, then let the exam shorten it."""
        if card.state != fsrs.State.Review:
            return card
        today, day = now.date(), card.due.date()
        if self.balance:
            interval = (day - today).days
            day = balanced_due_day(day, interval, self.load, self.easy_days)  # the lightest day
            lower, upper = fuzz_window(interval)
            assert lower <= (day - today).days <= upper, "a balanced day left its fuzz window"
        if self.exam is not None:
            day = exam_interval(card.stability, today, day, self.exam.day, self.exam.target)
        self.load[day] = self.load.get(day, 0) + 1
        card.due = noon(day)
        return card

    def memories(self) -> list[CardMemory]:
        return [CardMemory.from_fsrs(card) for card in self.cards.values()]

    def mean_recall_on(self, day: date) -> float:
        recalls = [self.scheduler.get_card_retrievability(card, noon(day)) for card in self.cards.values()]
        return sum(recalls) / len(recalls)

    def minutes_between(self, first: date, last: date) -> float:
        return sum(m for day, m in self.minutes_by_day.items() if first <= day < last)


# --------------------------------------------------------------------------
# The minutes forecast
# --------------------------------------------------------------------------


def test_the_30_day_forecast_is_within_15_percent_of_what_the_learner_then_does(monkeypatch):
    learner = Learner(seed=11)
    learner.study(days=21, new_per_day=20, deck=800, monkeypatch=monkeypatch)
    today = START + timedelta(days=21)
    new_left = 800 - learner.next_id
    forecast = forecast_minutes(
        learner.memories(),
        learner.settings,
        Pace(new_left=new_left, new_per_day=20),
        days=30,
        seed=99,  # the learner below answers with their own draws
        today=today,
        habits=habits_from_log(learner.log),
    )
    learner.study(days=30, new_per_day=20, deck=800, monkeypatch=monkeypatch)
    done = learner.minutes_between(today, today + timedelta(days=30))
    assert abs(sum(forecast) - done) / done < 0.15
    # and week by week, not only in total
    for week in range(4):
        first = today + timedelta(days=7 * week)
        forecast_week = sum(forecast[7 * week : 7 * week + 7])
        assert abs(forecast_week - learner.minutes_between(first, first + timedelta(days=7))) / forecast_week < 0.25


# --------------------------------------------------------------------------
# Exam date
# --------------------------------------------------------------------------


def test_an_exam_date_raises_recall_on_that_day_to_the_target_at_under_a_quarter_more_time(monkeypatch):
    exam = Exam(START + timedelta(days=42), target=0.95)
    plain, planned = Learner(seed=5), Learner(seed=5, exam=exam)
    for learner in (plain, planned):
        learner.study(days=42, new_per_day=20, deck=300, monkeypatch=monkeypatch)

    assert planned.mean_recall_on(exam.day) > plain.mean_recall_on(exam.day)
    assert planned.mean_recall_on(exam.day) >= exam.target
    assert plain.mean_recall_on(exam.day) < exam.target  # the target asks more than the schedule gives
    extra = planned.minutes_between(START, exam.day) / plain.minutes_between(START, exam.day) - 1
    assert 0 < extra <= 0.25


def test_a_close_exam_brings_every_new_card_in_before_it_and_still_lifts_recall(monkeypatch):
    exam = Exam(START + timedelta(days=12), target=0.95)
    plain, planned = Learner(seed=8), Learner(seed=8, exam=exam)
    for learner in (plain, planned):
        learner.study(days=12, new_per_day=10, deck=200, monkeypatch=monkeypatch)

    assert planned.next_id == 200 and plain.next_id == 120
    # 12 days left, the last 3 kept for review: ceil(200 / 9) = 23, then ceil(177 / 8) = 23, then 154 / 7 = 22
    assert [planned.new_by_day[START + timedelta(days=k)] for k in range(12)] == [23, 23] + [22] * 7 + [0, 0, 0]
    plain_known = sorted(plain.scheduler.get_card_retrievability(c, noon(exam.day)) for c in plain.cards.values())
    assert planned.mean_recall_on(exam.day) * 200 > sum(plain_known)  # more cards recalled on the day


# --------------------------------------------------------------------------
# Even days
# --------------------------------------------------------------------------


def _spread(learner: Learner, first: date, days: int) -> float:
    """Standard deviation of daily reviews around their week's average.

    The reviews of a growing collection climb from week to week; the trend is not what balancing
    evens out, so each day is measured against the mean of the seven days centred on it.
    """
    counts = [learner.reviews_by_day[first + timedelta(days=k)] for k in range(-3, days + 3)]
    return statistics.pstdev(counts[k] - statistics.fmean(counts[k - 3 : k + 4]) for k in range(3, days + 3))


def test_load_balancing_lowers_the_spread_of_daily_reviews(monkeypatch):
    plain, balanced = Learner(seed=3), Learner(seed=3, balance=True)
    for learner in (plain, balanced):
        learner.study(days=60, new_per_day=15, deck=900, monkeypatch=monkeypatch)
    # from the third week, when reviews make the load; every balanced day was checked against its window
    first = START + timedelta(days=20)
    assert _spread(balanced, first, 37) < 0.8 * _spread(plain, first, 37)
    # the same work, spread more evenly, and remembered as well
    assert math.isclose(sum(balanced.reviews_by_day.values()), sum(plain.reviews_by_day.values()), rel_tol=0.05)
    end = START + timedelta(days=60)
    assert math.isclose(balanced.mean_recall_on(end), plain.mean_recall_on(end), abs_tol=0.005)


def test_easy_days_get_fewer_reviews(monkeypatch):
    weekend_off = {5: 0.0, 6: 0.0}
    plain, easy = Learner(seed=4, balance=True), Learner(seed=4, balance=True, easy_days=weekend_off)
    for learner in (plain, easy):
        learner.study(days=56, new_per_day=15, deck=420, monkeypatch=monkeypatch)

    def weekend_share(learner: Learner) -> float:
        days = [START + timedelta(days=k) for k in range(14, 56)]
        weekend = sum(learner.reviews_by_day[d] for d in days if d.weekday() >= 5)
        return weekend / sum(learner.reviews_by_day[d] for d in days)

    assert weekend_share(easy) < 0.5 * weekend_share(plain)
    assert weekend_share(plain) > 0.2  # two days in seven carry their share without easy days
