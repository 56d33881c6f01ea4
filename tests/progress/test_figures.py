"""Each dashboard figure on a small hand-made history, against values worked out by hand."""

from datetime import UTC, date, datetime, timedelta
from functools import partial

import pytest

from studyapp.progress import figures
from studyapp.progress.dashboard import dashboard_context
from studyapp.study.models import CardState, StudySettings
from tests.factories import (
    NOW,
    CardFactory,
    CardStateFactory,
    ReviewLogFactory,
    StudySettingsFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTC = UTC


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --------------------------------------------------------------------------
# True retention
# --------------------------------------------------------------------------


def test_true_retention_splits_young_and_mature_reviews_over_each_period():
    user = UserFactory()  # UTC, day starts 04:00: NOW (Tue 10 Mar 2026 12:00) is day 10 Mar
    answered = partial(ReviewLogFactory, user=user, card=CardFactory())
    # Review cards (the factory's kind_before) unless a row says otherwise.
    # today, 10 Mar
    answered(reviewed_at=at(2026, 3, 10, 10), rating=3, interval_before_days=5)  # young, passed
    answered(reviewed_at=at(2026, 3, 10, 10, 5), rating=1, interval_before_days=30)  # mature, failed
    # new, learning and relearning cards: not counted
    answered(reviewed_at=at(2026, 3, 10, 10, 6), rating=3, kind_before=0)
    answered(reviewed_at=at(2026, 3, 10, 10, 7), rating=1, kind_before=1, interval_before_days=0.01)
    answered(reviewed_at=at(2026, 3, 10, 10, 8), rating=3, kind_before=3, interval_before_days=0.01)
    # 5 Mar: inside the last 7 days (4–10 Mar)
    answered(reviewed_at=at(2026, 3, 5, 9), rating=2, interval_before_days=20.9)  # young (< 21), Hard passes
    answered(reviewed_at=at(2026, 3, 5, 9, 1), rating=1, interval_before_days=2)  # young, failed
    answered(reviewed_at=at(2026, 3, 5, 9, 2), rating=4, interval_before_days=21)  # mature (>= 21), passed
    # 20 Feb: inside the last 30 days (9 Feb–10 Mar)
    answered(reviewed_at=at(2026, 2, 20, 9), rating=3, interval_before_days=40)  # mature, passed
    answered(reviewed_at=at(2026, 2, 20, 9, 1), rating=3, interval_before_days=40)  # mature, passed
    answered(reviewed_at=at(2026, 2, 20, 9, 2), rating=3, interval_before_days=3)  # young, passed
    # 1 Jun 2025: inside the last 365 days (11 Mar 2025–10 Mar 2026)
    answered(reviewed_at=at(2025, 6, 1, 9), rating=1, interval_before_days=10)  # young, failed
    answered(reviewed_at=at(2025, 6, 1, 9, 1), rating=1, interval_before_days=60)  # mature, failed
    # 10 Mar 2025: 366 days ago, outside every period
    answered(reviewed_at=at(2025, 3, 10, 9), rating=3, interval_before_days=5)

    periods = {r.key: r for r in figures.true_retention(user, date(2026, 3, 10))}

    # today:  young 1 passed of 1; mature 0 of 1; all 1 of 2
    assert (periods["today"].young_passed, periods["today"].young_total) == (1, 1)
    assert (periods["today"].mature_passed, periods["today"].mature_total) == (0, 1)
    assert periods["today"].overall == pytest.approx(1 / 2)
    # 7 days: young = today's 1/1 + 5 Mar's 1 of 2 = 2/3; mature = 0/1 + 1/1 = 1/2; all 3/5
    assert (periods["week"].young_passed, periods["week"].young_total) == (2, 3)
    assert (periods["week"].mature_passed, periods["week"].mature_total) == (1, 2)
    assert periods["week"].overall == pytest.approx(3 / 5)
    # 30 days: young + 20 Feb's 1/1 = 3/4; mature + 2/2 = 3/4; all 6/8
    assert (periods["month"].young_passed, periods["month"].young_total) == (3, 4)
    assert (periods["month"].mature_passed, periods["month"].mature_total) == (3, 4)
    assert periods["month"].young == pytest.approx(0.75)
    # 365 days: young + 1 Jun's 0/1 = 3/5; mature + 0/1 = 3/5; all 6/10
    assert (periods["year"].young_passed, periods["year"].young_total) == (3, 5)
    assert (periods["year"].mature_passed, periods["year"].mature_total) == (3, 5)
    assert periods["year"].overall == pytest.approx(0.6)


def test_retention_is_none_without_reviews():
    user = UserFactory()
    today = figures.true_retention(user, date(2026, 3, 10))[0]
    assert (today.young, today.mature, today.overall) == (None, None, None)


# --------------------------------------------------------------------------
# Streak and "today", across a time-zone day boundary
# --------------------------------------------------------------------------


def los_angeles_history():
    """A learner in Los Angeles, day starting 04:00 local. US clocks go forward on Sun 8 Mar 2026 at 02:00
    (10:00 UTC): PST (UTC-8) before, PDT (UTC-7) after."""
    user = UserFactory(time_zone="America/Los_Angeles")
    answered = partial(ReviewLogFactory, user=user, card=CardFactory())
    answered(reviewed_at=at(2026, 3, 10, 11, 30))  # 04:30 PDT 10 Mar -> day 10 Mar (after the 04:00 start)
    answered(reviewed_at=at(2026, 3, 10, 10, 30))  # 03:30 PDT 10 Mar -> day 9 Mar (before it)
    answered(reviewed_at=at(2026, 3, 9, 3, 0))  # 20:00 PDT 8 Mar  -> day 8 Mar
    answered(reviewed_at=at(2026, 3, 8, 6, 0))  # 22:00 PST 7 Mar  -> day 7 Mar
    answered(reviewed_at=at(2026, 3, 6, 5, 0))  # 21:00 PST 5 Mar  -> day 5 Mar (6 Mar has none)
    # In UTC dates the same reviews fall on 10, 10, 9, 8 and 6 Mar: a UTC streak would be 3, not 4.
    return user


def test_the_streak_counts_learner_days_not_utc_days():
    user = los_angeles_history()
    context = dashboard_context(user, NOW)  # 12:00 UTC = 05:00 PDT, day 10 Mar
    assert context["today"] == date(2026, 3, 10)
    # Days with reviews: 10, 9, 8, 7 Mar, then 6 Mar is empty -> 4
    assert context["streak"] == 4
    # Only the 04:30 review is today; the 03:30 one belonged to yesterday.
    assert context["today_stats"].total == 1


def test_a_streak_still_counts_until_a_day_passes_without_reviews():
    user = los_angeles_history()
    # 11 Mar 18:00 UTC = 11:00 PDT 11 Mar: nothing today yet, the streak to yesterday (10 Mar) is alive.
    assert dashboard_context(user, at(2026, 3, 11, 18))["streak"] == 4
    # 11 Mar 10:30 UTC = 03:30 PDT: still learner day 10 Mar, which has a review.
    assert dashboard_context(user, at(2026, 3, 11, 10, 30))["streak"] == 4
    # 12 Mar 18:00 UTC: 11 Mar passed without a review -> 0.
    assert dashboard_context(user, at(2026, 3, 12, 18))["streak"] == 0


def test_a_streak_longer_than_the_heatmap_year_is_counted_in_full():
    user = UserFactory()
    card = CardFactory()
    # One review a day at 12:00 UTC for the 400 days up to and including today.
    ReviewLogFactory.save_all(
        [ReviewLogFactory.build(user=user, card=card, reviewed_at=NOW - timedelta(days=n)) for n in range(400)]
    )
    assert dashboard_context(user, NOW)["streak"] == 400


def test_streak_from_days():
    d = date(2026, 3, 10)
    assert figures.streak_from({d, d - timedelta(days=1)}, d) == 2
    assert figures.streak_from({d - timedelta(days=1), d - timedelta(days=2)}, d) == 2  # ends yesterday
    assert figures.streak_from({d - timedelta(days=2)}, d) == 0
    assert figures.streak_from(set(), d) == 0


# --------------------------------------------------------------------------
# Reviews per day and the year
# --------------------------------------------------------------------------


def test_reviews_per_day_for_the_last_30_learner_days():
    user = UserFactory(time_zone="Europe/Berlin")  # CET, UTC+1 in early March; day starts 04:00
    answered = partial(ReviewLogFactory, user=user, card=CardFactory())
    answered(reviewed_at=at(2026, 3, 10, 8, 0), kind_before=0, duration_ms=8000)  # 09:00 10 Mar: new
    answered(reviewed_at=at(2026, 3, 10, 8, 1), kind_before=1, duration_ms=12000)  # 09:01 10 Mar: learning
    answered(reviewed_at=at(2026, 3, 10, 2, 30), kind_before=2)  # 03:30 CET 10 Mar -> day 9 Mar: review
    answered(reviewed_at=at(2026, 3, 9, 3, 0), kind_before=2)  # 04:00 CET 9 Mar -> day 9 Mar: review
    answered(reviewed_at=at(2026, 2, 9, 12), kind_before=3)  # 9 Feb = today - 29: first bar, relearning
    answered(reviewed_at=at(2026, 2, 8, 12), kind_before=2)  # 8 Feb: before the 30 days, in the year
    context = dashboard_context(user, NOW)
    daily = context["daily"]
    assert [d.day for d in daily] == [date(2026, 2, 9) + timedelta(days=n) for n in range(30)]
    by_day = {d.day: d for d in daily}
    assert (by_day[date(2026, 3, 10)].total, by_day[date(2026, 3, 10)].new, by_day[date(2026, 3, 10)].learning) == (
        2,
        1,
        1,
    )
    assert (by_day[date(2026, 3, 9)].total, by_day[date(2026, 3, 9)].review) == (2, 2)
    assert (by_day[date(2026, 2, 9)].total, by_day[date(2026, 2, 9)].learning) == (1, 1)
    assert sum(d.total for d in daily) == context["daily_total"] == 5  # 2 + 2 + 1
    assert (context["year_total"], context["year_days"]) == (6, 4)  # 8 Feb joins in the year
    assert context["today_stats"].seconds == 20  # 8 s + 12 s today
    months = {month.month: (reviews, days) for month, reviews, days in context["heatmap_months"]}
    assert months[3] == (4, 2) and months[2] == (2, 2)


# --------------------------------------------------------------------------
# Forecast
# --------------------------------------------------------------------------


def test_forecast_counts_cards_per_learner_day_with_overdue_cards_today():
    user = UserFactory(time_zone="Asia/Tokyo")  # JST, UTC+9 all year; day starts 04:00
    # NOW = 21:00 JST 10 Mar -> today is 10 Mar, which ends at 04:00 JST 11 Mar = 19:00 UTC 10 Mar.
    topic = TopicFactory()

    def card_due(due, **extra):
        return CardStateFactory(review=True, user=user, card=CardFactory(topic=topic), stability=5, due=due, **extra)

    card_due(at(2026, 3, 1, 0))  # overdue -> today
    card_due(at(2026, 3, 10, 18, 59))  # 03:59 JST 11 Mar -> still day 10 Mar (today)
    card_due(at(2026, 3, 10, 19, 0))  # 04:00 JST 11 Mar -> day 11 Mar
    card_due(at(2026, 3, 12, 0, 0))  # 09:00 JST 12 Mar -> day 12 Mar
    card_due(at(2026, 3, 12, 2, 0))  # 11:00 JST 12 Mar -> day 12 Mar
    card_due(at(2026, 4, 8, 12, 0))  # 21:00 JST 8 Apr = today + 29 -> the last day shown
    card_due(at(2026, 4, 9, 12, 0))  # 9 Apr = today + 30 -> beyond the 30 days
    card_due(at(2026, 3, 12, 0, 0), suspended=True)  # suspended: not coming due
    retired = card_due(at(2026, 3, 12, 0, 0))
    retired.card.retire()  # retired card: not coming due
    CardStateFactory(user=user, card=CardFactory(topic=topic), due=at(2026, 3, 12))  # never answered
    CardStateFactory(review=True, card=CardFactory(topic=topic), due=at(2026, 3, 12))  # someone else's

    days = figures.forecast(user, StudySettings.for_user(user), NOW)

    assert len(days) == 30
    assert days[0] == (date(2026, 3, 10), 2)
    assert days[1] == (date(2026, 3, 11), 1)
    assert days[2] == (date(2026, 3, 12), 2)
    assert days[29] == (date(2026, 4, 8), 1)
    assert sum(n for _, n in days) == 6  # 2 + 1 + 2 + 1; every other day is 0


# --------------------------------------------------------------------------
# Mastery and weakest cards: FSRS predicted recall in SQL
# --------------------------------------------------------------------------

# FSRS-6 default weights: w[20] = 0.1542, so DECAY = -0.1542 and
# FACTOR = 0.9 ** (1 / DECAY) - 1 = 0.9 ** -6.48508 - 1 = e^(0.105361 * 6.48508) - 1 = e^0.683271 - 1 = 0.980344.
# R(t, S) = (1 + FACTOR * t / S) ** DECAY, with t in whole days since the last review:
#   t = 0:      R = 1
#   t = S:      R = (1 + FACTOR) ** DECAY = 0.9 (by construction of FACTOR)
#   t = 3 S:    R = (1 + 3 * 0.980344) ** -0.1542 = 3.941032 ** -0.1542
#                 = e^(-0.1542 * 1.371443) = e^-0.211477 = 0.809393
R_3S = 0.809393


def test_topic_mastery_counts_learned_cards_average_recall_and_cards_above_the_desired_retention():
    user = UserFactory()
    StudySettingsFactory(user=user, desired_retention=0.85)
    lambda_topic, dynamo_topic = TopicFactory(), TopicFactory()
    archived = TopicFactory(archived=True)
    c1, c2, c3, c4 = (CardFactory(topic=lambda_topic) for _ in range(4))
    retired = CardFactory(topic=lambda_topic)
    retired.retire()
    CardFactory(topic=dynamo_topic), CardFactory(topic=dynamo_topic)
    CardFactory(topic=archived)

    studied = partial(CardStateFactory, review=True, user=user)
    studied(card=c1, stability=10, last_review=NOW - timedelta(hours=23))  # t = 0 (23 h floors to 0 days): R = 1
    studied(card=c2, stability=5, last_review=NOW - timedelta(days=5))  # t = S: R = 0.9
    studied(
        card=c3, stability=2, last_review=NOW - timedelta(days=6), state=CardState.State.RELEARNING
    )  # t = 3S: R = 0.809
    CardStateFactory(
        learning=True, user=user, card=c4, stability=1, last_review=NOW - timedelta(minutes=10)
    )  # t = 0: R = 1
    studied(card=retired, stability=1, last_review=NOW - timedelta(days=100))  # retired: left out
    CardStateFactory(review=True, card=CardFactory(topic=dynamo_topic), stability=1, last_review=NOW)  # someone else's

    rows = {m.topic: m for m in figures.topic_mastery(user, StudySettings.for_user(user), NOW)}

    assert archived not in rows
    lam = rows[lambda_topic]
    # 4 cards in use (the retired one is not); learned = c1, c2 (review) and c3 (relearning) = 3;
    # above 0.85 = c1 (1), c2 (0.9), c4 (1) = 3; c3 at 0.809 is below.
    assert (lam.total, lam.studied, lam.learned, lam.above) == (4, 4, 3, 3)
    # average recall = (1 + 0.9 + 0.809393 + 1) / 4 = 3.709393 / 4 = 0.927348
    assert lam.avg_recall == pytest.approx(0.927348, abs=1e-5)
    assert lam.above_share == pytest.approx(0.75)
    dyn = rows[dynamo_topic]
    # DynamoDB has 3 cards (2 + the one only another learner studied): this learner has studied none.
    assert (dyn.total, dyn.studied, dyn.learned, dyn.above, dyn.avg_recall) == (3, 0, 0, 0, None)


def test_predicted_recall_matches_py_fsrs():
    user = UserFactory()
    card = CardFactory()
    s = CardStateFactory(
        review=True, user=user, card=card, stability=7.3, last_review=NOW - timedelta(days=11, hours=20)
    )
    recall = CardState.objects.annotate(r=figures.recall_now(NOW, {user.pk: None})).get(pk=s.pk).r
    fsrs_value = StudySettings.for_user(user).scheduler().get_card_retrievability(s.to_fsrs(), NOW)
    assert recall == pytest.approx(fsrs_value, abs=1e-9)


def test_weakest_cards_are_below_the_goal_or_forgotten_before_lowest_recall_first():
    user = UserFactory()
    StudySettingsFactory(user=user, desired_retention=0.85)
    topic = TopicFactory()
    strong, borderline, weak, lapsed, suspended = (CardFactory(topic=topic) for _ in range(5))
    studied = partial(CardStateFactory, review=True, user=user)
    studied(card=strong, stability=10, last_review=NOW)  # R 1, no lapses: not weak
    studied(card=borderline, stability=5, last_review=NOW - timedelta(days=5))  # R 0.9 >= 0.85: not weak
    studied(card=weak, stability=2, last_review=NOW - timedelta(days=6))  # R 0.809 < 0.85
    studied(card=lapsed, stability=10, last_review=NOW, lapses=2)  # R 1 but forgotten twice
    studied(card=suspended, stability=1, last_review=NOW - timedelta(days=30), suspended=True)
    weakest = figures.weakest_cards(user, StudySettings.for_user(user), NOW)
    assert [s.card for s in weakest] == [weak, lapsed]
    assert weakest[0].recall == pytest.approx(R_3S, abs=1e-5)


def test_predicted_recall_uses_the_learners_fitted_weights():
    user = UserFactory()
    # Fitted weights with w[20] = 0.5: DECAY = -0.5, FACTOR = 0.9 ** -2 - 1 = 1/0.81 - 1 = 0.234568;
    # at t = 3S: R = (1 + 3 * 0.234568) ** -0.5 = 1.703704 ** -0.5 = 0.766131
    from fsrs.scheduler import DEFAULT_PARAMETERS

    weights = list(DEFAULT_PARAMETERS)
    weights[20] = 0.5
    StudySettingsFactory(user=user, parameters=weights)
    card = CardFactory()
    CardStateFactory(review=True, user=user, card=card, stability=2, last_review=NOW - timedelta(days=6))
    [weak] = figures.weakest_cards(user, StudySettings.for_user(user), NOW)
    assert weak.recall == pytest.approx(0.766131, abs=1e-5)
