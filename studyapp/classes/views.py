"""Classes: instructors create them and keep the roster; learners join with a code or link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from studyapp.accounts.roles import instructor_required, is_instructor
from studyapp.content.models import Topic

from .forms import ClassExamForm, ClassForm, JoinForm
from .models import Class, ClassTopic, Membership


def _get_class_for_user(request: HttpRequest, pk: int) -> Class:
    """Only the class's own instructor may open it; anyone else gets a 404."""
    return get_object_or_404(Class, pk=pk, instructor=request.user)


def _get_topic_for_owner(request: HttpRequest, pk: int) -> Topic:
    """The signed-in user's own topic (in use); 404 for a site topic or anyone else's."""
    return get_object_or_404(Topic.objects.owned_by(request.user).live(), pk=pk)


def _own_topics(klass: Class):
    """The instructor's own topics, each with `shared_at`: since when this class sees it (None: it does not)."""
    link = ClassTopic.objects.filter(klass=klass, topic=OuterRef("pk")).values("shared_at")[:1]
    return Topic.objects.owned_by(klass.instructor).live().annotate(shared_at=Subquery(link))


@login_required
def class_list(request: HttpRequest) -> HttpResponse:
    instructor = is_instructor(request.user)
    taught = Class.objects.owned_by(request.user).annotate(member_count=Count("memberships")) if instructor else []
    joined = Class.objects.joined_by(request.user).select_related("instructor")
    context = {
        "taught": taught,
        "joined": joined,
        "is_instructor": instructor,
        "join_form": JoinForm(),
        "class_form": ClassForm(),
    }
    return render(request, "classes/list.html", context)


@instructor_required
def create(request: HttpRequest) -> HttpResponse:
    form = ClassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.instructor = request.user
        klass = form.save()
        messages.success(request, f"Class “{klass.name}” created. Share its join code with your learners.")
        return redirect(klass)
    if request.htmx:
        return render(request, "classes/list.html#class-form", {"class_form": form})
    return render(request, "classes/create.html", {"class_form": form})


@instructor_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _get_class_for_user(request, pk))


def _render_detail(request: HttpRequest, klass: Class, exam_form: ClassExamForm | None = None) -> HttpResponse:
    """The class page; `exam_form` is an exam form that did not validate, its errors beside its fields."""
    members = klass.memberships.select_related("learner")
    join_link = request.build_absolute_uri(klass.join_url())
    context = {"members": members, "join_link": join_link, "own_topics": _own_topics(klass)}
    return render(request, "classes/detail.html", {**context, **_exams_context(request, klass, exam_form)})


def _instructor_today(request: HttpRequest):
    return timezone.now().astimezone(request.user.profile.zone).date()


def _exams_context(request: HttpRequest, klass: Class, form: ClassExamForm | None = None) -> dict:
    today = _instructor_today(request)
    exams = klass.exams.upcoming(today).prefetch_related("topics")
    form = form or ClassExamForm(klass=klass, today=today, zone=request.user.profile.zone)
    return {"klass": klass, "exams": exams, "exam_form": form}


@require_POST
@instructor_required
def exam_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Set an exam for the class: its members' reviews of its topics plan for it from now on."""
    klass = _get_class_for_user(request, pk)
    form = ClassExamForm(request.POST, klass=klass, today=_instructor_today(request), zone=request.user.profile.zone)
    added = form.is_valid()
    if added:
        form.instance.klass = klass
        exam = form.save()
        notice = f"Exam on {exam.day:%A} {exam.day.day} {exam.day:%B} set: the class’s reviews now plan for it."
    if request.htmx:
        context = _exams_context(request, klass, None if added else form)
        return render(request, "classes/detail.html#exams", {**context, "notice": notice if added else None})
    if added:
        messages.success(request, notice)
        return redirect(klass)
    return _render_detail(request, klass, form)


