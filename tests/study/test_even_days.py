"""Even days: a review goes to the lightest day of its fuzz window, sparing lighter weekdays."""

from datetime import timedelta

import pytest
from django.db import connection

from studyapp.study import reviewing
from studyapp.study.load_balance import fuzz_window
from studyapp.study.models import CardState, StudySettings
from tests.factories import NOW, CardFactory, CardStateFactory, UserFactory

pytestmark = pytest.mark.django_db


def set_study(learner, **values):
    """The learner's settings made (as a first visit makes them) and changed."""
    StudySettings.for_user(learner)
    StudySettings.objects.filter(user=learner).update(**values)


TODAY = NOW.date()


def crowd(learner, day, count):
    """`count` other review cards due on `day`."""
    for card in CardFactory.create_batch(count):
        CardStateFactory(
            user=learner, card=card, review=True, stability=50.0, due=NOW + timedelta(days=(day - TODAY).days)
        )


def answer_good(learner, card):
    state = CardState.objects.get(user=learner, card=card)
    reviewing.record_answer(learner, reviewing.Shown(learner.pk, card.pk, state.version, NOW), 3, NOW)
    return CardState.objects.get(user=learner, card=card)


def proposed_interval(learner, card) -> int:
    """The unfuzzed interval a Good gives, from a twin learner with nothing else due."""
    twin = UserFactory()
    CardStateFactory(user=twin, card=card, review=True, stability=10.0, due=NOW)
    return (answer_good(twin, card).due.date() - TODAY).days


def test_a_review_goes_to_the_lightest_day_of_its_window():
    learner, card = UserFactory(), CardFactory()
    interval = proposed_interval(learner, card)
    lower, upper = fuzz_window(interval)
    assert lower < interval < upper  # a window of several days to choose from
    for offset in range(lower, upper + 1):  # every day of the window busy but one
        if offset != lower:
            crowd(learner, TODAY + timedelta(days=offset), 3)
    CardStateFactory(user=learner, card=card, review=True, stability=10.0, due=NOW)
    assert (answer_good(learner, card).due.date() - TODAY).days == lower


def test_lighter_days_are_spared():
    learner, card = UserFactory(), CardFactory()
    interval = proposed_interval(learner, card)
    proposed = TODAY + timedelta(days=interval)
    set_study(learner, lighter_days=[proposed.weekday()])
    crowd(learner, proposed, 1)  # one review already on the lighter day, none elsewhere
    CardStateFactory(user=learner, card=card, review=True, stability=10.0, due=NOW)
    assert answer_good(learner, card).due.date() != proposed


def test_with_spreading_off_the_day_is_the_schedulers(monkeypatch):
    learner, card = UserFactory(), CardFactory()
    interval = proposed_interval(learner, card)
    lower, upper = fuzz_window(interval)
    set_study(learner, spread_reviews=False)
    for offset in range(lower, upper + 1):
        if offset != lower:
            crowd(learner, TODAY + timedelta(days=offset), 3)
    monkeypatch.setattr("fsrs.scheduler.random", lambda: 0.999)  # py-fsrs's fuzz at the top of its range
    CardStateFactory(user=learner, card=card, review=True, stability=10.0, due=NOW)
    # The top of py-fsrs's own fuzz range, not the lightest (empty) day the balancer would pick.
    assert (answer_good(learner, card).due.date() - TODAY).days > interval


def test_the_load_counts_review_cards_due_on_each_learner_day():
    learner = UserFactory()
    crowd(learner, TODAY + timedelta(days=2), 2)
    crowd(learner, TODAY + timedelta(days=4), 1)
    suspended = CardStateFactory(user=learner, review=True, stability=50.0, due=NOW + timedelta(days=2))
    CardState.objects.filter(pk=suspended.pk).update(suspended=True)
    study = StudySettings.for_user(learner, NOW)
    load = CardState.objects.review_load(learner.pk, study, TODAY + timedelta(days=1), 4)
    assert load == {TODAY + timedelta(days=n): count for n, count in ((1, 0), (2, 2), (3, 0), (4, 1))}


def test_spreading_a_review_costs_one_query(django_assert_num_queries):
    learner, card = UserFactory(), CardFactory()
    set_study(learner)
    crowd(learner, TODAY + timedelta(days=8), 5)
    state = CardStateFactory(user=learner, card=card, review=True, stability=10.0, due=NOW)
    shown = reviewing.Shown(learner.pk, card.pk, state.version, NOW)
    # The answer with its settings, the window's load, and the two writes in a savepoint (and its
    # release); on PostgreSQL also `SET LOCAL synchronous_commit`.
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 6):
        reviewing.record_answer(learner, shown, 3, NOW)
