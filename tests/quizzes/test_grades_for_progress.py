"""Quiz data for progress: grades per class by the attempt rule, a learner's history and export, deletion."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from studyapp.quizzes import grades_for_progress
from studyapp.quizzes.models import Attempt, Feedback, Quiz, Response
from studyapp.quizzes.results_page import quiz_results
from tests.classes.factories import ClassFactory
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db

QUESTIONS = 5  # so 2 right = 40 %, 3 = 60 %, 4 = 80 %


def finish(quiz: Quiz, learner, right: int, at: datetime, *, submit: bool = True) -> Attempt:
    """An attempt answering the first `right` questions right and the rest wrong, submitted 5 minutes after `at`."""
    attempt = quiz.start_attempt(learner, at)
    responses = attempt.responses.select_related("question").prefetch_related("question__options")
    for i, response in enumerate(responses):
        option = next((o for o in response.question.options.all() if o.is_correct == (i < right)), None)
        if option:  # typed answers are left to the test
            response.set_answer([str(option.pk)], at)
            response.save(update_fields=["selected", "answered_at"])
    if submit:
        attempt.finalize(at + timedelta(minutes=5))
    return attempt


def five_question_quiz(instructor, **kwargs) -> Quiz:
    questions = [QuestionFactory(author=instructor, text=f"Item {n}?") for n in range(QUESTIONS)]
    return QuizFactory(instructor=instructor, questions=questions, attempts_allowed=0, **kwargs)


# --------------------------------------------------------------------------
# A class's grades
# --------------------------------------------------------------------------


def test_class_grades_follow_each_quizzes_attempt_rule(instructor):
    ana, ben, outsider = UserFactory(), UserFactory(), UserFactory()
    klass = ClassFactory(instructor=instructor)
    klass.add_learner(ana)
    klass.add_learner(ben)
    now = timezone.now()
    quizzes = {}
    for method in ("highest", "average", "first", "last"):
        quiz = five_question_quiz(instructor, grading_method=method, title=method)
        quiz.classes.add(klass)
        # Ana: 40 % then 80 %; by hand: highest 80, average 60, first 40, last 80.
        finish(quiz, ana, 2, now - timedelta(days=2))
        finish(quiz, ana, 4, now - timedelta(days=1))
        finish(quiz, outsider, 5, now - timedelta(days=1))  # not in the class: not in its grades
        quizzes[method] = quiz
    # Ben: one 60 % attempt at "last", and an unsubmitted one after it that must not count.
    finish(quizzes["last"], ben, 3, now - timedelta(days=3))
    finish(quizzes["last"], ben, 5, now - timedelta(hours=1), submit=False)
    unpublished = five_question_quiz(instructor, published_at=None)
    unpublished.classes.add(klass)

    grades = grades_for_progress.class_quiz_grades(klass, now)

    assert grades.quizzes == [quizzes["highest"], quizzes["average"], quizzes["first"], quizzes["last"]]
    assert grades.grade(quizzes["highest"], ana.pk) == pytest.approx(80)
    assert grades.grade(quizzes["average"], ana.pk) == pytest.approx(60)
    assert grades.grade(quizzes["first"], ana.pk) == pytest.approx(40)
    assert grades.grade(quizzes["last"], ana.pk) == pytest.approx(80)
    assert grades.grade(quizzes["last"], ben.pk) == pytest.approx(60)
    assert grades.grade(quizzes["highest"], ben.pk) is None
    assert {learner for _, learner in grades.grades} == {ana.pk, ben.pk}
    # The same figures as the quiz's own results page, which grades in Python.
    for quiz in quizzes.values():
        rows = {row.key: row.grade for row in quiz_results(quiz, now).learners}
        assert grades.grade(quiz, ana.pk) == pytest.approx(rows[ana.pk])


def test_an_attempt_worth_no_points_counts_as_zero(instructor):
    learner = UserFactory()
    quiz = QuizFactory(instructor=instructor, learners=[learner])  # no questions: max score 0
    attempt = quiz.start_attempt(learner, timezone.now())
    attempt.finalize(timezone.now())
    assert grades_for_progress.class_quiz_grades(quiz.classes.get(), timezone.now()).grade(quiz, learner.pk) == 0.0


def test_an_expired_attempt_is_submitted_when_grades_are_read(instructor):
    learner = UserFactory()
    quiz = five_question_quiz(instructor, time_limit=timedelta(minutes=10), learners=[learner])
    started = timezone.now() - timedelta(hours=1)
    finish(quiz, learner, 3, started, submit=False)
    grades = grades_for_progress.class_quiz_grades(quiz.classes.get(), timezone.now())
    assert grades.grade(quiz, learner.pk) == pytest.approx(60)
    assert Attempt.objects.get().auto_submitted


def test_class_grades_take_four_queries_whatever_the_class_or_its_attempts(instructor):
    now = timezone.now()
    sizes = []
    for learners, attempts in ((1, 1), (12, 3)):
        klass = ClassFactory(instructor=instructor)
        for _ in range(2):
            quiz = five_question_quiz(instructor, grading_method="first")
            quiz.classes.add(klass)
            for _ in range(learners):
                learner = UserFactory()
                klass.add_learner(learner)
                for a in range(attempts):
                    finish(quiz, learner, a % QUESTIONS, now - timedelta(days=attempts - a))
        with CaptureQueriesContext(connection) as queries:
            grades = grades_for_progress.class_quiz_grades(klass, now)
        assert len(grades.grades) == 2 * learners
        sizes.append(len(queries))
    assert sizes == [4, 4]  # quizzes, expired attempts to submit, the earliest deadline still open, grades


def test_the_hardest_questions_are_those_with_the_fewest_points_earned(instructor):
    ana, ben = UserFactory(), UserFactory()
    quiz = five_question_quiz(instructor, learners=[ana, ben])
    now = timezone.now()
    finish(quiz, ana, 4, now - timedelta(days=1))  # items 0-3 right
    finish(quiz, ben, 2, now - timedelta(days=1))  # items 0-1 right
    hardest = grades_for_progress.class_hardest_questions(quiz.classes.get(), [quiz], limit=3)
    assert [(q["question__text"], q["earned"], q["answers"]) for q in hardest] == [
        ("Item 4?", 0.0, 2),
        ("Item 2?", 0.5, 2),
        ("Item 3?", 0.5, 2),
    ]
    assert hardest[0]["quiz_id"] == quiz.pk and hardest[0]["quiz_title"] == quiz.title


# --------------------------------------------------------------------------
# A learner's history
# --------------------------------------------------------------------------


def test_history_lists_finished_attempts_newest_first_with_the_grade_on_the_latest(instructor):
    learner = UserFactory()
    now = timezone.now()
    average = five_question_quiz(
        instructor, grading_method="average", title="Average quiz", pass_mark=50, learners=[learner]
    )
    single = five_question_quiz(instructor, title="Single quiz", pass_mark=70, learners=[learner])
    finish(average, learner, 2, now - timedelta(days=3))
    finish(single, learner, 3, now - timedelta(days=2))
    latest = finish(average, learner, 4, now - timedelta(days=1))
    finish(single, learner, 5, now - timedelta(hours=1), submit=False)  # open: not in the history

    rows = grades_for_progress.learner_history(learner, now)

    assert [(r.title, r.number, r.score_percent) for r in rows] == [
        ("Average quiz", 2, pytest.approx(80)),
        ("Single quiz", 1, pytest.approx(60)),
        ("Average quiz", 1, pytest.approx(40)),
    ]
    assert rows[0].url == f"/quizzes/attempts/{latest.pk}/review/"
    assert rows[0].submitted_at == latest.submitted_at
    assert (rows[0].grade, rows[0].grade_rule, rows[0].passed) == (pytest.approx(60), "average of 2", True)
    assert (rows[1].grade, rows[1].grade_rule, rows[1].passed) == (pytest.approx(60), "", False)
    assert rows[2].grade is None  # an earlier attempt: the grade sits on the latest row


def test_history_hides_scores_until_the_quiz_closes_when_feedback_waits_for_it(instructor):
    learner = UserFactory()
    now = timezone.now()
    closes = now + timedelta(days=2)
    waiting = five_question_quiz(instructor, feedback=Feedback.CLOSE, closes_at=closes, learners=[learner])
    no_date = five_question_quiz(instructor, feedback=Feedback.CLOSE, learners=[learner])
    closed = five_question_quiz(
        instructor, feedback=Feedback.CLOSE, closes_at=now - timedelta(hours=1), learners=[learner]
    )
    finish(waiting, learner, 4, now - timedelta(hours=3))
    finish(no_date, learner, 4, now - timedelta(hours=4))
    finish(closed, learner, 4, now - timedelta(hours=5))

    rows = grades_for_progress.learner_history(learner, now)

    assert [(r.hidden, r.score_percent, r.grade, r.results_after) for r in rows] == [
        (True, None, None, closes),
        (True, None, None, None),  # no closing date yet: "when the quiz closes"
        (False, pytest.approx(80), pytest.approx(80), None),
    ]
    # The same rule as the review page.
    assert [waiting.feedback_shown(a, now) for a in waiting.attempts.all()] == [False]


def test_history_takes_a_fixed_number_of_queries(instructor):
    now = timezone.now()
    counts = []
    for attempts in (1, 15):
        learner = UserFactory()
        for n in range(attempts):
            if n % 3 == 0:
                quiz = five_question_quiz(instructor, learners=[learner])
            finish(quiz, learner, n % QUESTIONS, now - timedelta(days=attempts - n))
        with CaptureQueriesContext(connection) as queries:
            assert len(grades_for_progress.learner_history(learner, now)) == attempts
        counts.append(len(queries))
    assert counts == [1, 1]  # finished and expired attempts with their quiz, in one query


# --------------------------------------------------------------------------
# Export and deletion
# --------------------------------------------------------------------------


def test_the_export_has_each_attempt_with_its_answers(instructor):
    learner = UserFactory()
    now = timezone.now()
    quiz = five_question_quiz(instructor, title="Lambda basics", time_limit=timedelta(minutes=30), learners=[learner])
    short = QuestionFactory(author=instructor, kind="short", text="Max timeout?", accepted_answers=["900"])
    quiz.slots.create(question=short, position=6)
    attempt = finish(quiz, learner, 2, now - timedelta(days=1), submit=False)
    Response.objects.filter(attempt=attempt, question=short).update(text="15 minutes")
    attempt.finalize(now - timedelta(days=1) + timedelta(minutes=5))
    finish(quiz, UserFactory(), 5, now - timedelta(days=1))  # someone else's

    [row] = json.loads(json.dumps(list(grades_for_progress.attempts_for_export(learner)), cls=DjangoJSONEncoder))

    assert (row["quiz"], row["attempt"], row["score"], row["max_score"], row["percent"]) == (
        "Lambda basics",
        1,
        2.0,
        6.0,
        pytest.approx(100 / 3),
    )
    assert row["results_shown"] is True and row["results_after"] is None
    assert row["started_at"].startswith((now - timedelta(days=1)).isoformat()[:16])
    assert row["deadline"] is not None and row["submitted_at"] is not None
    assert [
        (r["position"], r["question"], r["answer"], r["points"], r["points_possible"]) for r in row["responses"]
    ] == [
        (1, "Item 0?", "Right", 1.0, 1.0),
        (2, "Item 1?", "Right", 1.0, 1.0),
        (3, "Item 2?", "Wrong A", 0.0, 1.0),
        (4, "Item 3?", "Wrong A", 0.0, 1.0),
        (5, "Item 4?", "Wrong A", 0.0, 1.0),
        (6, "Max timeout?", "15 minutes", 0.0, 1.0),
    ]


def test_the_export_withholds_scores_the_review_page_still_hides(instructor):
    learner = UserFactory()
    closes = timezone.now() + timedelta(days=1)
    quiz = five_question_quiz(instructor, feedback=Feedback.CLOSE, closes_at=closes, learners=[learner])
    finish(quiz, learner, 3, timezone.now() - timedelta(hours=1))
    [row] = grades_for_progress.attempts_for_export(learner)
    assert (row["results_shown"], row["results_after"], row["score"], row["percent"]) == (False, closes, None, None)
    assert {r["points"] for r in row["responses"]} == {None}
    assert row["responses"][0]["answer"] == "Right"  # their own answers are theirs to see


def test_the_export_does_not_query_per_attempt(instructor):
    learner = UserFactory()
    counts = []
    for _ in range(2):
        quiz = five_question_quiz(instructor, learners=[learner])
        for n in range(3):
            finish(quiz, learner, n, timezone.now() - timedelta(days=n + 1))
        with CaptureQueriesContext(connection) as queries:
            rows = list(grades_for_progress.attempts_for_export(learner))
        counts.append((len(rows), len(queries)))
    assert counts[0][0] == 3 and counts[1][0] == 6
    assert counts[0][1] == counts[1][1] == 3  # attempts with quizzes, responses with questions, options


def test_detaching_a_learner_keeps_finished_attempts_without_them(instructor):
    learner, other = UserFactory(), UserFactory()
    now = timezone.now()
    finished_quiz = five_question_quiz(instructor, learners=[learner, other])
    timed = five_question_quiz(instructor, time_limit=timedelta(minutes=10), learners=[learner])
    open_quiz = five_question_quiz(instructor, learners=[learner])
    kept = finish(finished_quiz, learner, 3, now - timedelta(days=1))
    finish(finished_quiz, other, 1, now - timedelta(days=1))
    expired = finish(timed, learner, 2, now - timedelta(hours=1), submit=False)  # past its deadline
    finish(open_quiz, learner, 2, now - timedelta(hours=1), submit=False)  # no deadline: never handed in

    grades_for_progress.detach_learner(learner, now)

    assert not Attempt.objects.filter(learner=learner).exists()
    assert set(Attempt.objects.filter(learner=None).values_list("pk", flat=True)) == {kept.pk, expired.pk}
    expired.refresh_from_db()
    assert expired.auto_submitted and expired.percent == pytest.approx(40)
    assert not open_quiz.attempts.exists()
    assert Attempt.objects.filter(learner=other).count() == 1


def test_history_submits_an_expired_attempt_and_lists_it(instructor):
    from tests.factories import UserFactory as Learner

    now = timezone.now()
    learner = Learner()
    quiz = five_question_quiz(instructor, learners=[learner])
    quiz.time_limit = timedelta(minutes=5)
    quiz.save(update_fields=["time_limit"])
    attempt = quiz.start_attempt(learner, now - timedelta(minutes=30))
    rows = grades_for_progress.learner_history(learner, now)
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.submitted_at == attempt.deadline
    assert [row.number for row in rows] == [attempt.number]
