"""An instructor's preview of a quiz: taken as a learner would, never counted or fed to study."""

import pytest
from django.utils import timezone

from studyapp.quizzes.results_page import quiz_results
from studyapp.study.models import CardState
from tests.factories import CardFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def test_a_preview_starts_before_publishing_and_is_not_counted_in_the_results(instructor, learner):
    card = CardFactory()
    question = QuestionFactory(author=instructor, card=card, topic=card.topic)
    quiz = QuizFactory(instructor=instructor, questions=[question], learners=[learner], published_at=None)
    now = timezone.now()
    preview = quiz.start_attempt(instructor, now, preview=True)
    assert preview.is_preview and preview.finalize(now)  # answered nothing: wrong
    assert not CardState.objects.filter(card=card).exists()  # a wrong preview answer sends no card back
    results = quiz_results(quiz, now)
    assert results.counted_attempts == 0 and [row.username for row in results.learners] == [learner.username]
