"""The exam-day burst's requests (Start, the attempt page, autosave, submit, the review) cost the same
number of queries however many questions the quiz has."""

from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from studyapp.quizzes.models import Attempt, Feedback
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_taking import BOOSTED, HTMX, start

pytestmark = pytest.mark.django_db

# Every request reads the session and the user (2 queries); the site's navigation reads the study
# badge once (then cached, as in the fixture) and checks whether the user is an instructor.


@pytest.fixture(params=[2, 6], ids=["2 questions", "6 questions"])
def quiz(request, instructor, learner, other_learner, learner_client, other_learner_client):
    questions = [QuestionFactory(author=instructor) for _ in range(request.param)]
    quiz = QuizFactory(instructor=instructor, questions=questions, learners=[learner, other_learner])
    for client in (learner_client, other_learner_client):
        client.get(quiz.get_absolute_url())  # the first page of the day sets each learner's study settings up
    return quiz


def answer_one(attempt: Attempt) -> dict:
    response = attempt.responses.select_related("question").first()
    option = response.question.options.first()
    return {"response": response.pk, "shown": response.pk, f"r-{response.pk}": option.pk}


def test_the_first_start_costs_fourteen_queries(learner_client, quiz, django_assert_num_queries):
    # quiz, savepoint, attempts, overrides, slots, classes, unusable topics, the drawn questions and their
    # options (their views, kept for the attempt page), the attempt, its responses, release: 14 with the
    # session and user.
    with django_assert_num_queries(14):
        response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302
    assert Attempt.objects.get().responses.count() == quiz.slots.count()


def test_the_next_learners_start_costs_nine_queries(
    learner_client, other_learner_client, other_learner, quiz, django_assert_num_queries
):
    start(learner_client, quiz)
    # The quiz's plan and its questions' views are kept: quiz, savepoint, attempts, overrides, the attempt,
    # its responses, release, with the session and user.
    with django_assert_num_queries(9):
        response = other_learner_client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert response.status_code == 302
    assert Attempt.objects.get(learner=other_learner).responses.count() == quiz.slots.count()


def test_the_next_learners_start_from_the_quiz_page_costs_eleven_queries(
    learner_client, other_learner_client, other_learner, quiz, django_assert_num_queries
):
    start(learner_client, quiz)
    # The quiz page's Start button (hx-boost) gets the attempt page in the same request: Start's nine, then the
    # time zone and the responses. The attempt is not read again, nor the session and user.
    with django_assert_num_queries(11):
        response = other_learner_client.post(reverse("quizzes:start", args=[quiz.pk]), **BOOSTED)
    assert response.status_code == 200
    assert response.text.count('class="quiz-question') == quiz.slots.count()


def test_the_attempt_page_costs_five_queries(learner_client, quiz, django_assert_num_queries):
    attempt = start(learner_client, quiz)
    # attempt, time zone, responses (their questions' views were kept by Start): 5 with the session and user.
    # The header's instructor check was read on the page before (accounts.roles keeps it).
    with django_assert_num_queries(5):
        response = learner_client.get(attempt.get_absolute_url())
    assert response.status_code == 200
    assert response.text.count('class="quiz-question') == quiz.slots.count()


def test_the_attempt_page_reads_no_notes_when_it_shows_no_feedback(learner_client, quiz):
    attempt = start(learner_client, quiz)
    with CaptureQueriesContext(connection) as queries:
        learner_client.get(attempt.get_absolute_url())
    assert not any('"content_topic"' in q["sql"] and '"quizzes_response"' in q["sql"] for q in queries)


def test_the_attempt_page_reads_the_notes_when_each_answer_gets_feedback(learner_client, quiz):
    quiz.feedback = Feedback.EACH
    quiz.save()
    attempt = start(learner_client, quiz)
    with CaptureQueriesContext(connection) as queries:
        learner_client.get(attempt.get_absolute_url())
    assert any('"content_topic"' in q["sql"] and '"quizzes_response"' in q["sql"] for q in queries)


def test_autosave_costs_six_queries(learner_client, quiz, django_assert_num_queries):
    attempt = start(learner_client, quiz)
    learner_client.get(attempt.get_absolute_url())  # the page the answer is given on
    data = answer_one(attempt)
    # attempt, the response (its options from the cache), the update, the time zone: 6 with the session and user.
    with django_assert_num_queries(6):
        response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), data, **HTMX)
    assert "Saved" in response.text


def test_autosave_shows_the_time_in_the_learners_zone(learner_client, learner, quiz):
    learner.profile.time_zone = "Asia/Tokyo"
    learner.profile.save()
    attempt = start(learner_client, quiz)
    response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), answer_one(attempt), **HTMX)
    saved_at = attempt.responses.exclude(answered_at=None).get().answered_at
    assert f"Saved {saved_at.astimezone(ZoneInfo('Asia/Tokyo')):%H:%M:%S}" in response.text


def test_submit_asks_in_four_queries_and_submits_in_ten(learner_client, quiz, django_assert_num_queries):
    attempt = start(learner_client, quiz)
    url = reverse("quizzes:attempt-submit", args=[attempt.pk])
    with django_assert_num_queries(4):  # attempt, responses
        learner_client.post(url, **HTMX)
    # attempt, savepoint, the conditional update, responses, options, scores, the attempt's score, release
    with django_assert_num_queries(10):
        response = learner_client.post(url, {"confirm": "1"})
    assert response.status_code == 302


def test_the_review_costs_six_queries(learner_client, quiz, django_assert_num_queries):
    attempt = start(learner_client, quiz)
    learner_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"})
    # attempt, time zone, responses with questions and notes, options: 6 with the session and user (the
    # instructor check kept from the pages before).
    with django_assert_num_queries(6):
        response = learner_client.get(reverse("quizzes:attempt-review", args=[attempt.pk]))
    assert response.text.count('class="quiz-question review"') == quiz.slots.count()
