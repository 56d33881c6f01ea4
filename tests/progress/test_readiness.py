"""A class's readiness for its exam: predicted recall per learner and topic, who is at risk, the weakest cards."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from studyapp.progress.readiness import class_readiness
from tests.classes.factories import ClassExamFactory, ClassFactory
from tests.factories import CardFactory, CardStateFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


def noon(day):
    return datetime.combine(day, time(12), tzinfo=UTC)


@pytest.fixture
def world(instructor):
    """A class of two: ada studied one card of the exam's topic three days ago, ben nothing."""
    today = timezone.now().date()
    klass = ClassFactory(instructor=instructor)
    ada, ben = UserFactory(username="ada"), UserFactory(username="ben")
    klass.add_learner(ada)
    klass.add_learner(ben)
    topic = TopicFactory(short_title="Lambda")
    studied, never = CardFactory(topic=topic, front="How long may a Lambda run?"), CardFactory(topic=topic)
    # Stability 10 days, last seen three days ago, exam in seven: 10 days after the review, when
    # FSRS's curve is at 0.9 by definition (R(S, S) = 0.9).
    CardStateFactory(user=ada, card=studied, review=True, stability=10.0, last_review=noon(today - timedelta(days=3)))
    ClassExamFactory(klass=klass, day=today + timedelta(days=7), target=0.85, topics=[topic])
    return klass, studied, never


def test_it_gives_each_learners_predicted_recall_per_topic(instructor_client, world):
    klass, studied, never = world
    page = instructor_client.get(reverse("progress:class", args=[klass.pk]))
    readiness = class_readiness(klass, timezone.now().date())
    by_name = {row.learner.username: row for row in readiness.learners}
    assert by_name["ada"].by_topic == [pytest.approx(0.45)]  # 0.9 on one card, 0 on the other
    assert by_name["ben"].by_topic == [0.0]
    assert "Ready for the exam on" in page.text and "45.0%" in page.text


def test_it_says_who_is_at_risk(instructor_client, world):
    klass, *_ = world
    readiness = class_readiness(klass, timezone.now().date())
    assert [row.learner.username for row in readiness.at_risk] == ["ada", "ben"]  # 45% and 0%, under 85%


def test_it_lists_the_cards_the_class_will_remember_least(instructor_client, world):
    klass, studied, never = world
    page = instructor_client.get(reverse("progress:class", args=[klass.pk]))
    readiness = class_readiness(klass, timezone.now().date())
    (card,) = readiness.weakest_cards
    assert (card.card_id, card.studied_by) == (studied.pk, 1)
    assert card.mean_recall == pytest.approx(0.45)  # ada's 0.9 and ben's 0
    assert readiness.unstudied_cards == 1
    assert "How long may a Lambda run?" in page.text and "1 card of the exam no learner has studied yet" in page.text


def test_without_an_exam_there_is_no_readiness(instructor_client, instructor):
    klass = ClassFactory(instructor=instructor)
    page = instructor_client.get(reverse("progress:class", args=[klass.pk]))
    assert class_readiness(klass, timezone.now().date()) is None and "Ready for the exam" not in page.text


def test_only_the_classs_instructor_sees_it(other_instructor_client, learner_client, world):
    klass, *_ = world
    assert other_instructor_client.get(reverse("progress:class", args=[klass.pk])).status_code == 404
    assert learner_client.get(reverse("progress:class", args=[klass.pk])).status_code == 404


def test_its_queries_grow_with_neither_learners_nor_cards(instructor_client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    klass, studied, never = world
    instructor_client.get(reverse("progress:class", args=[klass.pk]))  # what the process reads once
    cache.clear()  # first views: the page is kept, and five more learners change its key anyway
    with CaptureQueriesContext(connection) as few:
        instructor_client.get(reverse("progress:class", args=[klass.pk]))
    for n in range(5):
        learner = UserFactory()
        klass.add_learner(learner)
        for card in CardFactory.create_batch(3, topic=studied.topic):
            CardStateFactory(user=learner, card=card, review=True, stability=5.0 + n)
    cache.clear()
    with django_assert_num_queries(len(few.captured_queries)):
        instructor_client.get(reverse("progress:class", args=[klass.pk]))
