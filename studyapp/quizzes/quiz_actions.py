"""An instructor's actions on a whole quiz: preview it as a learner, duplicate it, delete it (or
archive it when learners have taken it), restore an archived one; and their list of quizzes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from studyapp.accounts.roles import instructor_required
from studyapp.lib.redirects import posted_next

from .copying import duplicate_quiz
from .instructor_views import _get_quiz_for_instructor
from .models import Attempt, AttemptRefused, Quiz


@dataclass
class Teaching:
    """The instructor's part of the quiz list: their current quizzes, or their archived ones."""

    quizzes: QuerySet[Quiz]  # annotated: class_count, attempt_count (learners' submitted attempts)
    archived_count: int
    showing_archived: bool


def teaching_list(instructor, *, archived: bool) -> Teaching:
    submitted = Q(attempts__submitted_at__isnull=False, attempts__is_preview=False)
    mine = Quiz.objects.owned_by(instructor)
    quizzes = mine.filter(archived_at__isnull=not archived).annotate(
        attempt_count=Count("attempts", filter=submitted, distinct=True),
        class_count=Count("classes", distinct=True),
    )
    return Teaching(quizzes, mine.filter(archived_at__isnull=False).count(), archived)


# --- preview ---------------------------------------------------------------------------------


def start_preview(quiz: Quiz, instructor, now: datetime) -> Attempt:
    """A fresh preview attempt: the instructor's earlier previews of this quiz go first, all or nothing.

    The preview keeps the quiz's time limit but not its closing time (`Quiz.start_attempt`).
    """
    with transaction.atomic():
        quiz.attempts.filter(learner=instructor, is_preview=True).delete()
        return quiz.start_attempt(instructor, now, preview=True)


def _preview_refusal(quiz: Quiz) -> str:
    if not quiz.slots.exists():
        return "Add at least one question before previewing."
    if problem := quiz.topic_problem():
        return f"Cannot preview. {problem}"
    return ""


@require_POST
@instructor_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    refusal = _preview_refusal(quiz)
    if not refusal:
        try:
            return redirect(start_preview(quiz, request.user, timezone.now()))
        except AttemptRefused as refused:
            refusal = str(refused)
    messages.error(request, refusal)
    return redirect("quizzes:edit", pk=quiz.pk)


# --- duplicate, delete, restore ----------------------------------------------------------------


@require_POST
@instructor_required
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    copy = duplicate_quiz(_get_quiz_for_instructor(request, pk))
    messages.success(request, f"Duplicated: this is “{copy.title}”, a draft with no classes yet.")
    return redirect("quizzes:edit", pk=copy.pk)


@instructor_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST deletes the quiz, or archives it when learners have attempts
    (their results stay, under Archived on the quiz list)."""
    quiz = _get_quiz_for_instructor(request, pk)
    if request.method != "POST":
        context = {"quiz": quiz, "attempts": quiz.attempts.real().count()}
        return render(request, "quizzes/quiz_delete.html", context)
    with transaction.atomic():
        attempts = quiz.attempts.real().count()
        if attempts:
            quiz.archived_at = quiz.archived_at or timezone.now()
            quiz.save(update_fields=["archived_at", "updated_at"])
        else:
            quiz.delete()
    if attempts:
        plural = "attempt" if attempts == 1 else "attempts"
        messages.success(request, f"Archived: it had {attempts} {plural}; its results stay under Archived.")
    else:
        messages.success(request, "Deleted.")
    return redirect("quizzes:list")


@require_POST
@instructor_required
def unarchive(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    quiz.archived_at = None
    quiz.save(update_fields=["archived_at", "updated_at"])
    seen = "learners in its classes see it again" if quiz.is_published else "it is a draft: learners do not see it"
    messages.success(request, f"Restored “{quiz.title}”: {seen}.")
    return redirect(posted_next(request, reverse("quizzes:edit", args=[quiz.pk])))
