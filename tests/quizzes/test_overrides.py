"""Overrides: one learner's or one class's times, time limit and attempts, and their precedence."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from studyapp.quizzes.models import AttemptRefused, Override
from tests.classes.factories import ClassFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory, minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(instructor, learner, other_learner):
    return QuizFactory(
        instructor=instructor,
        questions=[QuestionFactory(author=instructor)],
        learners=[learner, other_learner],
        time_limit=minutes(30),
        attempts_allowed=1,
    )


def klass_of(quiz):
    return quiz.classes.get()


def test_without_overrides_the_quiz_settings_apply(quiz, learner):
    terms = Override.terms_for(quiz, learner)
    assert (terms.time_limit, terms.attempts_allowed, terms.overrides) == (minutes(30), 1, ())


def test_a_class_override_applies_to_its_members_and_the_learners_own_wins_over_it(quiz, learner, other_learner):
    close = timezone.now() + timedelta(days=3)
    Override.objects.create(quiz=quiz, klass=klass_of(quiz), attempts_allowed=2, closes_at=close, reason="Retake")
    Override.objects.create(quiz=quiz, learner=learner, attempts_allowed=4, reason="Accommodation")
    mine, theirs = Override.terms_for(quiz, learner), Override.terms_for(quiz, other_learner)
    assert (mine.attempts_allowed, mine.closes_at) == (4, close)  # own attempts; the class's close date
    assert (theirs.attempts_allowed, theirs.closes_at) == (2, close)
    assert len(mine.overrides) == 2 and len(theirs.overrides) == 1


def test_of_two_class_overrides_the_most_lenient_value_of_each_field_applies(quiz, learner, instructor):
    other_class = ClassFactory(instructor=instructor)
    other_class.add_learner(learner)
    early, late = timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=5)
    Override.objects.create(quiz=quiz, klass=klass_of(quiz), closes_at=early, attempts_allowed=0, reason="a")
    Override.objects.create(quiz=quiz, klass=other_class, closes_at=late, attempts_allowed=3, reason="b")
    terms = Override.terms_for(quiz, learner)
    assert terms.closes_at == late and terms.attempts_allowed == 0  # 0 is unlimited: the most lenient


@pytest.mark.parametrize(
    ("change", "limit"),
    [
        ({"time_limit": minutes(45)}, minutes(45)),
        ({"extra_time": minutes(15)}, minutes(45)),
        ({"time_multiplier": Decimal("1.5")}, minutes(45)),
        ({"time_multiplier": Decimal("2")}, minutes(60)),
    ],
)
def test_a_time_limit_can_be_set_lengthened_or_multiplied(quiz, learner, change, limit):
    Override.objects.create(quiz=quiz, learner=learner, reason="Extra time", **change)
    assert Override.terms_for(quiz, learner).time_limit == limit


def test_a_learners_extra_minutes_add_to_their_classs_limit(quiz, learner):
    Override.objects.create(quiz=quiz, klass=klass_of(quiz), time_limit=minutes(40), reason="Class")
    Override.objects.create(quiz=quiz, learner=learner, extra_time=minutes(10), reason="Own")
    assert Override.terms_for(quiz, learner).time_limit == minutes(50)


def test_the_server_deadline_follows_the_learners_time_limit(quiz, learner, other_learner):
    Override.objects.create(quiz=quiz, learner=learner, extra_time=minutes(15), reason="Extra time")
    now = timezone.now()
    assert quiz.start_attempt(learner, now).deadline == now + minutes(45)
    assert quiz.start_attempt(other_learner, now).deadline == now + minutes(30)


def test_the_close_date_cuts_the_deadline_and_an_override_can_move_it(quiz, learner, other_learner):
    now = timezone.now()
    quiz.closes_at = now + minutes(10)
    quiz.save()
    Override.objects.create(quiz=quiz, learner=learner, closes_at=now + minutes(120), reason="Late start")
    mine, theirs = quiz.start_attempt(learner, now), quiz.start_attempt(other_learner, now)
    assert (mine.deadline, theirs.deadline) == (now + minutes(30), now + minutes(10))
    later = now + minutes(20)
    assert mine.accepts_answers(later) and not theirs.accepts_answers(later)


def test_an_override_can_open_a_closed_quiz_for_one_learner(quiz, learner, other_learner):
    now = timezone.now()
    quiz.opens_at, quiz.closes_at = now - timedelta(days=2), now - timedelta(days=1)
    quiz.save()
    Override.objects.create(quiz=quiz, learner=learner, closes_at=now + timedelta(days=1), reason="Was ill")
    assert quiz.start_attempt(learner, now).deadline == now + minutes(30)
    with pytest.raises(AttemptRefused, match="closed"):
        quiz.start_attempt(other_learner, now)


def test_the_attempt_limit_follows_the_override(quiz, learner, other_learner):
    Override.objects.create(quiz=quiz, learner=learner, attempts_allowed=2, reason="Second try")
    now = timezone.now()
    for _ in range(2):
        quiz.start_attempt(learner, now, random.Random(1)).finalize(now)
    with pytest.raises(AttemptRefused, match="all your attempts"):
        quiz.start_attempt(learner, now)
    quiz.start_attempt(other_learner, now).finalize(now)
    with pytest.raises(AttemptRefused, match="all your attempts"):
        quiz.start_attempt(other_learner, now)


def test_an_override_is_for_a_learner_or_a_class_never_both(quiz, learner):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Override.objects.create(quiz=quiz, learner=learner, klass=klass_of(quiz), reason="Both")
