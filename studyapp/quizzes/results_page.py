"""A quiz's results: each learner's grade by the attempt rule, and Moodle's quiz statistics.

A fixed handful of queries whatever the number of attempts; the figures are
computed in Python by `grading` and `item_analysis`, the chart by `item_chart`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils.safestring import SafeString, mark_safe

from studyapp.classes.models import Membership

from . import grading
from .item_analysis import (
    TRUE_FALSE_GUESS,
    TYPED_GUESS,
    AttemptScores,
    ItemScore,
    ItemStats,
    QuizStats,
    item_statistics,
    quiz_statistics,
    single_choice_guess,
)
from .item_chart import ItemPoint, item_chart
from .models import CHOICE_KINDS, Attempt, Kind, Override, Question, Quiz, Response, overrides_by_learner


@dataclass
class LearnerRow:
    key: int | str
    username: str
    name: str
    attempts: list[Attempt] = field(default_factory=list)
    in_progress: Attempt | None = None
    grade: float | None = None
    counted: list[Attempt] = field(default_factory=list)
    overrides: list[Override] = field(default_factory=list)  # theirs first, then their classes'

    @property
    def finished_count(self) -> int:
        return len(self.attempts)

    @property
    def time_taken(self) -> timedelta | None:
        times = [a.time_taken for a in self.counted if a.time_taken is not None]
        return sum(times, timedelta()) / len(times) if times else None


@dataclass
class QuestionRow:
    question: Question
    stats: ItemStats | None
    options: list[tuple[str, int, bool]]  # (option text, times chosen, is correct)
    answers: list[tuple[str, int]]  # most common typed answers (short, numeric)


@dataclass
class Results:
    quiz: Quiz
    learners: list[LearnerRow]
    questions: list[QuestionRow]
    counted_attempts: int
    short_attempts: int  # attempts whose random slots could not draw every question the quiz asks for
    quiz_stats: QuizStats
    chart: SafeString | None  # each question's facility against its discrimination

    def passed(self, row: LearnerRow) -> bool | None:
        return None if row.grade is None else row.grade >= self.quiz.pass_mark


def quiz_results(quiz: Quiz, now: datetime) -> Results:
    quiz.attempts.finalize_expired(now)
    attempts = list(quiz.attempts.real().select_related("learner").order_by("learner_id", "number"))
    rows: dict[int | str, LearnerRow] = {}
    members = Membership.objects.filter(klass__quizzes=quiz).select_related("learner").order_by("learner__username")
    for membership in members:
        learner = membership.learner
        rows.setdefault(learner.pk, LearnerRow(learner.pk, learner.username, learner.get_full_name()))
    for attempt in attempts:
        learner = attempt.learner
        key = learner.pk if learner else (attempt.anonymous_key or f"deleted-{attempt.pk}")
        row = rows.setdefault(
            key,
            LearnerRow(
                key, learner.username if learner else "deleted learner", learner.get_full_name() if learner else ""
            ),
        )
        if attempt.is_finished:
            row.attempts.append(attempt)
        else:
            row.in_progress = attempt
    applying = overrides_by_learner(quiz, [key for key in rows if isinstance(key, int)])
    for key, overrides in applying.items():
        rows[key].overrides = overrides
    counted: list[Attempt] = []
    for row in rows.values():
        percents = [a.percent or 0.0 for a in row.attempts]
        row.grade = grading.quiz_grade(percents, quiz.grading_method)
        row.counted = [row.attempts[i] for i in grading.counted_indexes(percents, quiz.grading_method)]
        counted += row.counted
    learners = sorted(rows.values(), key=lambda r: (r.username == "deleted learner", r.username.casefold()))
    short = sum(1 for attempt in attempts if attempt.missing_questions)
    responses = list(
        Response.objects.filter(attempt__in=[a.pk for a in counted]).values(
            "attempt_id", "question_id", "position", "score", "points", "selected", "text"
        )
    )
    scores = _attempt_scores(counted, responses)
    questions = _question_rows(quiz, scores, responses)
    return Results(quiz, learners, questions, len(counted), short, quiz_statistics(scores), _chart(questions))


def _chart(questions: list[QuestionRow]) -> SafeString | None:
    """The facility–discrimination chart, numbering the questions as the page does; None while no
    question has a discrimination to place it by (an empty frame would say nothing)."""
    points = [
        ItemPoint(f"Q{number}", row.stats.facility, row.stats.discrimination)
        for number, row in enumerate(questions, start=1)
        if row.stats
    ]
    if all(point.discrimination is None for point in points):
        return None
    return mark_safe(item_chart(points))  # item_chart escapes every text it draws


def option_credits(question: Question) -> list[float]:
    """What choosing each option earns, in percent of the question's points, in option order.

    The one place that knows: one-answer kinds give 100 for the right option and 0 for the others;
    "select all that apply" gives +100/k for each of its k right options and −100/k for each wrong
    one (as `grading.grade_choice` scores it). Options will carry their own credit later.
    """
    options = list(question.options.all())
    if question.kind != Kind.MULTIPLE:
        return [100.0 if option.is_correct else 0.0 for option in options]
    share = 100 / max(1, sum(option.is_correct for option in options))
    return [share if option.is_correct else -share for option in options]


def random_guess_score(question: Question) -> float | None:
    """Moodle's random guess score by kind (percent): see `item_analysis` for each formula."""
    if question.kind == Kind.TRUE_FALSE:
        return TRUE_FALSE_GUESS
    if question.kind == Kind.SINGLE:
        return single_choice_guess(option_credits(question))
    if question.kind == Kind.MULTIPLE:
        return None  # Moodle gives none for multi-answer multichoice
    return TYPED_GUESS


