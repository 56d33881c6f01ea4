"""Taking quizzes: the learner's list, an attempt with autosaved answers, submitting, and the review."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect, push_url

from studyapp.accounts.roles import is_instructor

from .learner_status import learner_status
from .models import (
    AnswerRefused,
    Attempt,
    AttemptRefused,
    Feedback,
    Override,
    Quiz,
    Response,
    parse_id,
    terms_for_quizzes,
    with_views,
)
from .quiz_actions import teaching_list


def _zone(request: HttpRequest):
    return request.user.profile.zone


def _get_quiz_for_learner(request: HttpRequest, pk: int) -> Quiz:
    return get_object_or_404(Quiz.objects.assigned_to(request.user), pk=pk)


def _get_attempt_for_learner(request: HttpRequest, pk: int) -> Attempt:
    """The user's own attempt; a preview only while they are still the quiz's instructor. (Checked on the
    row rather than in the query: every autosave asks, and the plain lookup costs the ORM less.)"""
    attempt = get_object_or_404(Attempt.objects.select_related("quiz"), pk=pk, learner=request.user)
    if attempt.is_preview and attempt.quiz.instructor_id != request.user.pk:
        raise Http404("No such attempt.")
    return attempt


def _get_attempt_for_reviewer(request: HttpRequest, pk: int) -> tuple[Attempt, bool]:
    """The learner who made the attempt, or the quiz's own instructor (who sees everything)."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("quiz", "learner"),
        Q(learner=request.user) | Q(quiz__instructor=request.user),
        pk=pk,
    )
    return attempt, attempt.quiz.instructor_id == request.user.pk


def _attempt_urls(attempt: Attempt) -> dict[str, str]:
    """The attempt's form URLs, reversed once per page rather than once per question."""
    return {
        "save_url": reverse("quizzes:attempt-save", args=[attempt.pk]),
        "submit_url": reverse("quizzes:attempt-submit", args=[attempt.pk]),
    }


def _responses(attempt: Attempt):
    """The attempt's questions with their notes and options: what grading and feedback read."""
    return attempt.responses.select_related("question__topic").prefetch_related("question__options")


def _responses_to_answer(attempt: Attempt) -> list[Response]:
    """The attempt's responses as the attempt page shows them: each question's text and options come from
    its cached view (`with_views`); the questions themselves are read only for feedback after each answer."""
    responses = _responses(attempt) if attempt.quiz.feedback == Feedback.EACH else attempt.responses.all()
    return with_views(responses)


@login_required
def quiz_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    Attempt.objects.filter(learner=request.user).finalize_expired(now)
    mine = Attempt.objects.real().filter(learner=request.user).order_by("number")
    assigned = list(
        Quiz.objects.assigned_to(request.user).prefetch_related(
            Prefetch("attempts", queryset=mine, to_attr="my_attempts")
        )
    )
    # Each quiz as it applies to this learner (their overrides, all in one query), soonest closing first.
    terms = terms_for_quizzes(assigned, request.user)
    rows = sorted(
        (learner_status(quiz, quiz.my_attempts, now, terms[quiz.pk]) for quiz in assigned),
        key=lambda row: (row.terms.closes_at is None, row.terms.closes_at or now, row.quiz.title),
    )
    teaching = None
    if is_instructor(request.user):
        teaching = teaching_list(request.user, archived=request.GET.get("archived") == "1")
    return render(request, "quizzes/list.html", {"rows": rows, "teaching": teaching, "zone": _zone(request)})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    if Quiz.objects.filter(pk=pk, instructor=request.user).exists():
        return redirect("quizzes:edit", pk=pk)
    quiz = _get_quiz_for_learner(request, pk)
    now = timezone.now()
    quiz.attempts.filter(learner=request.user).finalize_expired(now)
    attempts = list(quiz.attempts.filter(learner=request.user).order_by("number"))
    status = learner_status(quiz, attempts, now, Override.terms_for(quiz, request.user))
    context = {"quiz": quiz, "status": status, "zone": _zone(request)}
    return render(request, "quizzes/detail.html", context)


@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        # Nothing starts on a GET. One comes after logging in again from Start (a session that expired):
        # the quiz page, to press Start there.
        return redirect("quizzes:detail", pk=pk)
    quiz = _get_quiz_for_learner(request, pk)
    now = timezone.now()
    try:
        attempt = quiz.start_attempt(request.user, now)
    except AttemptRefused as refusal:
        messages.error(request, str(refusal))
        return redirect(quiz)
    if not request.htmx.boosted:
        return redirect(attempt)
    # The quiz page's Start button (hx-boost) gets the attempt page itself, and the address to show for it:
    # one request instead of a redirect and a second one, at the moment a whole class presses Start.
    page = _attempt_page(request, attempt, now)
    return push_url(page, attempt.get_absolute_url()) if page.status_code == 200 else page


@login_required
def attempt_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _attempt_page(request, _get_attempt_for_learner(request, pk), timezone.now())


