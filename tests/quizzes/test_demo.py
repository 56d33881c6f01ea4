"""The demo data `seed_demo` adds through `seed_quizzes`."""

import io

import pytest

from studyapp.cards.sync import sync_topic_cards
from studyapp.classes.models import Class
from studyapp.quizzes.demo import seed_quizzes
from studyapp.quizzes.models import Attempt, Question, Quiz
from tests.factories import InstructorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_adds_a_class_a_published_ten_question_quiz_and_finished_attempts_once(imported_topics):
    for topic in imported_topics.values():
        sync_topic_cards(topic)
    instructor = InstructorFactory()
    learners = [UserFactory() for _ in range(4)]
    out = io.StringIO()
    quiz = seed_quizzes(instructor, learners, out)
    klass = Class.objects.get(instructor=instructor)
    assert set(m.learner for m in klass.memberships.all()) == set(learners)
    assert quiz.is_published and list(quiz.classes.all()) == [klass] and quiz.slots.count() == 10
    assert all(slot.question.status == Question.Status.APPROVED for slot in quiz.slots.all())
    # One question per section of the notes: none gives another's answer away.
    sections = [(slot.question.topic_id, slot.question.anchor) for slot in quiz.slots.select_related("question")]
    assert all(anchor for _, anchor in sections) and len(set(sections)) == len(sections) == 10
    finished = Attempt.objects.finished().filter(quiz=quiz)
    assert finished.count() == 3 and len({a.score for a in finished}) > 1
    seed_quizzes(instructor, learners, out)
    assert (Class.objects.count(), Quiz.objects.count(), Attempt.objects.count()) == (1, 1, 3)
    assert "join code" in out.getvalue()


def test_without_cards_the_demo_says_what_to_do():
    out = io.StringIO()
    assert seed_quizzes(InstructorFactory(), [UserFactory()], out) is None
    assert "import_content" in out.getvalue()
