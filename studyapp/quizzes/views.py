"""Taking quizzes: the learner's list, an attempt with autosaved answers, submitting, and the review."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from studyapp.accounts.roles import is_instructor

from .models import Attempt, AttemptRefused, Feedback, Quiz, Response
from .status import learner_status


def _zone(request: HttpRequest):
    return request.user.profile.zone


def _get_quiz_for_learner(request: HttpRequest, pk: int) -> Quiz:
    return get_object_or_404(Quiz.objects.assigned_to(request.user), pk=pk)


def _get_attempt_for_learner(request: HttpRequest, pk: int) -> Attempt:
    return get_object_or_404(Attempt.objects.select_related("quiz"), pk=pk, learner=request.user)


def _get_attempt_for_reviewer(request: HttpRequest, pk: int) -> tuple[Attempt, bool]:
    """The learner who made the attempt, or the quiz's own instructor (who sees everything)."""
    attempt = get_object_or_404(Attempt.objects.select_related("quiz", "learner"),
                                Q(learner=request.user) | Q(quiz__instructor=request.user), pk=pk)
    return attempt, attempt.quiz.instructor_id == request.user.pk


def _responses(attempt: Attempt):
    return attempt.responses.select_related("question__topic").prefetch_related("question__options")


@login_required
def quiz_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    Attempt.objects.filter(learner=request.user).finalize_expired(now)
    mine = Attempt.objects.filter(learner=request.user).order_by("number")
    assigned = Quiz.objects.assigned_to(request.user).prefetch_related(
        Prefetch("attempts", queryset=mine, to_attr="my_attempts")).order_by("closes_at", "title")
    rows = [learner_status(quiz, quiz.my_attempts, now) for quiz in assigned]
    teaching = None
    if is_instructor(request.user):
        teaching = Quiz.objects.owned_by(request.user).annotate(
            attempt_count=Count("attempts", filter=Q(attempts__submitted_at__isnull=False), distinct=True),
            class_count=Count("classes", distinct=True))
    return render(request, "quizzes/list.html", {"rows": rows, "teaching": teaching, "zone": _zone(request)})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if Quiz.objects.filter(pk=pk, instructor=request.user).exists():
        return redirect("quizzes:edit", pk=pk)
    quiz = _get_quiz_for_learner(request, pk)
    now = timezone.now()
    quiz.attempts.filter(learner=request.user).finalize_expired(now)
    attempts = list(quiz.attempts.filter(learner=request.user).order_by("number"))
    context = {"quiz": quiz, "status": learner_status(quiz, attempts, now), "zone": _zone(request)}
    return render(request, "quizzes/detail.html", context)


@require_POST
@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_learner(request, pk)
    try:
        attempt = quiz.start_attempt(request.user, timezone.now())
    except AttemptRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(quiz)
    return redirect(attempt)


@login_required
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _get_attempt_for_learner(request, pk)
    now = timezone.now()
    attempt.finalize_if_expired(now)
    if attempt.is_finished:
        return redirect("quizzes:attempt-review", pk=attempt.pk)
    context = {"attempt": attempt, "quiz": attempt.quiz, "responses": _responses(attempt),
               "seconds_left": attempt.seconds_left(now), "zone": _zone(request)}
    return render(request, "quizzes/attempt.html", context)


def _save_answers(attempt: Attempt, data, now: datetime, only: int | None = None) -> list[Response]:
    """Store the posted answers of the questions the form showed (`shown`); checked ones stay locked."""
    shown = {int(v) for v in data.getlist("shown") if v.isdigit()}
    if only is not None:
        shown &= {only}
    responses = [r for r in _responses(attempt).filter(pk__in=shown) if r.checked_at is None]
    for response in responses:
        response.set_answer(data.getlist(f"r-{response.pk}"), now)
    Response.objects.bulk_update(responses, ["selected", "text", "answered_at"])
    return responses


def _refuse_late(request: HttpRequest, attempt: Attempt) -> HttpResponse:
    attempt.finalize_if_expired(timezone.now())
    message = "Time is up: the attempt was submitted with the answers saved before the deadline."
    if attempt.is_finished and attempt.submitted_at and not attempt.auto_submitted:
        message = "This attempt has already been submitted."
    if request.htmx:
        return HttpResponseClientRedirect(attempt.get_absolute_url())
    messages.error(request, message)
    return redirect(attempt)


@require_POST
@login_required
def save(request: HttpRequest, pk: int) -> HttpResponse:
    """Autosave (HTMX, one question) or the plain form's "Save answers" (all of them)."""
    attempt = _get_attempt_for_learner(request, pk)
    now = timezone.now()
    if not attempt.accepts_answers(now):
        return _refuse_late(request, attempt)
    only = request.POST.get("response")
    saved = _save_answers(attempt, request.POST, now, int(only) if only and only.isdigit() else None)
    if request.htmx:
        return render(request, "quizzes/attempt.html#save-state", {"saved_at": now, "response": saved[0] if saved else None, "zone": _zone(request)})
    messages.success(request, "Answers saved.")
    return redirect(attempt)


@require_POST
@login_required
def check(request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
    """Feedback after each question: save, grade and lock this one answer."""
    attempt = _get_attempt_for_learner(request, pk)
    now = timezone.now()
    if attempt.quiz.feedback != Feedback.EACH:
        return redirect(attempt)
    if not attempt.accepts_answers(now):
        return _refuse_late(request, attempt)
    response = get_object_or_404(_responses(attempt), pk=response_pk)
    if response.checked_at is None:
        response.set_answer(request.POST.getlist(f"r-{response.pk}"), now)
        response.grade()
        response.checked_at = now
        response.save(update_fields=["selected", "text", "answered_at", "score", "checked_at"])
    if request.htmx:
        context = {"response": response, "attempt": attempt, "quiz": attempt.quiz, "zone": _zone(request)}
        return render(request, "quizzes/attempt.html#question", context)
    return redirect(f"{attempt.get_absolute_url()}#q-{response.pk}")


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """POSTing the attempt form without `confirm` saves it and asks for confirmation,
    listing the unanswered questions; with `confirm` it submits."""
    attempt = _get_attempt_for_learner(request, pk)
    now = timezone.now()
    if not attempt.accepts_answers(now):
        return _refuse_late(request, attempt)
    if request.method == "POST":
        _save_answers(attempt, request.POST, now)
        if request.POST.get("confirm"):
            attempt.finalize(now)
            messages.success(request, "Your answers were submitted.")
            return redirect("quizzes:attempt-review", pk=attempt.pk)
    unanswered = [r for r in attempt.responses.all() if not r.is_answered]
    context = {"attempt": attempt, "quiz": attempt.quiz, "unanswered": unanswered,
               "seconds_left": attempt.seconds_left(now)}
    return render(request, "quizzes/submit.html#confirm" if request.htmx else "quizzes/submit.html", context)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    attempt, as_instructor = _get_attempt_for_reviewer(request, pk)
    now = timezone.now()
    attempt.finalize_if_expired(now)
    if not attempt.is_finished and not as_instructor:
        return redirect(attempt)
    quiz = attempt.quiz
    shown = as_instructor or quiz.feedback_shown(attempt, now)
    context = {"attempt": attempt, "quiz": quiz, "responses": _responses(attempt), "feedback_shown": shown,
               "as_instructor": as_instructor, "zone": _zone(request),
               "passed": attempt.percent is not None and attempt.percent >= quiz.pass_mark}
    return render(request, "quizzes/review.html", context)
