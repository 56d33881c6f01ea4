"""Random slots drawing from a bank category (and the ones inside it) or a tag, as well as from topics."""

import random

import pytest
from django.utils import timezone

from studyapp.quizzes.models import Category, Pool, Slot, Tag
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelves(instructor):
    lambda_ = Category.objects.create(name="Lambda")
    cold = Category.objects.create(name="Lambda/Cold starts")
    lambda_edge = Category.objects.create(name="Lambda@Edge")  # a name that starts like "Lambda" but is not inside it
    hard = Tag.objects.create(name="hard")
    questions = {
        "lambda": QuestionFactory(author=instructor, category=lambda_),
        "cold": QuestionFactory(author=instructor, category=cold),
        "edge": QuestionFactory(author=instructor, category=lambda_edge),
        "draft": QuestionFactory(author=instructor, category=lambda_, status="draft"),
        "loose": QuestionFactory(author=instructor, topic=None),
    }
    questions["cold"].tags.add(hard)
    questions["edge"].tags.add(hard)
    return lambda_, hard, questions


def members(pool: Pool) -> set[int]:
    return pool.members(Pool.candidates([pool]))


def test_a_category_pool_holds_its_approved_questions_and_those_of_categories_inside_it(shelves):
    _, _, q = shelves
    assert members(Pool(category="Lambda")) == {q["lambda"].pk, q["cold"].pk}


def test_a_tag_pool_and_a_category_and_tag_pool(shelves):
    _, hard, q = shelves
    assert members(Pool(tag_id=hard.pk)) == {q["cold"].pk, q["edge"].pk}
    assert members(Pool(category="Lambda", tag_id=hard.pk)) == {q["cold"].pk}


def test_an_empty_pool_draws_nothing(shelves):
    assert members(Pool()) == set()


def test_a_quiz_draws_from_a_category_slot(instructor, learner, shelves):
    lambda_, _, q = shelves
    quiz = QuizFactory(instructor=instructor, learners=[learner])
    Slot.objects.create(quiz=quiz, random_count=2, random_category=lambda_, position=1)
    assert quiz.plan().problems() == []
    attempt = quiz.start_attempt(learner, timezone.now(), random.Random(3))
    assert {r.question_id for r in attempt.responses.all()} == {q["lambda"].pk, q["cold"].pk}


def test_a_question_on_no_note_is_in_the_bank_of_every_instructor(instructor, other_instructor, shelves):
    from studyapp.quizzes.models import Question

    _, _, q = shelves
    assert Question.objects.visible_to(other_instructor).filter(pk=q["loose"].pk).exists()
    assert q["loose"].note_url() == ""


def test_a_category_slot_never_draws_a_question_on_a_note_the_class_cannot_see(instructor, learner, shelves):
    from tests.factories import OwnedTopicFactory

    lambda_, _, q = shelves
    private = QuestionFactory(author=instructor, category=lambda_, topic=OwnedTopicFactory(owner=instructor))
    quiz = QuizFactory(instructor=instructor, learners=[learner])
    Slot.objects.create(quiz=quiz, random_count=2, random_category=lambda_, position=1)
    (row,) = quiz.plan().rows
    assert private.pk not in row.draw.pool and row.draw.pool == {q["lambda"].pk, q["cold"].pk}
