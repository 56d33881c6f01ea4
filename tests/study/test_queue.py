from datetime import timedelta

import pytest

from studyapp.study import queue
from studyapp.study.models import CardState, ReviewLog, StudySettings
from tests.factories import (
    NOW,
    CardFactory,
    CardStateFactory,
    ReviewLogFactory,
    StudySettingsFactory,
    TopicFactory,
    UserFactory,
)
from tests.study.helpers import answer

pytestmark = pytest.mark.django_db


def next_for(user, now=NOW, topic_ids=None):
    return queue.next_card(user, StudySettings.for_user(user), now, topic_ids)


def test_new_cards_come_in_note_order_up_to_the_daily_limit():
    user = UserFactory()
    topic = TopicFactory()
    cards = [CardFactory(topic=topic, position=30 - i) for i in range(30)]
    upcoming = next_for(user)
    assert upcoming.counts.new == 20
    assert upcoming.queue == "new"
    assert upcoming.card == cards[-1]  # lowest position first


def test_answering_new_cards_uses_up_the_new_card_limit(no_fuzz):
    user = UserFactory()
    StudySettingsFactory(user=user, new_cards_per_day=3)
    cards = [CardFactory() for _ in range(5)]
    for card in cards[:3]:
        assert answer(user, card, 3, NOW) == "recorded"
    upcoming = next_for(user, NOW + timedelta(seconds=5))
    assert upcoming.counts.new == 0
    assert upcoming.counts.learning == 3
    # No new card is left today: what remains are the learning cards, shown ahead of their step.
    assert upcoming.queue == "learning"


def test_learning_cards_due_now_come_before_reviews_and_new_cards():
    user = UserFactory()
    new_card, review_card, learning_card = CardFactory(), CardFactory(), CardFactory()
    CardStateFactory(review=True, user=user, card=review_card, due=NOW - timedelta(hours=1))
    CardStateFactory(
        learning=True,
        user=user,
        card=learning_card,
        due=NOW - timedelta(minutes=1),
        last_review=NOW - timedelta(minutes=11),
    )
    upcoming = next_for(user)
    assert (upcoming.card, upcoming.queue) == (learning_card, "learning")
    assert (upcoming.counts.new, upcoming.counts.learning, upcoming.counts.review) == (1, 1, 1)
    CardState.objects.filter(card=learning_card).update(due=NOW + timedelta(hours=2))
    assert next_for(user).card == review_card
    CardState.objects.filter(card=review_card).update(due=NOW + timedelta(days=3))
    assert next_for(user).card == new_card


def test_reviews_are_capped_by_the_daily_maximum():
    user = UserFactory()
    StudySettingsFactory(user=user, max_reviews_per_day=5)
    for card in [CardFactory() for _ in range(8)]:
        CardStateFactory(review=True, user=user, card=card, due=NOW - timedelta(days=1))
    assert next_for(user).counts.review == 5
    first = next_for(user).card
    state = CardState.objects.get(user=user, card=first)
    answer(user, first, 3, NOW, version=state.version)
    assert next_for(user, NOW + timedelta(seconds=1)).counts.review == 4


def test_reviews_due_before_the_learners_day_ends_count_in_their_time_zone():
    # New York, day starts at 04:00 local. At 12:00 UTC (08:00 EDT... EST in March 10? DST starts March 8, 2026)
    user = UserFactory(time_zone="America/New_York")
    StudySettingsFactory(user=user, day_start_hour=4)
    before_end, after_end = CardFactory(), CardFactory()
    # The learner's day runs until 04:00 New York time on 11 March = 08:00 UTC (EDT, UTC-4).
    CardStateFactory(review=True, user=user, card=before_end, due=NOW.replace(day=11, hour=7, minute=59))
    CardStateFactory(review=True, user=user, card=after_end, due=NOW.replace(day=11, hour=8, minute=0))
    upcoming = next_for(user)
    assert upcoming.counts.review == 1
    assert upcoming.card == before_end


def test_a_review_at_3_59_local_counts_for_the_day_before(no_fuzz):
    user = UserFactory(time_zone="America/New_York")
    card = CardFactory()
    three_fifty_nine = NOW.replace(day=11, hour=7, minute=59)  # 03:59 EDT on 11 March
    answer(user, card, 3, three_fifty_nine)
    assert ReviewLog.objects.get().day.isoformat() == "2026-03-10"
    answer(user, card, 3, three_fifty_nine + timedelta(minutes=11), version=1)
    assert ReviewLog.objects.order_by("reviewed_at").last().day.isoformat() == "2026-03-11"


