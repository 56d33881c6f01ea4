"""The results page's quiz statistics: figures fed from the quiz, undefined ones explained, the chart."""

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.models import Slot
from studyapp.quizzes.results_page import option_credits, random_guess_score
from tests.factories import TopicFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_results import take

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(instructor):
    questions = [QuestionFactory(author=instructor, text=f"Item {n}?") for n in range(3)]
    return QuizFactory(instructor=instructor, questions=questions, attempts_allowed=0)


def results_of(client, quiz):
    return client.get(reverse("quizzes:results", args=[quiz.pk]))


def test_the_page_shows_the_quiz_figures_and_the_chart(instructor_client, quiz):
    # Totals 3, 2, 1, 0 of 3: grades 100, 66.7, 33.3, 0 % -> average and median 50 %.
    # Q1 scores 1, 1, 0, 0 with rest-of-quiz 2, 1, 1, 0: deviations .5, .5, -.5, -.5 and 1, 0, 0, -1
    #   r = 1 / sqrt(1 · 2) = 0.707 -> discrimination +71.
    for right in ([True, True, True], [True, False, True], [False, True, False], [False, False, False]):
        take(quiz, UserFactory(), right)
    response = results_of(instructor_client, quiz)
    results = response.context["results"]
    assert results.quiz_stats.attempts == 4
    assert results.quiz_stats.average == pytest.approx(50.0) and results.quiz_stats.median == pytest.approx(50.0)
    first = results.questions[0].stats
    assert first.discrimination == pytest.approx(70.711, abs=1e-3)
    assert first.intended_weight == pytest.approx(100 / 3)  # 1 point of 3
    assert first.random_guess == pytest.approx(100 / 3)  # one right option of three
    page = response.text
    assert "Quiz statistics" in page and "Internal consistency" in page and "Discriminative efficiency" in page
    assert '<svg class="item-chart"' in page and "Q1: facility 50%, discrimination +71" in page


def test_undefined_figures_show_a_dash_with_the_reason(instructor_client, quiz):
    take(quiz, UserFactory(), [True, False, True])
    page = results_of(instructor_client, quiz).text
    assert '<span class="undefined" title="Needs at least two attempts at this question.">—' in page
    assert '<span class="undefined" title="Needs at least two graded attempts.">—' in page
    assert "(Needs at least three graded attempts.)" in page  # the reason is read out too


def test_intended_weights_count_each_random_draw_at_its_slots_points(instructor_client, quiz):
    # Three fixed questions at 1 point and a draw of 2 at 0.5 each: the quiz is out of 4.
    topic = TopicFactory()
    QuestionFactory(topic=topic), QuestionFactory(topic=topic)
    slot = Slot.objects.create(quiz=quiz, random_count=2, points="0.5", position=4)
    slot.random_topics.set([topic])
    take(quiz, UserFactory(), [True] * 5)
    weights = [row.stats.intended_weight for row in results_of(instructor_client, quiz).context["results"].questions]
    assert weights == [25.0, 25.0, 25.0, 12.5, 12.5]


def test_option_credits_until_options_carry_their_own():
    single = QuestionFactory()
    assert option_credits(single) == [100.0, 0.0, 0.0]
    several = QuestionFactory(kind="multiple", options=[("A", True), ("B", True), ("C", False), ("D", False)])
    assert option_credits(several) == [50.0, 50.0, -50.0, -50.0]


def test_random_guess_score_by_kind():
    assert random_guess_score(QuestionFactory()) == pytest.approx(100 / 3)
    assert random_guess_score(QuestionFactory(kind="single", options=[("A", True), ("B", False)])) == 50.0
    assert random_guess_score(QuestionFactory(kind="true_false")) == 50.0
    assert random_guess_score(QuestionFactory(kind="multiple", options=[("A", True), ("B", False)])) is None
    assert random_guess_score(QuestionFactory(kind="short", accepted_answers=["x"])) == 0.0
    assert random_guess_score(QuestionFactory(kind="numeric", numeric_answer=1)) == 0.0


def test_a_question_some_attempts_did_not_draw_counts_only_where_drawn(instructor_client, quiz):
    # A random slot draws one of two questions; the seeded draws give each of them to some attempts.
    topic = TopicFactory()
    drawn = [QuestionFactory(topic=topic), QuestionFactory(topic=topic)]
    slot = Slot.objects.create(quiz=quiz, random_count=1, position=4)
    slot.random_topics.set([topic])
    started = timezone.now() - timedelta(hours=1)
    for seed in range(4):
        attempt = quiz.start_attempt(UserFactory(), started, random.Random(seed))
        attempt.finalize(started + timedelta(minutes=5))
    draws = [
        set(a.responses.values_list("question_id", flat=True)) & {q.pk for q in drawn}
        for a in quiz.attempts.order_by("pk")
    ]
    first_drawn = sum(drawn[0].pk in d for d in draws)
    assert 0 < first_drawn < 4  # the seeds give each question at least one attempt
    results = results_of(instructor_client, quiz).context["results"]
    by_question = {row.question.pk: row.stats for row in results.questions}
    assert by_question[drawn[0].pk].attempts == first_drawn
    assert by_question[drawn[1].pk].attempts == 4 - first_drawn
    assert by_question[quiz.slots.first().question_id].attempts == 4
    assert "different questions" in results.quiz_stats.why["cic"]


def test_no_chart_before_anyone_finishes(instructor_client, quiz):
    learner = UserFactory()
    quiz.start_attempt(learner, timezone.now() - timedelta(minutes=5))
    page = results_of(instructor_client, quiz).text
    assert "item-chart" not in page
    assert '<span class="undefined" title="No graded attempts yet.">—' in page


def test_the_chart_waits_until_a_question_has_a_discrimination(instructor_client, quiz):
    take(quiz, UserFactory(), [True, False, True])
    response = results_of(instructor_client, quiz)
    assert response.context["results"].chart is None
    assert "item-chart" not in response.text and "The chart of facility against discrimination appears" in response.text
    assert "Random guess score" in response.text  # the table is there from the first attempt
