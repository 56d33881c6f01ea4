"""The study screen (front → answer → grade, by HTMX swaps) and study settings."""

from __future__ import annotations

import fsrs
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studyapp.content.models import Topic
from studyapp.lib.paths import reversed_once

from . import queue, reviewing, tasks
from .exams import plan_for, upcoming_exams
from .forms import ExamDateForm, StudySettingsForm, bounds_of
from .models import CardState, ExamDate, ReviewLog, StudySettings
from .optimize import MIN_DAYS, MIN_REVIEWS
from .scheduling import format_interval

RATINGS = [(1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy")]
SESSION_PARTIAL = "study/study.html#session"


# The study screen's own URLs: its fragment is rendered on every grade.
STUDY_LINKS = tuple((name, f"study:{name}") for name in ("answer", "grade", "undo", "bury", "suspend"))


def study_paths() -> dict[str, str]:
    return reversed_once(STUDY_LINKS)


def _scope(request: HttpRequest, slug: str | None = None) -> list[Topic]:
    """The topics being studied: one from the URL, several from ?topic=, or all (empty list)."""
    slugs = [slug] if slug else (request.POST.getlist("topic") or request.GET.getlist("topic"))
    if not slugs:
        return []
    return list(Topic.objects.visible_to(request.user).filter(slug__in=slugs))


def _session(request: HttpRequest, study: StudySettings, topics: list[Topic], **extra) -> dict:
    now = timezone.now()
    topic_ids = [topic.id for topic in topics] or None
    plan = plan_for(request.user, study, now)
    if topic_ids:
        upcoming = queue.next_card(request.user, study, now, topic_ids, plan)
    else:
        upcoming = queue.whole_queue(request.user, study, now, plan)
    context = {"next": upcoming, "topics": topics, "study": study, "paths": study_paths(), "plan": plan, **extra}
    if upcoming.card:
        version = upcoming.state.version if upcoming.state else 0
        context["token"] = reviewing.Shown(request.user.pk, upcoming.card.pk, version, now).token()
        context["answer_query"] = urlencode([("token", context["token"])] + [("topic", topic.slug) for topic in topics])
    else:
        context["next_due"] = upcoming.next_due
        context["accuracy"] = (
            round(100 * upcoming.today.correct / upcoming.today.total) if upcoming.today.total else None
        )
    return context


def _render_session(request: HttpRequest, context: dict) -> HttpResponse:
    return render(request, SESSION_PARTIAL if request.htmx else "study/study.html", context)


@login_required
@require_GET
def study(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    if slug:
        get_object_or_404(Topic.objects.visible_to(request.user), slug=slug)
    study = StudySettings.for_user(request.user)
    return _render_session(request, _session(request, study, _scope(request, slug)))


@login_required
@require_GET
def answer(request: HttpRequest) -> HttpResponse:
    """The back of the shown card, with the interval each grade would give."""
    shown = reviewing.Shown.from_token(request.GET.get("token", ""), request.user)
    topics, now = _scope(request), timezone.now()
    if shown:
        study, state, card = reviewing.read_shown(request.user, shown, now)
    else:
        study, state, card = StudySettings.for_user(request.user), None, None
    if card is None:
        context = _session(request, study, topics, notice="That card is no longer available. Here is your next one.")
        return _render_session(request, context)
    intervals = reviewing.previewed_intervals(study, state, card, now)
    buttons = [(value, label, format_interval(intervals[fsrs.Rating(value)])) for value, label in RATINGS]
    context = {
        "card": card,
        "buttons": buttons,
        "token": request.GET["token"],
        "topics": topics,
        "paths": study_paths(),
    }
    return render(request, "study/study.html#answer" if request.htmx else "study/answer_page.html", context)


@login_required
@require_POST
def grade(request: HttpRequest) -> HttpResponse:
    shown = reviewing.Shown.from_token(request.POST.get("token", ""), request.user)
    rating = request.POST.get("rating", "")
    notice = None
    if shown is None or rating not in {"1", "2", "3", "4"}:
        study = StudySettings.for_user(request.user)
        notice = "That answer was not for a card shown to you, so it was not recorded. Here is your next card."
    else:
        outcome, study = reviewing.record_answer(request.user, shown, int(rating), timezone.now())
        if outcome == reviewing.STALE:
            notice = "That card was already answered in another tab or window, so this answer was not recorded."
        elif outcome == reviewing.GONE:
            notice = "That card is no longer available. Here is your next one."
    return _after_write(request, study, notice)


@login_required
@require_POST
def undo(request: HttpRequest) -> HttpResponse:
    study = StudySettings.for_user(request.user)
    card = reviewing.undo_last(request.user, study, timezone.now())
    notice = f"Undone: “{card.front}” is back in your queue." if card else "Nothing to undo today."
    return _after_write(request, study, notice)


@login_required
@require_POST
def set_aside(request: HttpRequest, action: str) -> HttpResponse:
    study = StudySettings.for_user(request.user)
    shown = reviewing.Shown.from_token(request.POST.get("token", ""), request.user)
    done = shown and reviewing.set_aside(request.user, study, shown, timezone.now(), suspend=action == "suspend")
    if not done:
        notice = "That card is no longer available."
    elif action == "suspend":
        notice = "Card suspended: it stays out of your reviews until you unsuspend it in Study settings."
    else:
        notice = "Card buried until tomorrow."
    return _after_write(request, study, notice)


def _after_write(request: HttpRequest, study: StudySettings, notice: str | None) -> HttpResponse:
    topics = _scope(request)
    if topics or not request.htmx:
        # Otherwise the answer below reads the whole queue after the write, and keeps its count for the Study link.
        queue.forget_due_count(request.user)
    if request.htmx:
        return render(request, SESSION_PARTIAL, _session(request, study, topics, notice=notice))
    if notice:
        messages.info(request, notice)
    url = reverse("study:study")
    if topics:
        url += "?" + "&".join(f"topic={topic.slug}" for topic in topics)
    return redirect(url)


def _filled_retention(request: HttpRequest) -> dict:
    """ "Use 0.86" from the retention chooser: the value filled into the form, not saved until the learner saves."""
    try:
        value = round(float(request.GET.get("desired_retention", "")), 2)
    except ValueError:
        return {}
    bounds = bounds_of(StudySettings._meta.get_field("desired_retention"))
    return {"desired_retention": value} if bounds["min"] <= value <= bounds["max"] else {}


def _exam_form(request: HttpRequest, study: StudySettings, today, data=None) -> ExamDateForm:
    return ExamDateForm(data, user=request.user, today=today, desired_retention=study.desired_retention)


def _exams_context(request: HttpRequest, study: StudySettings, today, exam_form: ExamDateForm | None = None) -> dict:
    """The learner's own exams (they may remove them) and their classes' (set by the instructor).

    `today` is worked out before any settings form is checked: an invalid form leaves its values
    (a day start hour of 24, say) on `study`."""
    own = ExamDate.objects.upcoming_for(request.user, today).prefetch_related("topics")
    from_classes = [exam for exam in upcoming_exams(study, today) if exam.name]
    form = exam_form or _exam_form(request, study, today)
    return {"own_exams": own, "class_exams": from_classes, "exam_form": form}


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: HttpRequest) -> HttpResponse:
    study = StudySettings.for_user(request.user)
    today = study.day_of(timezone.now())
    posted = request.method == "POST"
    filled = {} if posted else _filled_retention(request)
    form = StudySettingsForm(
        request.POST if posted else None, instance=study, profile=request.user.profile, initial=filled
    )
    saved = posted and form.is_valid()
    if saved:
        form.save()
        queue.forget_due_count(request.user)
    if posted and request.htmx:
        # The form alone, with its errors or the notice (status 200, so htmx swaps it),
        # and the Study link's number, which the new limits may change.
        due = queue.cached_due_count(request.user, timezone.now()) if saved else None
        return render(request, "study/settings.html#settings-form", {"form": form, "saved": saved, "due": due})
    if saved:
        messages.success(request, "Study settings saved.")
        return redirect("study:settings")
    return render(request, "study/settings.html", _settings_context(request, study, today, form, filled=filled))


def _settings_context(request: HttpRequest, study: StudySettings, today, form, exam_form=None, filled=None) -> dict:
    suspended = (
        CardState.objects.filter(
            user=request.user, suspended=True, card__topic__in=Topic.objects.visible_to(request.user)
        )
        .select_related("card__topic")
        .order_by("card__topic__order", "card__position")
    )
    history = ReviewLog.objects.filter(user=request.user).aggregate(
        reviews=Count("id"), days=Count("day", distinct=True)
    )
    can_optimize = history["reviews"] >= MIN_REVIEWS and history["days"] >= MIN_DAYS
    return {
        "form": form,
        "study": study,
        "filled": filled,
        "suspended": suspended,
        "history": history,
        "can_optimize": can_optimize,
        "optimizing": tasks.report_optimization(request),
        "min_reviews": MIN_REVIEWS,
        "min_days": MIN_DAYS,
        **_exams_context(request, study, today, exam_form),
    }


@login_required
@require_POST
def exam_add(request: HttpRequest) -> HttpResponse:
    study = StudySettings.for_user(request.user)
    today = study.day_of(timezone.now())
    exam_form = _exam_form(request, study, today, request.POST)
    added = exam_form.is_valid()
    if added:
        exam_form.instance.learner = request.user
        exam = exam_form.save()
        queue.forget_due_count(request.user)
        notice = f"Exam on {exam.day:%A} {exam.day.day} {exam.day:%B} added: your reviews now plan for it."
        study.exam_ahead = True  # the exam counts from now on
    if request.htmx:
        context = _exams_context(request, study, today, None if added else exam_form)
        return render(request, "study/settings.html#exams", {**context, "notice": notice if added else None})
    if added:
        messages.success(request, notice)
        return redirect("study:settings")
    form = StudySettingsForm(instance=study, profile=request.user.profile)
    return render(request, "study/settings.html", _settings_context(request, study, today, form, exam_form))


def _get_exam_for_user(request: HttpRequest, pk: int) -> ExamDate:
    """The learner's own exam; anyone else's is a 404."""
    return get_object_or_404(ExamDate, pk=pk, learner=request.user)


@login_required
@require_POST
def exam_remove(request: HttpRequest, pk: int) -> HttpResponse:
    exam = _get_exam_for_user(request, pk)
    exam.delete()
    queue.forget_due_count(request.user)
    notice = (
        f"Exam on {exam.day:%A} {exam.day.day} {exam.day:%B} removed. Reviews it moved earlier keep their day; "
        "the ones after follow your usual schedule."
    )
    if request.htmx:
        study = StudySettings.for_user(request.user)
        context = _exams_context(request, study, study.day_of(timezone.now()))
        return render(request, "study/settings.html#exams", {**context, "notice": notice})
    messages.success(request, notice)
    return redirect("study:settings")


@login_required
@require_POST
def optimize(request: HttpRequest) -> HttpResponse:
    tasks.request_optimization(request)
    return redirect("study:settings")


@login_required
@require_POST
def unsuspend(request: HttpRequest, pk: int) -> HttpResponse:
    state = get_object_or_404(CardState, pk=pk, user=request.user, suspended=True)
    state.suspended = False
    state.save(update_fields=["suspended"])
    StudySettings.note_states_changed(request.user)
    messages.success(request, f"“{state.card.front}” is back in your reviews.")
    return redirect("study:settings")