def test_cards_of_the_same_fact_wait_until_another_day(no_fuzz):
    user = UserFactory()
    first = CardFactory(fact_key="lambda/limits/memory", position=1)
    sibling = CardFactory(fact_key="lambda/limits/memory", position=2)
    other = CardFactory(position=3)
    assert next_for(user).counts.new == 2  # two facts
    answer(user, first, 4, NOW)  # Easy: graduates to review at once
    upcoming = next_for(user, NOW + timedelta(seconds=1))
    assert upcoming.card == other
    assert upcoming.counts.new == 1
    CardStateFactory(review=True, user=user, card=sibling, due=NOW - timedelta(days=1))
    assert next_for(user, NOW + timedelta(seconds=1)).counts.review == 0
    tomorrow = NOW + timedelta(days=1)
    assert next_for(user, tomorrow).counts.review >= 1


def test_study_can_be_limited_to_chosen_topics():
    user = UserFactory()
    CardFactory()  # a card of another topic, left out
    dynamo_card = CardFactory()
    upcoming = next_for(user, topic_ids=[dynamo_card.topic_id])
    assert upcoming.card == dynamo_card
    assert upcoming.counts.new == 1


def test_suspended_buried_and_retired_cards_are_not_studied():
    user = UserFactory()
    suspended, buried, retired = CardFactory(), CardFactory(), CardFactory()
    CardStateFactory(suspended=True, user=user, card=suspended)
    CardStateFactory(user=user, card=buried, buried_until=NOW + timedelta(hours=3))
    retired.retire()
    assert next_for(user).card is None
    assert next_for(user, NOW + timedelta(hours=4)).card == buried


def test_when_nothing_is_left_the_queue_says_when_the_next_card_of_the_scope_comes_due():
    user = UserFactory()
    soon, later, suspended, other_topic = CardFactory(), CardFactory(), CardFactory(), CardFactory()
    CardStateFactory(review=True, user=user, card=later, due=NOW + timedelta(days=5))
    CardStateFactory(review=True, user=user, card=soon, due=NOW + timedelta(days=2))
    CardStateFactory(review=True, user=user, card=suspended, due=NOW + timedelta(days=1), suspended=True)
    CardStateFactory(review=True, user=user, card=other_topic, due=NOW + timedelta(hours=30))
    upcoming = next_for(user, topic_ids=[soon.topic_id, later.topic_id, suspended.topic_id])
    assert upcoming.card is None
    assert upcoming.next_due == NOW + timedelta(days=2)
    assert next_for(user).next_due == NOW + timedelta(hours=30)
    assert next_for(UserFactory()).next_due is None


def test_review_again_puts_a_card_back_in_the_queue_now():
    user = UserFactory()
    card = CardFactory()
    CardStateFactory(review=True, user=user, card=card, due=NOW + timedelta(days=20))
    assert next_for(user).card is None
    CardState.objects.review_again(user, [card.pk], NOW)
    assert next_for(user).card == card


@pytest.mark.parametrize("cards", [10, 2000])
def test_the_number_of_queries_does_not_grow_with_cards_and_reviews(cards, django_assert_num_queries):
    user = UserFactory()
    topic = TopicFactory()
    from studyapp.cards.models import Card

    Card.objects.bulk_create(CardFactory.build_batch(cards, topic=topic))
    made = list(Card.objects.filter(topic=topic).order_by("pk")[: cards // 2])
    study = StudySettings.for_user(user)
    reviewed = NOW - timedelta(days=6)
    CardState.objects.bulk_create(
        CardStateFactory.build(
            review=True, user=user, card=card, stability=5, reps=2, last_review=reviewed, due=NOW - timedelta(days=1)
        )
        for card in made
    )
    ReviewLogFactory.save_all(
        [
            ReviewLogFactory.build(user=user, card=card, reviewed_at=reviewed, interval_days=5, study=study)
            for card in made
        ]
    )
    # today's figures, the counts and the best card, in one statement
    with django_assert_num_queries(1):
        upcoming = queue.next_card(user, study, NOW)
    assert upcoming.card is not None


def test_review_again_brings_a_never_studied_card_to_the_front_of_the_new_cards():
    user = UserFactory()
    first, later = CardFactory(position=1), CardFactory(position=99)
    assert next_for(user).card == first
    CardState.objects.review_again(user, [later.pk], NOW)
    upcoming = next_for(user)
    assert (upcoming.card, upcoming.queue) == (later, "new")
    assert upcoming.counts.new == 2


def test_review_again_leaves_suspended_cards_alone():
    user = UserFactory()
    card = CardFactory()
    CardStateFactory(review=True, suspended=True, user=user, card=card, reps=2, stability=9, last_review=NOW)
    CardState.objects.review_again(user, [card.pk], NOW)
    assert next_for(user).card is None
