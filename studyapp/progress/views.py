"""Progress pages: the learner's dashboard and data, the instructor's class view and CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studyapp.accounts.roles import instructor_required
from studyapp.classes.models import Class
from studyapp.content.models import Topic
from studyapp.lib import spreadsheet
from studyapp.lib.background import Download, offer_file
from studyapp.study.forms import ExamDateForm, StudySettingsForm
from studyapp.study.models import LIGHTER_DAY_SHARE, CardState, StudySettings

from . import class_page, figures, workload_pages
from .dashboard import dashboard_page
from .forms import DeleteAccountForm
from .my_data import CannotDelete, delete_account, export_chunks, export_is_large
from .tasks import export_my_data


def _get_class_for_user(request: HttpRequest, pk: int) -> Class:
    """The class, if the signed-in user is its instructor; 404 for anyone else."""
    return get_object_or_404(Class.objects.owned_by(request.user), pk=pk)


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = dashboard_page(request.user, timezone.now())
    return render(request, "progress/dashboard.html", {**context, "readonly": False})


@instructor_required
@require_GET
def classes(request: HttpRequest) -> HttpResponse:
    """The instructor's Progress page: each class they teach, a line of figures, a link to its progress."""
    context = {"classes": figures.classes_overview(request.user, timezone.now()), "behind_rule": figures.BEHIND_RULE}
    return render(request, "progress/classes.html", context)


@login_required
@require_GET
def learner(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    klass = _get_class_for_user(request, pk)
    member = get_object_or_404(klass.memberships.select_related("learner"), learner_id=user_id)
    # The class's topics only: a learner's private topics are theirs alone.
    context = dashboard_page(member.learner, timezone.now(), topics=Topic.objects.seen_by_class(klass))
    return render(request, "progress/dashboard.html", {**context, "readonly": True, "klass": klass})


def _preview(request: HttpRequest, study: StudySettings, today) -> dict:
    """The settings (and exam) as typed, checked by the settings page's own forms; nothing is saved."""
    form = StudySettingsForm(request.POST, instance=study, profile=request.user.profile)
    exam_form = None
    if request.POST.get("day"):
        exam_form = ExamDateForm(
            request.POST, user=request.user, today=today, desired_retention=study.desired_retention
        )
    valid = form.is_valid() & (exam_form is None or exam_form.is_valid())
    return {"form": form, "exam_form": exam_form, "valid": valid}


@login_required
@require_http_methods(["GET", "POST"])
def workload(request: HttpRequest) -> HttpResponse:
    """Minutes a day ahead: for the saved settings (GET), or for the values typed on the settings page (POST)."""
    now = timezone.now()
    study = StudySettings.for_user(request.user, now)
    today = study.day_of(now)
    context = _preview(request, study, today) if request.method == "POST" else {"valid": True}
    if context["valid"]:
        form, exam_form = context.get("form"), context.get("exam_form")
        cleaned = form.cleaned_data if form else {}
        typed = (exam_form.cleaned_data["day"], exam_form.cleaned_data["target"]) if exam_form else None
        lighter = cleaned.get("lighter_days", study.lighter_days)
        context["forecast"] = workload_pages.forecast(
            workload_pages.learner_cards(request.user, study),
            workload_pages.plan_settings(study, workload_pages.preview_values(cleaned)),
            today,
            workload_pages.exam_or_nearest(study, today, typed),
            cleaned.get("spread_reviews", study.spread_reviews),
            {day: LIGHTER_DAY_SHARE for day in lighter},
        )
    context["preview"] = request.method == "POST"
    return render(request, "progress/workload.html#forecast" if request.htmx else "progress/workload.html", context)


@login_required
@require_GET
def retention(request: HttpRequest) -> HttpResponse:
    """Help me decide: each desired retention's minutes a day and cards remembered (seconds of work, then cached)."""
    now = timezone.now()
    study = StudySettings.for_user(request.user, now)
    context = {"choice": workload_pages.retention_choice(request.user, study, now), "study": study}
    return render(request, "progress/retention.html#choice" if request.htmx else "progress/retention.html", context)


@login_required
@require_POST
def study_these(request: HttpRequest) -> HttpResponse:
    """Put the chosen weak cards back in the queue now, then go and study them."""
    ids = [int(value) for value in request.POST.getlist("card") if value.isdigit()]
    moved = CardState.objects.review_again(request.user, ids, timezone.now())
    if moved:
        messages.success(request, f"{moved} weak card{'s are' if moved != 1 else ' is'} due now.")
    return redirect("study:study")


@login_required
@require_GET
def class_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The class's progress; htmx asks for the learner table alone, sorted by another column."""
    klass = _get_class_for_user(request, pk)
    now = timezone.now()
    today = now.astimezone(request.user.profile.zone).date()
    part = class_page.TABLE if request.htmx else class_page.PAGE
    html = class_page.class_page_html(klass, request.GET.get("sort", "name"), part, today, now)
    if request.htmx:
        return HttpResponse(html)
    return render(request, "progress/class.html", {"klass": klass, "content": html})


@login_required
@require_GET
def class_csv(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _get_class_for_user(request, pk)
    progress = figures.class_progress(klass, timezone.now())
    rows, _ = class_page.sorted_rows(progress, "name")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="class-{klass.pk}-progress.csv"'
    writer = spreadsheet.writer(response)
    # Mastery as a share (0–1); quiz grades as a percent (0–100), as the quiz's own results CSV has them.
    writer.writerow(
        [
            "username",
            "name",
            "last_active_utc",
            "reviews_last_7_days",
            "retention_last_30_days",
            *[f"mastery_{t.topic.slug}" for t in progress.topics],
            *[f"quiz_{q.pk}_{slugify(q.title)[:40].strip('-')}_percent" for q in progress.quizzes],
        ]
    )
    for row in rows:
        writer.writerow(
            [
                row.learner.username,
                row.learner.get_full_name(),
                row.last_active.isoformat(timespec="seconds") if row.last_active else "",
                row.reviews_week,
                "" if row.retention is None else f"{row.retention:.3f}",
                *[
                    "" if row.mastery.get(t.topic.pk) is None else f"{row.mastery[t.topic.pk]:.3f}"
                    for t in progress.topics
                ],
                *["" if grade is None else f"{grade:.1f}" for grade in row.quiz_grade_list],
            ]
        )
    return response


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """Everything about the learner as JSON: streamed now, or made in the background when large."""
    stamp = timezone.now().strftime("%Y-%m-%d")
    download = Download(
        job_name="my-data",
        filename=f"serverless-study-{request.user.username}-{stamp}.json",
        content_type="application/json; charset=utf-8",
        task=export_my_data,
        task_args=(request.user.pk,),
        title="Your data",
    )
    return offer_file(request, download, export_is_large(request.user), lambda: _export_now(request, download))


def _export_now(request: HttpRequest, download: Download) -> StreamingHttpResponse:
    response = StreamingHttpResponse(export_chunks(request.user), content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    """GET asks for the password; only a POST with it deletes."""
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.get(pk=request.user.pk)
        try:
            if Topic.objects.owned_by(user).exists():
                # Topic.owner is PROTECT: a topic others may have studied is never deleted, nor made public.
                raise CannotDelete(
                    "You still own topics made from your notes. Delete them, or ask an "
                    "administrator to make them site topics, first."
                )
            delete_account(user)
        except CannotDelete as problem:
            form.add_error(None, str(problem))
        else:
            logout(request)
            messages.success(request, "Your account and all your study data have been deleted.")
            return redirect("core:home")
    return render(request, "progress/delete_account.html", {"form": form})
