"""The counter on the study screen: at every step, the number of cards the session will still show."""

from datetime import timedelta

import pytest

from studyapp.study import queue
from studyapp.study.models import CardState, StudySettings
from tests.factories import CardFactory, TopicFactory, UserFactory
from tests.study.helpers import NOON, answer

pytestmark = pytest.mark.django_db

EASY = 4  # graduates every card for days: nothing answered comes back today


def review_state(user, card, due=NOON - timedelta(hours=1)):
    return CardState.objects.create(
        user=user, card=card, state=CardState.State.REVIEW, stability=10.0, difficulty=5.0, due=due,
        last_review=due - timedelta(days=10), reps=3, version=3,
    )


def learning_state(user, card, due):
    return CardState.objects.create(
        user=user, card=card, state=CardState.State.LEARNING, step=1, stability=1.0, difficulty=5.0, due=due,
        last_review=NOON - timedelta(days=1), reps=1, version=1,
    )


def study_to_the_end(user, now=NOON) -> tuple[list[int], list]:
    """Answer Easy to every card the queue shows until it is empty: the counter before each card, and the cards."""
    totals, shown = [], []
    for _ in range(100):
        upcoming = queue.next_card(user, StudySettings.for_user(user), now)
        totals.append(upcoming.counts.total)
        if upcoming.card is None:
            return totals, shown
        shown.append(upcoming.card)
        version = upcoming.state.version if upcoming.state else 0
        assert answer(user, upcoming.card, EASY, now, version=version) == "recorded"
        now += timedelta(seconds=10)
    raise AssertionError("the queue never ran dry")


def assert_counts_down(totals: list[int], shown: list) -> None:
    assert totals == list(range(len(shown), -1, -1)), f"counter {totals} for {len(shown)} cards shown"


def test_it_counts_a_fact_due_in_two_cards_once(no_fuzz):
    # The reported case: 13 on the counter, 11 cards shown. Two review cards of one fact, and a
    # review card with a new card of its fact, each counted twice; the second card of each fact
    # waits a day once the first is answered.
    user = UserFactory()
    topic = TopicFactory()
    review_state(user, CardFactory(topic=topic, fact_key="twice-reviewed"))
    review_state(user, CardFactory(topic=topic, fact_key="twice-reviewed"))
    review_state(user, CardFactory(topic=topic, fact_key="reviewed-and-new"))
    CardFactory(topic=topic, fact_key="reviewed-and-new")
    for _ in range(4):
        review_state(user, CardFactory(topic=topic))
    for n in range(5):  # five new facts, the last in two cards (counted once before and after)
        CardFactory(topic=topic, fact_key=f"new-{n}")
    CardFactory(topic=topic, fact_key="new-4")

    totals, shown = study_to_the_end(user)

    assert len(shown) == 11
    assert_counts_down(totals, shown)


def test_it_leaves_out_learning_cards_not_due_within_the_learn_ahead_window(no_fuzz):
    user = UserFactory()
    StudySettings.objects.create(user=user, learning_steps="1m 1h")
    card = CardFactory()
    answer(user, card, 3, NOON)  # Good: the 1-hour step
    upcoming = queue.next_card(user, StudySettings.for_user(user), NOON + timedelta(seconds=10))
    assert upcoming.card is None
    assert upcoming.counts.total == 0
    assert upcoming.next_due == NOON + timedelta(hours=1)
    in_an_hour = queue.next_card(user, StudySettings.for_user(user), NOON + timedelta(hours=1))
    assert (in_an_hour.card, in_an_hour.counts.learning) == (card, 1)


def test_it_counts_learning_cards_due_within_the_learn_ahead_window(no_fuzz):
    user = UserFactory()
    soon = CardFactory()
    learning_state(user, soon, NOON + queue.LEARN_AHEAD - timedelta(minutes=1))
    learning_state(user, CardFactory(), NOON + queue.LEARN_AHEAD + timedelta(minutes=1))

    totals, shown = study_to_the_end(user)

    assert shown == [soon]
    assert_counts_down(totals, shown)


@pytest.mark.parametrize("learning_due", [NOON - timedelta(minutes=1), NOON + timedelta(minutes=10)])
def test_it_counts_a_fact_being_learned_once(no_fuzz, learning_due):
    # A card in learning holds back the review and new cards of its fact until another day.
    user = UserFactory()
    topic = TopicFactory()
    learning = CardFactory(topic=topic, fact_key="being-learned")
    learning_state(user, learning, learning_due)
    review_state(user, CardFactory(topic=topic, fact_key="being-learned"))
    CardFactory(topic=topic, fact_key="being-learned")

    totals, shown = study_to_the_end(user)

    assert shown == [learning]
    assert_counts_down(totals, shown)


def test_it_counts_facts_up_to_the_daily_limits(no_fuzz):
    user = UserFactory()
    StudySettings.objects.create(user=user, new_cards_per_day=2, max_reviews_per_day=2)
    topic = TopicFactory()
    for n in range(3):  # three facts due for review, in two cards each
        review_state(user, CardFactory(topic=topic, fact_key=f"review-{n}"), NOON - timedelta(hours=3 - n))
        review_state(user, CardFactory(topic=topic, fact_key=f"review-{n}"), NOON - timedelta(hours=3 - n))
    for n in range(3):  # three new facts, in two cards each
        CardFactory(topic=topic, fact_key=f"new-{n}")
        CardFactory(topic=topic, fact_key=f"new-{n}")

    totals, shown = study_to_the_end(user)

    assert len(shown) == 4
    assert_counts_down(totals, shown)


def test_a_new_card_waits_while_a_card_of_its_fact_is_due_beyond_the_review_limit(no_fuzz):
    # Which review cards the limit leaves for tomorrow would depend on the order they are
    # shown in; the rule does not: a fact due for review is not met anew the same day.
    user = UserFactory()
    StudySettings.objects.create(user=user, max_reviews_per_day=1)
    topic = TopicFactory()
    review_state(user, CardFactory(topic=topic), NOON - timedelta(hours=2))
    review_state(user, CardFactory(topic=topic, fact_key="held-back"), NOON - timedelta(hours=1))
    CardFactory(topic=topic, fact_key="held-back")
    other_new = CardFactory(topic=topic)

    totals, shown = study_to_the_end(user)

    assert len(shown) == 2 and shown[-1] == other_new
    assert_counts_down(totals, shown)


def test_buried_and_suspended_cards_are_not_counted(no_fuzz):
    user = UserFactory()
    topic = TopicFactory()
    review_state(user, CardFactory(topic=topic))
    buried, suspended = review_state(user, CardFactory(topic=topic)), review_state(user, CardFactory(topic=topic))
    CardState.objects.filter(pk=buried.pk).update(buried_until=NOON + timedelta(hours=2))
    CardState.objects.filter(pk=suspended.pk).update(suspended=True)
    CardState.objects.create(user=user, card=CardFactory(topic=topic), due=NOON, suspended=True)  # never studied

    totals, shown = study_to_the_end(user)

    assert len(shown) == 1
    assert_counts_down(totals, shown)
