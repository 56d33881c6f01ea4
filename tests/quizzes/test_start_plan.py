"""Learners' starts keep a quiz's plan for a few seconds (START_PLAN_SECONDS); every change to the quiz's
slots, classes, question versions or its classes' shared topics reaches the next start at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.bank import save_question
from studyapp.quizzes.models import Attempt, AttemptRefused, Quiz, Slot
from tests.classes.factories import ClassFactory
from tests.factories import OwnedTopicFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_versions import edit

pytestmark = pytest.mark.django_db


@pytest.fixture
def learners():
    return [UserFactory() for _ in range(3)]


@pytest.fixture
def quiz(instructor, learners) -> Quiz:
    questions = [QuestionFactory(author=instructor, text=f"Question {n}?") for n in range(1, 4)]
    return QuizFactory(instructor=instructor, questions=questions, learners=learners, attempts_allowed=0)


def start(quiz: Quiz, learner) -> Attempt:
    """A start as the Start view makes it: the quiz read afresh."""
    return Quiz.objects.get(pk=quiz.pk).start_attempt(learner, timezone.now())


def asked(attempt: Attempt) -> list[str]:
    return [response.question.text for response in attempt.responses.select_related("question").order_by("position")]


def test_a_question_added_through_the_builder_reaches_the_next_start(instructor_client, instructor, quiz, learners):
    assert asked(start(quiz, learners[0])) == ["Question 1?", "Question 2?", "Question 3?"]
    added = QuestionFactory(author=instructor, text="Question 4?")
    instructor_client.post(reverse("quizzes:slot-add", args=[quiz.pk]), {"question": added.pk})
    assert asked(start(quiz, learners[1])) == ["Question 1?", "Question 2?", "Question 3?", "Question 4?"]


def test_a_question_removed_through_the_builder_is_not_asked_again(instructor_client, quiz, learners):
    start(quiz, learners[0])
    slot = quiz.slots.get(position=2)
    instructor_client.post(reverse("quizzes:slot-remove", args=[quiz.pk, slot.pk]))
    assert asked(start(quiz, learners[1])) == ["Question 1?", "Question 3?"]


def test_a_question_moved_through_the_builder_moves_in_the_next_start(instructor_client, quiz, learners):
    start(quiz, learners[0])
    slot = quiz.slots.get(position=3)
    instructor_client.post(reverse("quizzes:slot-move", args=[quiz.pk, slot.pk, "up"]))
    assert asked(start(quiz, learners[1])) == ["Question 1?", "Question 3?", "Question 2?"]


def test_changed_points_reach_the_next_start(instructor_client, quiz, learners):
    assert start(quiz, learners[0]).max_score == 3
    slot = quiz.slots.get(position=1)
    instructor_client.post(reverse("quizzes:slot-points", args=[quiz.pk, slot.pk]), {"points": "4"})
    assert Slot.objects.get(pk=slot.pk).points == 4
    assert start(quiz, learners[1]).max_score == 6


def test_an_edited_question_is_asked_in_its_new_version_at_the_next_start(quiz, learners):
    start(quiz, learners[0])
    question = quiz.slots.get(position=1).question
    save_question(question, edit(question.topic, "Question 1, edited?"))
    assert asked(start(quiz, learners[1]))[0] == "Question 1, edited?"


def test_a_random_slots_topics_changed_reach_the_next_start(instructor, learners):
    klass = ClassFactory(instructor=instructor)
    for learner in learners:
        klass.add_learner(learner)
    first, second = OwnedTopicFactory(owner=instructor), OwnedTopicFactory(owner=instructor)
    for topic in (first, second):
        klass.share(topic)
        QuestionFactory(author=instructor, topic=topic, text=f"On {topic.title}?")
    quiz = QuizFactory(instructor=instructor)
    quiz.classes.add(klass)
    slot = Slot.objects.create(quiz=quiz, position=1, random_count=1)
    slot.random_topics.set([first])
    assert asked(start(quiz, learners[0])) == [f"On {first.title}?"]
    slot.random_topics.set([second])
    assert asked(start(quiz, learners[1])) == [f"On {second.title}?"]


def test_a_class_given_the_quiz_that_cannot_see_its_topic_stops_the_next_start(instructor, learners):
    shared_with_one, other = ClassFactory(instructor=instructor), ClassFactory(instructor=instructor)
    shared_with_one.add_learner(learners[0])
    other.add_learner(learners[1])
    topic = OwnedTopicFactory(owner=instructor)
    shared_with_one.share(topic)
    quiz = QuizFactory(instructor=instructor, questions=[QuestionFactory(author=instructor, topic=topic)])
    quiz.classes.add(shared_with_one)
    start(quiz, learners[0])
    quiz.classes.add(other)  # the builder's form refuses this; the admin does not
    with pytest.raises(AttemptRefused, match="no longer shared with your class"):
        start(quiz, learners[1])


def test_a_topic_unshared_stops_the_next_start_on_every_server(instructor, learners):
    klass = ClassFactory(instructor=instructor)
    for learner in learners:
        klass.add_learner(learner)
    topic = OwnedTopicFactory(owner=instructor)
    klass.share(topic)
    quiz = QuizFactory(instructor=instructor, questions=[QuestionFactory(author=instructor, topic=topic)])
    quiz.classes.add(klass)
    start(quiz, learners[0])
    klass.unshare(topic)
    # Another server keeps the plan it made before: the quiz's new `updated_at` tells it to plan afresh.
    assert Quiz.objects.get(pk=quiz.pk).updated_at > quiz.updated_at
    with pytest.raises(AttemptRefused, match="no longer shared with your class"):
        start(quiz, learners[1])
    klass.share(topic)  # shared again: the refusal kept is not kept any longer
    assert asked(start(quiz, learners[1])) == [quiz.slots.get().question.text]


def test_the_next_learner_draws_from_the_kept_plan(quiz, learners):
    start(quiz, learners[0])
    Slot.objects.filter(quiz=quiz).update(points=Decimal(2))  # a change that moves nothing: not seen yet
    assert start(quiz, learners[1]).max_score == 3


def test_a_preview_plans_afresh(quiz, learners, instructor):
    start(quiz, learners[0])
    Slot.objects.filter(quiz=quiz).update(points=Decimal(2))
    preview = Quiz.objects.get(pk=quiz.pk).start_attempt(instructor, timezone.now(), preview=True)
    assert preview.max_score == 6


def test_deleting_a_quiz_does_not_touch_it_slot_by_slot(quiz):
    with CaptureQueriesContext(connection) as queries:
        quiz.delete()
    assert not Quiz.objects.exists()
    assert not [q for q in queries if q["sql"].startswith("UPDATE") and '"quizzes_quiz"' in q["sql"]]