@require_POST
@instructor_required
def exam_remove(request: HttpRequest, pk: int, exam_pk: int) -> HttpResponse:
    klass = _get_class_for_user(request, pk)
    exam = get_object_or_404(klass.exams, pk=exam_pk)
    exam.delete()
    notice = f"Exam on {exam.day:%A} {exam.day.day} {exam.day:%B} removed."
    if request.htmx:
        return render(request, "classes/detail.html#exams", {**_exams_context(request, klass), "notice": notice})
    messages.success(request, notice)
    return redirect(klass)


@require_POST
@instructor_required
def share_topic(request: HttpRequest, pk: int, topic_pk: int) -> HttpResponse:
    klass = _get_class_for_user(request, pk)
    topic = _get_topic_for_owner(request, topic_pk)
    klass.share(topic)
    return _topics_changed(
        request, klass, f"“{topic.title}” is shared with {klass.name}: its learners see, study and are quizzed on it."
    )


@require_POST
@instructor_required
def unshare_topic(request: HttpRequest, pk: int, topic_pk: int) -> HttpResponse:
    klass = _get_class_for_user(request, pk)
    topic = _get_topic_for_owner(request, topic_pk)
    klass.unshare(topic)
    return _topics_changed(
        request,
        klass,
        f"“{topic.title}” is no longer shared with {klass.name}. Its learners’ "
        "progress on it is kept for when you share it again.",
    )


def _topics_changed(request: HttpRequest, klass: Class, notice: str) -> HttpResponse:
    if request.htmx:
        context = {"klass": klass, "own_topics": _own_topics(klass), "notice": notice}
        return render(request, "classes/detail.html#shared-topics", context)
    messages.success(request, notice)
    return redirect(klass)


@require_POST
@instructor_required
def regenerate_code(request: HttpRequest, pk: int) -> HttpResponse:
    klass = _get_class_for_user(request, pk)
    klass.new_code()
    if request.htmx:
        join_link = request.build_absolute_uri(klass.join_url())
        return render(
            request, "classes/detail.html#join-code", {"klass": klass, "join_link": join_link, "notice": True}
        )
    messages.success(request, "New join code made; the old code and link no longer work.")
    return redirect(klass)


@require_POST
@instructor_required
def remove_member(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    klass = _get_class_for_user(request, pk)
    membership = get_object_or_404(Membership.objects.select_related("learner"), pk=membership_pk, klass_id=klass.pk)
    membership.delete()
    if request.htmx:
        return HttpResponse("")  # the row swaps out
    messages.success(request, f"{membership.learner.username} was removed from {klass.name}.")
    return redirect(klass)


@login_required
def join(request: HttpRequest) -> HttpResponse:
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _join(request, form.cleaned_data["code"])
    if request.htmx:
        response = render(request, "classes/list.html#join-form", {"join_form": form})
        return reswap(retarget(response, "#join-form"), "outerHTML")
    return render(request, "classes/join.html", {"join_form": form})


@login_required
def join_code(request: HttpRequest, code: str) -> HttpResponse:
    """The shareable link: a confirmation page (GET never joins), then a POST."""
    klass = get_object_or_404(Class.objects.select_related("instructor"), join_code=code.upper())
    if request.method == "POST":
        return _join(request, klass)
    is_member = klass.memberships.filter(learner=request.user).exists()
    return render(request, "classes/join_confirm.html", {"klass": klass, "is_member": is_member})


def _join(request: HttpRequest, klass: Class) -> HttpResponse:
    if klass.instructor_id == request.user.pk:
        messages.error(request, f"You teach “{klass.name}”; learners join it with this code.")
        return redirect(klass)
    _, created = klass.add_learner(request.user)
    if created:
        messages.success(request, f"You joined “{klass.name}”. Its quizzes are listed under Quizzes.")
    else:
        messages.info(request, f"You are already in “{klass.name}”.")
    return redirect("classes:list")


@require_POST
@login_required
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("klass"), klass_id=pk, learner=request.user)
    membership.delete()
    messages.success(request, f"You left “{membership.klass.name}”.")
    return redirect("classes:list")
