"""Quiz data for the apps above quizzes (progress): a learner's history and export,
a class's grades and hardest questions, and detaching attempts from a deleted account.

Each function runs a fixed number of queries, whatever the number of attempts
(the export: a few per chunk of attempts). Scores are hidden by the same rule the
review page follows, `Quiz.feedback_shown`; grades follow `grading.quiz_grade`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Avg, Case, Count, F, FloatField, Max, Min, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone

from . import grading
from .models import CHOICE_KINDS, Attempt, Quiz, Response

EXPORT_CHUNK = 200  # attempts per round of queries in the export

# Attempt.percent in SQL: score as a percent of max_score, 0 when the attempt was worth nothing.
PERCENT = Case(
    When(max_score=0, then=Value(0.0)),
    default=Coalesce(Cast("score", FloatField()), Value(0.0)) * Value(100.0) / Cast("max_score", FloatField()),
    output_field=FloatField(),
)


# --------------------------------------------------------------------------
# A learner's history (the dashboard)
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    """One finished attempt as the learner may see it now."""

    title: str
    url: str  # the attempt's review
    quiz_instructor_id: int
    number: int
    submitted_at: datetime
    score_percent: float | None  # None while the quiz's feedback setting hides scores
    results_after: datetime | None  # when hidden scores show (None: no closing date set yet)
    # The quiz grade by its attempt rule, on the row of each quiz's latest attempt only.
    grade: float | None = None
    grading_method: str = ""
    attempts_in_grade: int = 0
    passed: bool | None = None

    @property
    def hidden(self) -> bool:
        return self.score_percent is None

    @property
    def grade_rule(self) -> str:
        """How the grade was made, when more than one attempt went into it: "best of 3"."""
        if self.attempts_in_grade < 2:
            return ""
        word = {grading.HIGHEST: "best", grading.LAST: "last", grading.FIRST: "first", grading.AVERAGE: "average"}
        return f"{word[self.grading_method]} of {self.attempts_in_grade}"


def learner_history(learner, now: datetime) -> list[HistoryRow]:
    """The learner's finished attempts, newest first, each quiz's grade on its latest attempt.

    Expired attempts are submitted first, as every page that reads attempts does.
    """
    # One query for the finished attempts and the expired ones, which are submitted here (rare).
    attempts = list(
        Attempt.objects.real()
        .filter(learner=learner)
        .filter(Q(submitted_at__isnull=False) | Q(deadline__lte=now))
        .select_related("quiz")
        .order_by("quiz_id", "number")
    )
    for attempt in attempts:
        if attempt.submitted_at is None:
            attempt.finalize(attempt.deadline, auto=True)
    by_quiz: dict[int, list[Attempt]] = {}
    for attempt in attempts:
        by_quiz.setdefault(attempt.quiz_id, []).append(attempt)
    rows = []
    for finished in by_quiz.values():
        quiz, latest = finished[-1].quiz, finished[-1]
        # The grade shows when the latest attempt's feedback does, as on the quiz list (status.learner_status).
        grade = (
            grading.quiz_grade([a.percent or 0.0 for a in finished], quiz.grading_method)
            if quiz.feedback_shown(latest, now)
            else None
        )
        for attempt in finished:
            shown = quiz.feedback_shown(attempt, now)
            is_latest = attempt is latest
            rows.append(
                HistoryRow(
                    title=quiz.title,
                    url=reverse("quizzes:attempt-review", args=[attempt.pk]),
                    quiz_instructor_id=quiz.instructor_id,
                    number=attempt.number,
                    submitted_at=attempt.submitted_at,
                    score_percent=(attempt.percent or 0.0) if shown else None,
                    results_after=None if shown else quiz.results_at,
                    grade=grade if is_latest else None,
                    grading_method=quiz.grading_method if is_latest else "",
                    attempts_in_grade=len(finished) if is_latest else 0,
                    passed=None if grade is None or not is_latest else grade >= quiz.pass_mark,
                )
            )
    return sorted(rows, key=lambda row: row.submitted_at, reverse=True)


# --------------------------------------------------------------------------
# My data: the export, and what happens to attempts when the account goes
# --------------------------------------------------------------------------


def _answer(response: Response) -> str:
    if response.question.kind in CHOICE_KINDS:
        return "; ".join(o.text for o in response.ordered_options() if o.pk in response.selected)
    return response.text


def _number(value) -> float | None:
    return None if value is None else float(value)


def attempts_for_export(learner) -> Iterator[dict]:
    """Every attempt of the learner, oldest first, with their answers (an instructor's previews,
    never recorded, are left out).

    Scores and points earned are left out (None) while the quiz's feedback
    setting still hides them from the learner: the export must not reveal
    what the review page does not.
    """
    now = timezone.now()
    responses = Response.objects.select_related("question").prefetch_related("question__options").order_by("position")
    attempts = (
        Attempt.objects.real()
        .filter(learner=learner)
        .select_related("quiz")
        .order_by("started_at", "id")
        .prefetch_related(Prefetch("responses", queryset=responses))
    )
    for attempt in attempts.iterator(chunk_size=EXPORT_CHUNK):
        quiz = attempt.quiz
        shown = quiz.feedback_shown(attempt, now)
        yield {
            "quiz": quiz.title,
            "quiz_id": quiz.pk,
            "attempt": attempt.number,
            "started_at": attempt.started_at,
            "deadline": attempt.deadline,
            "submitted_at": attempt.submitted_at,
            "auto_submitted": attempt.auto_submitted,
            "results_shown": shown,
            "results_after": None if shown or not attempt.is_finished else quiz.results_at,
            "score": _number(attempt.score) if shown else None,
            "max_score": _number(attempt.max_score),
            "percent": attempt.percent if shown else None,
            "responses": [
                {
                    "position": r.position,
                    "question": r.question.text,
                    "answer": _answer(r),
                    "answered_at": r.answered_at,
                    "points_possible": _number(r.points),
                    "points": _number(r.score) if shown or r.checked_at else None,
                }
                for r in attempt.responses.all()
            ],
        }


def detach_learner(learner, now: datetime | None = None) -> None:
    """Before the learner's account is deleted: keep their finished attempts, anonymized.

    Attempts past their deadline are submitted first, as on any read. Attempts
    still open are deleted: never submitted, they count in no grade or
    statistic, and no one could ever finish them. Finished attempts are kept
    without their learner ("deleted learner"), so the quizzes' results and
    item analysis stay true. Class memberships go with the account (CASCADE).
    """
    now = now or timezone.now()
    mine = Attempt.objects.filter(learner=learner)
    mine.filter(is_preview=True).delete()  # an instructor's previews: nothing to keep
    mine.finalize_expired(now)
    mine.filter(submitted_at__isnull=True).delete()
    mine.update(learner=None, anonymous_key=f"deleted-{uuid.uuid4().hex[:12]}")


# --------------------------------------------------------------------------
# A class: each learner's grade per quiz, the hardest questions
# --------------------------------------------------------------------------


@dataclass
class ClassQuizzes:
    quizzes: list[Quiz]  # published quizzes assigned to the class, oldest first
    grades: dict[tuple[int, int], float]  # (quiz id, learner id) -> percent by the quiz's rule
    # The earliest deadline of an attempt still open: then it is submitted, and its grade counts.
    next_deadline: datetime | None = None

    def grade(self, quiz: Quiz, learner_id: int) -> float | None:
        return self.grades.get((quiz.pk, learner_id))


def class_quiz_grades(klass, now: datetime) -> ClassQuizzes:
    """Every member's grade in every quiz of the class: four queries, whatever the class or its attempts.

    One aggregate over the finished attempts, grouped by (quiz, learner):
    MAX and AVG of the percent, and the first and last attempts' percent by
    correlated subqueries; the quiz's grading method picks one of the four.
    """
    quizzes = list(klass.quizzes.filter(published_at__isnull=False).order_by("published_at", "id"))
    if not quizzes:
        return ClassQuizzes([], {})
    finished = Attempt.objects.real().finished().filter(quiz__in=quizzes, learner__class_memberships__klass=klass)
    members_attempts = Attempt.objects.filter(quiz__in=quizzes, learner__class_memberships__klass=klass)
    members_attempts.finalize_expired(now)
    next_deadline = members_attempts.real().filter(submitted_at__isnull=True).aggregate(at=Min("deadline"))["at"]
    same = Attempt.objects.real().finished().filter(quiz=OuterRef("quiz_id"), learner=OuterRef("learner_id"))
    rows = (
        finished.values("quiz_id", "learner_id")
        .annotate(
            highest=Max(PERCENT),
            average=Avg(PERCENT),
            first=Subquery(same.order_by("number").annotate(p=PERCENT).values("p")[:1], output_field=FloatField()),
            last=Subquery(same.order_by("-number").annotate(p=PERCENT).values("p")[:1], output_field=FloatField()),
        )
        .order_by()
    )
    methods = {quiz.pk: quiz.grading_method for quiz in quizzes}
    grades = {(row["quiz_id"], row["learner_id"]): row[methods[row["quiz_id"]]] for row in rows}
    return ClassQuizzes(quizzes, grades, next_deadline)


def class_hardest_questions(klass, quizzes: list[Quiz], limit: int = 5) -> list[dict]:
    """The questions the class's learners earned the smallest share of points on, over all their finished attempts.

    One query. Not Moodle's facility index (that counts only graded attempts;
    the quiz's results page has it): a quick pointer to where to look.
    """
    if not quizzes:
        return []
    return list(
        Response.objects.filter(
            attempt__quiz__in=quizzes,
            attempt__submitted_at__isnull=False,
            attempt__is_preview=False,
            attempt__learner__class_memberships__klass=klass,
        )
        .values("question_id", "question__text", quiz_id=F("attempt__quiz_id"), quiz_title=F("attempt__quiz__title"))
        .annotate(
            earned=Avg(Coalesce(Cast("score", FloatField()), Value(0.0)) / Cast("points", FloatField())),
            answers=Count("id"),
        )
        .order_by("earned", "-answers", "question_id")[:limit]
    )
