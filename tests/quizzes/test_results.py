"""Results for the instructor: grades by the attempt rule, item analysis, CSV; query counts stay flat."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.models import Quiz
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def take(quiz: Quiz, learner, right: list[bool], minutes: int = 5):
    """One finished attempt answering each question right or wrong."""
    started = timezone.now() - timedelta(hours=1)
    attempt = quiz.start_attempt(learner, started)
    for response, correct in zip(attempt.responses.select_related("question").order_by("position"), right):
        option = response.question.options.filter(is_correct=correct).first()
        response.set_answer([str(option.pk)], started)
        response.save()
    attempt.finalize(started + timedelta(minutes=minutes))
    return attempt


@pytest.fixture
def quiz(instructor) -> Quiz:
    questions = [QuestionFactory(author=instructor, text=f"Item {n}?") for n in range(3)]
    return QuizFactory(instructor=instructor, questions=questions, attempts_allowed=0, grading_method="highest")


def test_results_show_each_learner_with_grade_attempts_and_time(instructor_client, quiz):
    ana, ben, cleo = UserFactory(username="ana"), UserFactory(username="ben"), UserFactory(username="cleo")
    klass = quiz.instructor.classes_taught.create(name="Cohort")
    for learner in (ana, ben, cleo):
        klass.add_learner(learner)
    quiz.classes.add(klass)
    take(quiz, ana, [True, False, False], minutes=4)
    take(quiz, ana, [True, True, True], minutes=6)
    take(quiz, ben, [False, False, False], minutes=3)
    response = instructor_client.get(reverse("quizzes:results", args=[quiz.pk]))
    assert response.status_code == 200
    rows = {row.username: row for row in response.context["results"].learners}
    assert rows["ana"].grade == 100.0 and rows["ana"].finished_count == 2
    assert rows["ana"].time_taken == timedelta(minutes=6)  # the attempt that counts
    assert rows["ben"].grade == 0.0
    assert rows["cleo"].grade is None and "Not started" in response.text
    assert "Facility" in response.text and "Discrimination" in response.text


def test_item_analysis_uses_the_graded_attempts(instructor_client, quiz):
    # Highest attempt counts: ana's second (all right) and ben's only one (first right).
    ana, ben = UserFactory(), UserFactory()
    take(quiz, ana, [False, False, False])
    take(quiz, ana, [True, True, True])
    take(quiz, ben, [True, False, False])
    results = instructor_client.get(reverse("quizzes:results", args=[quiz.pk])).context["results"]
    assert results.counted_attempts == 2
    first, second, _ = results.questions
    assert first.stats.facility == 100.0 and first.stats.discrimination is None  # no spread
    assert second.stats.facility == 50.0
    assert [count for _, count, _ in second.options] == [1, 1, 0]  # Right once, Wrong A once


def test_the_csv_has_a_row_per_attempt(instructor_client, quiz):
    ana = UserFactory(username="=cmd")
    take(quiz, ana, [True, True, False])
    response = instructor_client.get(reverse("quizzes:results-csv", args=[quiz.pk]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    assert rows[0]["learner"] == "'=cmd"  # no formula injection
    assert rows[0]["score"] == "2.00" and rows[0]["percent"] == "66.7" and rows[0]["counts toward grade"] == "yes"


def test_an_expired_attempt_is_submitted_when_the_results_are_read(instructor_client, quiz):
    learner = UserFactory()
    attempt = quiz.start_attempt(learner, timezone.now() - timedelta(hours=2))
    attempt.deadline = timezone.now() - timedelta(hours=1)
    attempt.save()
    instructor_client.get(reverse("quizzes:results", args=[quiz.pk]))
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.auto_submitted


def test_learners_cannot_see_results(learner_client, quiz):
    assert learner_client.get(reverse("quizzes:results", args=[quiz.pk])).status_code == 403


@pytest.mark.parametrize("url_name", ["quizzes:results", "quizzes:results-csv"])
def test_results_queries_do_not_grow_with_attempts(instructor_client, quiz, url_name, django_assert_max_num_queries):
    url = reverse(url_name, args=[quiz.pk])
    for _ in range(2):
        take(quiz, UserFactory(), [True, False, True])
    with django_assert_max_num_queries(25) as small:
        instructor_client.get(url)
    for _ in range(10):
        take(quiz, UserFactory(), [False, True, True])
    with django_assert_max_num_queries(len(small.captured_queries)):
        instructor_client.get(url)


def test_the_learner_list_queries_do_not_grow_with_attempts(
    learner_client, learner, instructor, django_assert_max_num_queries
):
    quizzes = [
        QuizFactory(instructor=instructor, questions=[QuestionFactory()], learners=[learner], attempts_allowed=0)
        for _ in range(2)
    ]
    take(quizzes[0], learner, [True])
    with django_assert_max_num_queries(25) as small:
        learner_client.get(reverse("quizzes:list"))
    for quiz in quizzes * 4:
        take(quiz, learner, [False])
    for _ in range(3):
        QuizFactory(instructor=instructor, questions=[QuestionFactory()], learners=[learner])
    with django_assert_max_num_queries(len(small.captured_queries)):
        learner_client.get(reverse("quizzes:list"))


def test_the_instructor_list_queries_do_not_grow_with_attempts(instructor_client, quiz, django_assert_max_num_queries):
    take(quiz, UserFactory(), [True, True, True])
    with django_assert_max_num_queries(25) as small:
        instructor_client.get(reverse("quizzes:list"))
    for _ in range(5):
        take(quiz, UserFactory(), [True, False, True])
    with django_assert_max_num_queries(len(small.captured_queries)):
        instructor_client.get(reverse("quizzes:list"))


def test_results_open_before_anyone_has_finished_an_attempt(instructor_client, instructor, learner):
    from django.utils import timezone

    from tests.quizzes.factories import QuestionFactory, QuizFactory

    quiz = QuizFactory(instructor=instructor, questions=[QuestionFactory(author=instructor)], learners=[learner])
    quiz.start_attempt(learner, timezone.now())
    response = instructor_client.get(f"/quizzes/{quiz.pk}/results/")
    assert response.status_code == 200
    assert "In progress" in response.text
    assert "No graded attempts yet" in response.text
