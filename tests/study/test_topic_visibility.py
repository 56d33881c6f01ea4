"""The study loop follows the topic rule inside its own statements: no query more per grade, however many
classes and shares; an unshared topic's cards leave every study screen, their history kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studyapp.study import queue, reviewing
from studyapp.study.models import CardState, StudySettings
from tests.classes.factories import ClassFactory
from tests.factories import CardFactory, CardStateFactory, ClassTopicFactory, InstructorFactory, OwnedTopicFactory
from tests.study.helpers import answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(learner):
    """A topic of an instructor's shared with the learner's class, with two cards."""
    link = ClassTopicFactory()
    link.klass.add_learner(learner)
    CardFactory(topic=link.topic, position=1)
    CardFactory(topic=link.topic, position=2)
    return link


def _many_classes_and_shares(learner, n: int = 6) -> None:
    for _ in range(n):
        link = ClassTopicFactory()
        link.klass.add_learner(learner)
        CardFactory(topic=link.topic)
        CardFactory(topic=OwnedTopicFactory())  # someone's private topic
    teaching = ClassFactory(instructor=learner)  # the learner teaches a class too
    ClassTopicFactory(klass=teaching, topic=OwnedTopicFactory(owner=learner))


def test_the_queue_is_one_statement_however_many_classes_and_shares(learner, shared, django_assert_num_queries):
    _many_classes_and_shares(learner)
    study = StudySettings.for_user(learner)
    with django_assert_num_queries(1):
        upcoming = queue.next_card(learner, study, timezone.now())
    assert upcoming.counts.new == 2 + 6 + 0  # the shared topic's cards, one per other class; no private card


def test_the_grade_round_trip_takes_the_same_queries_with_classes_and_shares(learner_client, learner, shared):
    def grade_queries() -> int:
        token = learner_client.get(reverse("study:study")).context["token"]
        with CaptureQueriesContext(connection) as queries:
            response = learner_client.post(
                reverse("study:grade"), {"token": token, "rating": "3"}, HTTP_HX_REQUEST="true"
            )
        assert "was not recorded" not in response.text
        return len(queries.captured_queries)

    before = grade_queries()
    _many_classes_and_shares(learner)
    assert grade_queries() == before == (9 if connection.vendor == "postgresql" else 8)  # as tests/study/test_grade.py


def test_the_answer_of_a_card_unshared_since_it_was_shown_is_not_shown(learner_client, learner, shared):
    token = learner_client.get(reverse("study:study")).context["token"]
    shared.klass.unshare(shared.topic)
    response = learner_client.get(reverse("study:answer"), {"token": token}, HTTP_HX_REQUEST="true")
    assert "no longer available" in response.text


def test_a_grade_for_a_card_unshared_since_is_not_recorded(learner, shared):
    card = shared.topic.cards.first()
    shared.klass.unshare(shared.topic)
    now = timezone.now()
    assert answer(learner, card, 3, now) == reviewing.GONE
    assert not CardState.objects.filter(user=learner).exists()


def test_burying_a_card_unshared_since_does_nothing(learner, shared):
    card = shared.topic.cards.first()
    shared.klass.unshare(shared.topic)
    now = timezone.now()
    shown = reviewing.Shown(learner.pk, card.pk, 0, now)
    assert not reviewing.set_aside(learner, StudySettings.for_user(learner), shown, now, suspend=False)


def test_suspended_cards_of_an_unshared_topic_leave_the_settings_page_and_come_back(learner_client, learner, shared):
    card = shared.topic.cards.first()
    CardStateFactory(suspended=True, user=learner, card=card, due=timezone.now())
    assert card.front in learner_client.get(reverse("study:settings")).text
    shared.klass.unshare(shared.topic)
    assert card.front not in learner_client.get(reverse("study:settings")).text
    shared.klass.share(shared.topic)
    assert card.front in learner_client.get(reverse("study:settings")).text


def test_review_again_leaves_out_cards_the_learner_cannot_see(learner):
    hidden = CardFactory(topic=OwnedTopicFactory(owner=InstructorFactory()))
    seen = CardFactory()
    moved = CardState.objects.review_again(learner, [hidden.pk, seen.pk], timezone.now())
    assert moved == 1 and list(CardState.objects.filter(user=learner).values_list("card", flat=True)) == [seen.pk]
