"""Where a learner stands with one quiz: what the list and the quiz page show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from . import grading
from .models import Attempt, Quiz, QuizTerms


@dataclass
class LearnerStatus:
    quiz: Quiz
    attempts: list[Attempt]  # finished, oldest first
    open_attempt: Attempt | None
    label: str  # "Not started", "In progress", "Submitted", "Closed", "Opens later"
    grade: float | None  # shown only when feedback allows
    grade_hidden: bool
    can_start: bool
    attempts_left: int | None  # None: unlimited
    terms: QuizTerms  # the dates, time limit and attempts that apply to this learner
    closed: bool  # past the learner's closing time, whatever their attempts

    @property
    def passed(self) -> bool | None:
        return None if self.grade is None else self.grade >= self.quiz.pass_mark


def learner_status(quiz: Quiz, attempts: list[Attempt], now: datetime, terms: QuizTerms | None = None) -> LearnerStatus:
    """`terms` are the learner's (`Override.terms_for`); without them, the quiz's own settings."""
    terms = terms or QuizTerms(quiz.opens_at, quiz.closes_at, quiz.time_limit, quiz.attempts_allowed)
    finished = [a for a in attempts if a.is_finished]
    open_attempt = next((a for a in attempts if not a.is_finished), None)
    # An attempt in progress is used too: "1 left" during the first of two is the one after it.
    used = len(finished) + (open_attempt is not None)
    left = None if not terms.attempts_allowed else max(0, terms.attempts_allowed - used)
    can_start = open_attempt is None and terms.is_open(now) and left != 0
    if open_attempt:
        label = "In progress"
    elif finished:
        label = "Submitted"
    elif terms.is_closed(now):
        label = "Closed"
    elif not terms.is_open(now):
        label = "Opens later"
    else:
        label = "Not started"
    visible = bool(finished) and quiz.feedback_shown(finished[-1], now)
    grade = grading.quiz_grade([a.percent or 0.0 for a in finished], quiz.grading_method) if visible else None
    hidden = bool(finished) and not visible
    closed = terms.is_closed(now)
    return LearnerStatus(quiz, finished, open_attempt, label, grade, hidden, can_start, left, terms, closed)
