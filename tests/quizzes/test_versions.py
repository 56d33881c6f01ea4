"""Question versions: editing a question that an attempt drew makes a new version; the attempt keeps its own."""

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.cards.sync import sync_topic_cards
from studyapp.quizzes.bank import save_question
from studyapp.quizzes.models import Question, Slot
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(imported_topics):
    topic = imported_topics["lambda"]
    sync_topic_cards(topic)
    return topic


def edit(topic, text="What is it now?") -> dict:
    return {"note": (topic, "limits"), "text": text, "options": [("Right now", True), ("Wrong now", False)]}


def test_an_unanswered_question_is_edited_in_place(instructor, topic):
    question = QuestionFactory(author=instructor, topic=topic)
    saved = save_question(question, edit(topic))
    assert (saved.pk, saved.version, Question.objects.count()) == (question.pk, 1, 1)


def test_editing_a_drawn_question_makes_version_two_and_the_attempt_keeps_version_one(instructor, learner, topic):
    question = QuestionFactory(author=instructor, topic=topic, text="What was it?", source_key="gen:1")
    question.tags.create(name="limits")
    quiz = QuizFactory(instructor=instructor, questions=[question], learners=[learner])
    attempt = quiz.start_attempt(learner, timezone.now())
    first_pk = question.pk

    saved = save_question(question, edit(topic))

    old = Question.objects.get(pk=first_pk)
    assert (saved.version, saved.family_id, saved.is_current, saved.source_key) == (2, first_pk, True, "gen:1")
    assert (old.version, old.is_current, old.source_key, old.text) == (1, False, "", "What was it?")
    assert [o.text for o in old.options.all()] == ["Right", "Wrong A", "Wrong B"]
    assert [o.text for o in saved.options.all()] == ["Right now", "Wrong now"]
    assert [t.name for t in saved.tags.all()] == ["limits"]
    assert attempt.responses.get().question_id == first_pk  # the attempt keeps what it asked
    assert Slot.objects.get(quiz=quiz).question_id == saved.pk  # new attempts get the new version
    assert list(Question.objects.current()) == [saved]


def test_a_third_edit_is_version_three_of_the_same_family(instructor, learner, other_learner, topic):
    question = QuestionFactory(author=instructor, topic=topic)
    quiz = QuizFactory(instructor=instructor, questions=[question], learners=[learner, other_learner])
    quiz.start_attempt(learner, timezone.now())
    second = save_question(question, edit(topic, "Second?"))
    quiz.start_attempt(other_learner, timezone.now())
    third = save_question(second, edit(topic, "Third?"))
    family = Question.objects.filter(family=third.family_id).order_by("version")
    assert [q.version for q in family] == [2, 3] and third.family_id == second.family_id
    assert Question.objects.approved().get() == third  # old versions are never drawn again


def test_the_edit_page_says_a_new_version_was_made(instructor_client, instructor, learner, topic):
    question = QuestionFactory(author=instructor, topic=topic)
    QuizFactory(instructor=instructor, questions=[question], learners=[learner]).start_attempt(learner, timezone.now())
    data = {"note": f"{topic.slug}#limits", "text": "Edited?", "option_0": "A", "correct_0": "on", "option_1": "B"}
    response = instructor_client.post(reverse("quizzes:question-edit", args=[question.pk]), data, follow=True)
    assert "as version 2: attempts already taken keep version 1" in response.text
    assert response.redirect_chain[-1][0] == Question.objects.get(version=2).get_absolute_url()