def _attempt_page(request: HttpRequest, attempt: Attempt, now: datetime) -> HttpResponse:
    attempt.finalize_if_expired(now)
    if attempt.is_finished:
        return redirect("quizzes:attempt-review", pk=attempt.pk)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "responses": _responses_to_answer(attempt),
        "seconds_left": attempt.seconds_left(now),
        "zone": _zone(request),
        **_attempt_urls(attempt),
    }
    return render(request, "quizzes/attempt.html", context)


ANSWER_FIELDS = ("selected", "text", "answered_at")  # what saving an answer writes


def _save_answers(
    attempt: Attempt, data, now: datetime, only: int | None = None
) -> tuple[list[Response], list[tuple[Response, str]]]:
    """Store the posted answers of the questions the form showed (`shown`); checked ones stay locked.

    Returns the saved responses, and the refused ones (kept as they were) with the reason.
    """
    shown = {pk for pk in map(parse_id, data.getlist("shown")) if pk is not None}
    if only is not None:
        shown &= {only}
    saved, refused = [], []
    for response in with_views(attempt.responses.filter(pk__in=shown)):
        if response.checked_at is not None:
            continue
        try:
            response.set_answer(data.getlist(f"r-{response.pk}"), now)
        except AnswerRefused as refusal:
            refused.append((response, str(refusal)))
        else:
            saved.append(response)
    if len(saved) == 1:  # an autosave: one row, without the CASE per field that bulk_update builds
        Response.objects.filter(pk=saved[0].pk).update(**{name: getattr(saved[0], name) for name in ANSWER_FIELDS})
    else:
        Response.objects.bulk_update(saved, ANSWER_FIELDS)
    return saved, refused


def _refusals(refused: list[tuple[Response, str]]) -> list[str]:
    return [f"Question {response.position} was not saved: {reason}" for response, reason in refused]


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
    only = parse_id(request.POST.get("response", ""))
    saved, refused = _save_answers(attempt, request.POST, now, only)
    if request.htmx:
        # Status 200 either way: a refusal is shown where "Saved" would be, and retrying would not help.
        context = {
            "saved_at": now,
            "response": saved[0] if saved else None,
            "refused": refused[0][1] if refused else "",
        }
        with timezone.override(_zone(request)):
            return render(request, "quizzes/attempt.html#save-state", context)
    for message in _refusals(refused):
        messages.error(request, message)
    if not refused:
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
    refused = ""
    if response.checked_at is None:
        try:
            response.set_answer(request.POST.getlist(f"r-{response.pk}"), now)
        except AnswerRefused as refusal:
            refused = str(refusal)  # not graded, not locked: the learner can shorten it and check again
        else:
            response.grade()
            response.checked_at = now
            response.save(update_fields=["selected", "text", "answered_at", "score", "checked_at"])
    if request.htmx:
        context = {
            "response": response,
            "attempt": attempt,
            "quiz": attempt.quiz,
            "zone": _zone(request),
            "refused": refused,
            **_attempt_urls(attempt),
        }
        return render(request, "quizzes/attempt.html#question", context)
    if refused:
        messages.error(request, _refusals([(response, refused)])[0])
    return redirect(f"{attempt.get_absolute_url()}#q-{response.pk}")


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """POSTing the attempt form without `confirm` saves it and asks for confirmation,
    listing the unanswered questions; with `confirm` it submits."""
    attempt = _get_attempt_for_learner(request, pk)
    now = timezone.now()
    if not attempt.accepts_answers(now):
        return _refuse_late(request, attempt)
    refused = []
    if request.method == "POST":
        _, refused = _save_answers(attempt, request.POST, now)
        # An answer that was not saved would be lost: ask again instead of submitting.
        if request.POST.get("confirm") and not refused:
            attempt.finalize(now)
            messages.success(request, "Your answers were submitted.")
            return redirect("quizzes:attempt-review", pk=attempt.pk)
    unanswered = [r for r in attempt.responses.all() if not r.is_answered]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "unanswered": unanswered,
        "seconds_left": attempt.seconds_left(now),
        "refusals": _refusals(refused),
    }
    return render(request, "quizzes/submit.html#confirm" if request.htmx else "quizzes/submit.html", context)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    attempt, as_instructor = _get_attempt_for_reviewer(request, pk)
    # The instructor's own preview is reviewed as a learner would see it.
    as_instructor = as_instructor and not attempt.is_preview
    now = timezone.now()
    attempt.finalize_if_expired(now)
    if not attempt.is_finished and not as_instructor:
        return redirect(attempt)
    quiz = attempt.quiz
    shown = as_instructor or quiz.feedback_shown(attempt, now)
    # Feedback "after the quiz closes": a preview shows now what learners see then, and says so.
    shown_early = attempt.is_preview and not shown
    context = {
        "attempt": attempt,
        "quiz": quiz,
        "responses": _responses(attempt),
        "feedback_shown": shown or shown_early,
        "shown_early": shown_early,
        "as_instructor": as_instructor,
        "zone": _zone(request),
        "passed": attempt.percent is not None and attempt.percent >= quiz.pass_mark,
    }
    return render(request, "quizzes/review.html", context)