def _attempt_scores(counted: list[Attempt], responses: list[dict]) -> list[AttemptScores]:
    by_attempt: dict[int, list[dict]] = defaultdict(list)
    for response in responses:
        by_attempt[response["attempt_id"]].append(response)
    return [
        AttemptScores(
            float(attempt.score or 0),
            tuple(
                ItemScore(r["question_id"], float(r["score"] or 0), float(r["points"])) for r in by_attempt[attempt.pk]
            ),
            float(attempt.max_score),
        )
        for attempt in counted
    ]


def _question_rows(quiz: Quiz, scores: list[AttemptScores], responses: list[dict]) -> list[QuestionRow]:
    slots = list(quiz.slots.all())
    # The quiz's maximum as built: each fixed question's points, and each random slot's times its draw.
    quiz_points = float(sum(slot.points * (slot.random_count or 1) for slot in slots))
    # Questions in quiz order: fixed slots first by position, then anything drawn at random.
    order = {slot.question_id: slot.position for slot in slots if slot.question_id}
    first_seen: dict[int, int] = {}
    for response in responses:
        first_seen.setdefault(response["question_id"], response["position"])
    question_ids = set(order) | set(first_seen)
    questions = Question.objects.filter(pk__in=question_ids).select_related("topic").prefetch_related("options")
    guesses = {question.pk: random_guess_score(question) for question in questions}
    stats = item_statistics(scores, quiz_points=quiz_points, guesses=guesses)
    chosen: Counter = Counter()
    typed: dict[int, Counter] = defaultdict(Counter)
    for response in responses:
        chosen.update(response["selected"])
        if response["text"]:
            typed[response["question_id"]][response["text"].strip()] += 1
    rows = []
    for question in sorted(questions, key=lambda q: (order.get(q.pk, 10_000), first_seen.get(q.pk, 0), q.pk)):
        options = (
            [(o.text, chosen[o.pk], o.is_correct) for o in question.options.all()]
            if question.kind in CHOICE_KINDS
            else []
        )
        rows.append(QuestionRow(question, stats.get(question.pk), options, typed[question.pk].most_common(5)))
    return rows
