"""What a signed-in user has to do today: the figures of the home page, for a learner and for an instructor.

Assembled from the apps' own data functions (the study queue, quiz status, the
progress figures), each page in a fixed number of queries whatever the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet

from studyapp.cards.models import CardFlag
from studyapp.quizzes.learner_status import LearnerStatus, learner_status
from studyapp.quizzes.models import Attempt, Quiz, terms_for_quizzes
from studyapp.study.exams import ExamPlan, plan_for
from studyapp.study.models import StudySettings
from studyapp.study.queue import Counts, Today, whole_queue

from . import figures

RECENT_DAYS = 7  # "this week" for quiz submissions, as for reviews
QUIZZES_SHOWN = 5  # the instructor's quizzes with the latest activity; the Quizzes page has them all


@dataclass
class LearnerToday:
    study: StudySettings
    counts: Counts  # cards left to study today, an exam's plan applied
    done: Today  # what was studied today already
    plan: ExamPlan | None  # the plan of the exams ahead, None without any
    quizzes: list[LearnerStatus]  # assigned, open now, nothing submitted yet
    in_progress: list[figures.TopicMastery]  # topics started and not yet learned through
    not_started: list[figures.TopicMastery]


def _quizzes_to_take(learner, now: datetime) -> list[LearnerStatus]:
    """Quizzes assigned to the learner, open now, with no submitted attempt; soonest closing first."""
    mine = Attempt.objects.real().filter(learner=learner).order_by("number")
    submitted = Attempt.objects.real().finished().filter(quiz=OuterRef("pk"), learner=learner)
    quizzes = list(
        Quiz.objects.assigned_to(learner)
        .filter(~Exists(submitted))
        .prefetch_related(Prefetch("attempts", queryset=mine, to_attr="my_attempts"))
        .order_by(F("closes_at").asc(nulls_last=True), "title", "pk")
    )
    # Each quiz as it applies to this learner: an override may open it, close it later or give attempts.
    terms = terms_for_quizzes(quizzes, learner)
    rows = [learner_status(quiz, quiz.my_attempts, now, terms[quiz.pk]) for quiz in quizzes]
    rows.sort(key=lambda row: (row.terms.closes_at is None, row.terms.closes_at or now, row.quiz.title))
    return [row for row in rows if row.open_attempt or row.can_start]


def learner_today(learner, now: datetime) -> LearnerToday:
    # First: submitting an expired attempt puts its missed cards back in the queue counted below.
    Attempt.objects.filter(learner=learner).finalize_expired(now)
    quizzes = _quizzes_to_take(learner, now)
    study = StudySettings.for_user(learner)
    plan = plan_for(learner, study, now)
    upcoming = whole_queue(learner, study, now, plan)
    topics = [m for m in figures.topic_mastery(learner, study, now) if m.total]
    return LearnerToday(
        study=study,
        counts=upcoming.counts,
        done=upcoming.today,
        plan=plan,
        quizzes=quizzes,
        in_progress=[m for m in topics if m.studied and m.learned < m.total],
        not_started=[m for m in topics if not m.studied],
    )


@dataclass
class InstructorToday:
    classes: list[figures.ClassSummary]
    quizzes: list[Quiz]  # annotated: recent (submissions this week), in_progress, last_submitted
    open_flags: int
    counts: Counts  # the instructor's own cards left today: they may study too
    plan: ExamPlan | None  # the plan of their own exams ahead, None without any

    @property
    def behind(self) -> list[figures.BehindLearner]:
        return [learner for summary in self.classes for learner in summary.behind]


def quizzes_to_look_at(instructor, now: datetime) -> QuerySet[Quiz]:
    """The instructor's quizzes with submissions this week or attempts under way, latest submission first."""
    week = now - timedelta(days=RECENT_DAYS)
    return (
        Quiz.objects.owned_by(instructor)
        .annotate(
            recent=Count("attempts", filter=Q(attempts__submitted_at__gte=week, attempts__is_preview=False)),
            in_progress=Count("attempts", filter=Q(attempts__submitted_at__isnull=True, attempts__is_preview=False)),
            last_submitted=Max("attempts__submitted_at", filter=Q(attempts__is_preview=False)),
        )
        .filter(Q(recent__gt=0) | Q(in_progress__gt=0))
        .order_by(F("last_submitted").desc(nulls_last=True), "title", "pk")[:QUIZZES_SHOWN]
    )


def instructor_today(instructor, now: datetime) -> InstructorToday:
    # Attempts past their deadline count as submitted, not under way (as on the results page).
    Attempt.objects.filter(quiz__instructor=instructor).finalize_expired(now)
    study = StudySettings.for_user(instructor)
    plan = plan_for(instructor, study, now)
    return InstructorToday(
        classes=figures.classes_overview(instructor, now),
        quizzes=list(quizzes_to_look_at(instructor, now)),
        # The flags this instructor can act on, as cards:flags lists them: every site topic's, and their own topics'.
        open_flags=CardFlag.objects.open().for_editor(instructor).count(),
        counts=whole_queue(instructor, study, now, plan).counts,
        plan=plan,
    )
