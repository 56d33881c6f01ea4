"""Instructors' side: the question bank, the quiz builder (HTMX), and the results."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from studyapp.accounts.roles import instructor_required
from studyapp.cards.models import Card
from studyapp.content.models import Topic
from studyapp.lib import spreadsheet
from studyapp.lib.redirects import posted_next

from .bank import apply_bulk, save_question, shelves, store_generated, topic_drafts, usage_of, versions_of
from .forms import (
    AssignForm,
    BankFilterForm,
    BulkAction,
    BulkActionForm,
    GenerateForm,
    PointsForm,
    QuestionForm,
    QuizSettingsForm,
    RandomSlotForm,
)
from .models import MAX_POINTS, Kind, Question, Quiz, Slot, touch_quizzes
from .results_page import quiz_results

BUILDER = "quizzes/builder.html"


def _get_quiz_for_instructor(request: HttpRequest, pk: int) -> Quiz:
    """Quizzes (and their results) belong to their instructor; anyone else gets a 404."""
    return get_object_or_404(Quiz, pk=pk, instructor=request.user)


def _get_question_for_user(request: HttpRequest, pk: int, *related: str) -> Question:
    """A question on a topic the instructor may see; 404 for any other."""
    return get_object_or_404(Question.objects.visible_to(request.user).select_related("topic", *related), pk=pk)


def _get_question_for_author(request: HttpRequest, pk: int) -> Question:
    question = _get_question_for_user(request, pk)
    if not question.editable_by(request.user):
        raise PermissionDenied("Only the author of a question can change it.")
    return question


# --- the bank --------------------------------------------------------------------------------


def _filtered_questions(request: HttpRequest, form: BankFilterForm):
    """The current version of each question the filters ask for, with what the list shows of it."""
    questions = (
        Question.objects.visible_to(request.user)
        .current()
        .select_related("topic", "author", "category")
        .prefetch_related("options", "tags")
    )
    data = form.cleaned_data if form.is_valid() else {}
    questions = questions.search(data.get("q", ""))
    if data.get("topic"):
        questions = questions.filter(topic=data["topic"])
    if data.get("category"):
        questions = questions.filter(data["category"].subtree())
    if data.get("tag"):
        questions = questions.filter(tags=data["tag"])
    if data.get("kind"):
        questions = questions.filter(kind=data["kind"])
    if data.get("mine"):
        questions = questions.filter(author=request.user)
    status = data.get("status")
    return questions.filter(status=status) if status else questions.exclude(status=Question.Status.DISCARDED)


def _drafts(request: HttpRequest) -> int:
    """How many of the instructor's questions await review (the bank's banner)."""
    return Question.objects.filter(author=request.user, status=Question.Status.DRAFT).count()


def _bank_context(request: HttpRequest, **extra) -> dict:
    form = BankFilterForm(request.GET or None, topics=Topic.objects.visible_to(request.user))
    # After generating, the bank is filtered on that topic: the picker keeps it chosen.
    topic = form.cleaned_data.get("topic") if form.is_valid() else None
    return {
        "form": form,
        "questions": _filtered_questions(request, form),
        "kinds": Kind.choices,
        "generate_form": GenerateForm(initial={"topic": topic} if topic else None, user=request.user),
        "bulk_form": BulkActionForm(),
        # With filters in error the list is not what was asked for: no bulk action on it.
        "selectable": not form.errors,
        "shelves": shelves(request.user),
        "drafts": _drafts(request),
        **extra,
    }


@instructor_required
def bank(request: HttpRequest) -> HttpResponse:
    template = "quizzes/bank.html#question-list" if request.htmx else "quizzes/bank.html"
    return render(request, template, _bank_context(request))


@require_POST
@instructor_required
def bank_bulk(request: HttpRequest) -> HttpResponse:
    """The bar's action on the ticked questions; the bank's filters ride along in the query string."""
    form = BulkActionForm(request.POST)
    if not form.is_valid():
        template = "quizzes/bank.html#bulk-changed" if request.htmx else "quizzes/bank.html"
        return render(request, template, _bank_context(request, bulk_form=form))
    data = form.cleaned_data
    if not data["ids"]:
        notice = "No questions were ticked: tick the ones to change, then apply."
    else:
        outcome = apply_bulk(request.user, data["ids"], data["action"], tag=data["tag"], category=data["category"])
        notice = _bulk_notice(data, outcome.changed, outcome.skipped)
    if request.htmx:
        return render(request, "quizzes/bank.html#bulk-changed", _bank_context(request, bulk_notice=notice))
    messages.success(request, notice)
    query = request.GET.urlencode()
    return redirect(f"{reverse('quizzes:bank')}?{query}" if query else reverse("quizzes:bank"))


def _bulk_notice(data: dict, changed: int, skipped: int) -> str:
    """ "12 approved; 3 not yours, left as they were." """
    done = {
        BulkAction.APPROVE: "approved",
        BulkAction.DISCARD: "discarded",
        BulkAction.TAG: f"tagged “{data['tag']}”",
        BulkAction.MOVE: f"moved to “{data['category']}”",
    }[data["action"]]
    notice = f"{changed} {done}" if changed else f"None {done}"
    if skipped:
        notice += f"; {skipped} not yours, left as they were"
    return notice + "."


@require_POST
@instructor_required
def generate(request: HttpRequest) -> HttpResponse:
    form = GenerateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Choose a topic to generate questions from.")
        return redirect("quizzes:bank")
    topic = form.cleaned_data["topic"]
    drafts = topic_drafts(topic, Card.objects.visible_to(request.user).filter(topic=topic))
    created = store_generated(drafts, request.user, topic)
    if created:
        messages.success(
            request,
            f"{created} new question{'s' if created != 1 else ''} from the {topic.short_title} "
            "notes are awaiting your review: approve, edit or discard each.",
        )
    else:
        messages.info(
            request, f"No new questions: the {topic.short_title} notes already have all their generated questions."
        )
    return redirect(f"{reverse('quizzes:bank')}?status=draft&topic={topic.slug}")


@instructor_required
def question(request: HttpRequest, pk: int) -> HttpResponse:
    question = _get_question_for_user(request, pk, "author", "card", "category")
    if request.htmx:
        return render(request, "quizzes/bank.html#question", {"question": question})
    context = {
        "question": question,
        "drafts": _drafts(request),
        "versions": versions_of(question, request.user),
        "usage": usage_of(question, request.user),
        "zone": request.user.profile.zone,
    }
    return render(request, "quizzes/question.html", context)


def _current_version(question: Question) -> Question:
    family = question.family_id_or_own
    return Question.objects.current().filter(Q(pk=family) | Q(family=family)).first() or question


@instructor_required
def question_create(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in Kind.values:
        raise Http404("Unknown question type.")
    form = QuestionForm(request.POST or None, kind=kind, initial={"tolerance": "0"}, user=request.user)
    if request.method == "POST" and form.is_valid():
        question = save_question(Question(kind=kind, author=request.user), form.cleaned_data)
        messages.success(request, "Question added to the bank.")
        return redirect(question)
    return render(request, "quizzes/question_form.html", {"form": form, "kind": Kind(kind), "question": None})


@instructor_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = _get_question_for_author(request, pk)
    if not question.is_current:
        # Old versions stay as the attempts that drew them saw them: edits go to the current one.
        current = _current_version(question)
        messages.info(
            request,
            f"Version {question.version} is kept as attempts saw it and cannot be changed: "
            f"this is the current version, {current.version}.",
        )
        return redirect("quizzes:question-edit", pk=current.pk)
    form = QuestionForm(
        request.POST or None, kind=question.kind, initial=QuestionForm.initial_for(question), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        version = question.version
        saved = save_question(question, form.cleaned_data, approve="approve" in request.POST)
        versioned = (
            f" as version {saved.version}: attempts already taken keep version {version}"
            if saved.version != version
            else ""
        )
        approved = " It is approved for quizzes." if "approve" in request.POST else ""
        messages.success(request, f"Question saved{versioned}.{approved}")
        return redirect(saved)
    return render(
        request, "quizzes/question_form.html", {"form": form, "kind": Kind(question.kind), "question": question}
    )


@require_POST
@instructor_required
def question_status(request: HttpRequest, pk: int, status: str) -> HttpResponse:
    """Approve, discard or restore (to review) a question."""
    question = _get_question_for_author(request, pk)
    if status not in Question.Status.values:
        raise Http404("Unknown status.")
    question.status = status
    question.save(update_fields=["status", "updated_at"])
    if request.htmx:
        # The question, and out of band the "N await review" banner its change may alter.
        # Ticked in the bank's list, it keeps its checkbox for the bar's next action.
        in_list = (request.htmx.current_url_abs_path or "").partition("?")[0] == reverse("quizzes:bank")
        context = {"question": question, "changed": True, "drafts": _drafts(request), "selectable": in_list}
        return render(request, "quizzes/bank.html#status-changed", context)
    messages.success(request, f"Question {question.get_status_display().lower()}.")
    return redirect(posted_next(request, question.get_absolute_url()))


# --- the builder -----------------------------------------------------------------------------


@instructor_required
def quiz_create(request: HttpRequest) -> HttpResponse:
    zone = request.user.profile.zone
    form = QuizSettingsForm(request.POST or None, zone=zone)
    if request.method == "POST" and form.is_valid():
        form.instance.instructor = request.user
        quiz = form.save()
        messages.success(request, "Quiz created. Now add questions from the bank.")
        return redirect("quizzes:edit", pk=quiz.pk)
    return render(request, "quizzes/quiz_new.html", {"form": form})


def _slots_context(quiz: Quiz) -> dict:
    """The quiz's slots with what each attempt gets from them (the totals and short-draw warnings)."""
    slots = quiz.slots_for_plan().select_related("question__topic", "random_tag")
    return {"quiz": quiz, "plan": quiz.plan(slots), "max_points": MAX_POINTS}


def _usable(topics) -> Q:
    """Questions a quiz may hold: on a topic its learners see, or on no note."""
    return Q(topic__isnull=True) | Q(topic__in=topics)


def _picker_context(request: HttpRequest, quiz: Quiz) -> dict:
    """The bank's picker: approved questions matching its filters, and which of them the quiz holds."""
    # The pickers offer only what every learner of the quiz's classes sees (Quiz.usable_topics).
    usable = quiz.usable_topics()
    picker_form = BankFilterForm(request.GET or None, topics=usable)
    picker = _filtered_questions(request, picker_form).filter(_usable(usable), status=Question.Status.APPROVED)[:50]
    in_quiz = set(quiz.slots.filter(question__isnull=False).values_list("question_id", flat=True))
    return {"quiz": quiz, "in_quiz": in_quiz, "picker": picker, "picker_form": picker_form}


def _builder_context(request: HttpRequest, quiz: Quiz, **extra) -> dict:
    context = {**_slots_context(quiz), **_picker_context(request, quiz)}
    context.update(
        {
            "settings_form": QuizSettingsForm(instance=quiz, zone=request.user.profile.zone),
            "random_form": RandomSlotForm(quiz=quiz),
            "assign_form": AssignForm(instructor=request.user, quiz=quiz, initial={"classes": quiz.classes.all()}),
        }
    )
    context.update(extra)
    return context


@instructor_required
def quiz_edit(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    if request.htmx:  # the picker searching (as its filters change, or after the quiz's questions did)
        return render(request, f"{BUILDER}#picker-results", _picker_context(request, quiz))
    return render(request, BUILDER, _builder_context(request, quiz))


@require_POST
@instructor_required
def quiz_settings(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    form = QuizSettingsForm(request.POST, instance=quiz, zone=request.user.profile.zone)
    saved = form.is_valid()
    if saved:
        form.save()
    if request.htmx:
        # Invalid: the form comes back with its errors (status 200, so htmx swaps it).
        return render(request, f"{BUILDER}#settings", {"quiz": quiz, "settings_form": form, "saved": saved})
    if saved:
        messages.success(request, "Settings saved.")
        return redirect("quizzes:edit", pk=quiz.pk)
    return render(request, BUILDER, _builder_context(request, quiz, settings_form=form))


def _slots_changed(request: HttpRequest, quiz: Quiz, notice: str = "") -> HttpResponse:
    if request.htmx:
        response = render(request, f"{BUILDER}#slots", {**_slots_context(quiz), "notice": notice})
        # The bank's picker says which questions are in the quiz: it searches again, with its own filters.
        return trigger_client_event(response, "quiz-slots-changed")
    if notice:
        messages.success(request, notice)
    return redirect("quizzes:edit", pk=quiz.pk)


def _next_position(quiz: Quiz) -> int:
    return (quiz.slots.aggregate(last=Max("position"))["last"] or 0) + 1


@require_POST
@instructor_required
def slot_add(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    usable = Question.objects.approved().filter(_usable(quiz.usable_topics()))
    question = get_object_or_404(usable, pk=request.POST.get("question", 0) or 0)
    if quiz.slots.filter(question=question).exists():
        return _slots_changed(request, quiz, "That question is already in the quiz.")
    Slot.objects.create(quiz=quiz, question=question, position=_next_position(quiz))
    return _slots_changed(request, quiz, "Question added.")


@require_POST
@instructor_required
def slot_random(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    form = RandomSlotForm(request.POST, quiz=quiz)
    if not form.is_valid():
        if request.htmx:
            response = render(request, f"{BUILDER}#random-form", {"quiz": quiz, "random_form": form})
            return reswap(retarget(response, "#random-form"), "outerHTML")
        return render(request, BUILDER, _builder_context(request, quiz, random_form=form))
    with transaction.atomic():
        slot = Slot.objects.create(
            quiz=quiz,
            random_count=form.cleaned_data["count"],
            random_category=form.cleaned_data["category"],
            random_tag=form.cleaned_data["tag"],
            points=form.cleaned_data["points"],
            position=_next_position(quiz),
        )
        slot.random_topics.set(form.cleaned_data["topics"])
    return _slots_changed(request, quiz, "Random questions added: each attempt draws its own.")


@require_POST
@instructor_required
def slot_points(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    slot = get_object_or_404(Slot, pk=slot_pk, quiz=quiz)
    form = PointsForm(request.POST)
    if not form.is_valid():
        # The slot's own input shows the error (status 200, so htmx swaps it in).
        errors = {"points_form": form, "points_slot": slot.pk}
        if request.htmx:
            return render(request, f"{BUILDER}#slots", {**_slots_context(quiz), **errors})
        return render(request, BUILDER, _builder_context(request, quiz, **errors))
    slot.points = form.cleaned_data["points"]
    slot.save(update_fields=["points"])
    return _slots_changed(request, quiz, "Points saved.")


@require_POST
@instructor_required
def slot_move(request: HttpRequest, pk: int, slot_pk: int, direction: str) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    slots = list(quiz.slots.all())
    index = next((i for i, s in enumerate(slots) if s.pk == slot_pk), None)
    if index is None:
        raise Http404("No such question in this quiz.")
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(slots):
        slots[index], slots[other] = slots[other], slots[index]
        for position, slot in enumerate(slots, start=1):
            slot.position = position
        Slot.objects.bulk_update(slots, ["position"])
        touch_quizzes([quiz.pk])  # bulk_update sends no signal: the next start's order is new
    return _slots_changed(request, quiz)


@require_POST
@instructor_required
def slot_remove(request: HttpRequest, pk: int, slot_pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    get_object_or_404(Slot, pk=slot_pk, quiz=quiz).delete()
    return _slots_changed(request, quiz, "Removed from the quiz.")


@require_POST
@instructor_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    error = ""
    if request.POST.get("action") == "unpublish":
        quiz.published_at = None
    elif not quiz.slots.exists():
        error = "Add at least one question before publishing."
    elif problems := quiz.plan().problems():
        # Refused, not warned: learners would silently get fewer questions than the builder shows.
        error = " ".join(problems)
    elif problem := quiz.topic_problem():
        error = f"Not published. {problem}"
    else:
        quiz.published_at = quiz.published_at or timezone.now()
    quiz.save(update_fields=["published_at", "updated_at"])
    if request.htmx:
        return render(request, f"{BUILDER}#publish", {"quiz": quiz, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "Published." if quiz.is_published else "Unpublished: learners no longer see it.")
    return redirect("quizzes:edit", pk=quiz.pk)


@require_POST
@instructor_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    form = AssignForm(request.POST, instructor=request.user, quiz=quiz)
    saved = form.is_valid()
    if saved:
        quiz.classes.set(form.cleaned_data["classes"])
    if request.htmx:
        return render(request, f"{BUILDER}#assign", {"quiz": quiz, "assign_form": form, "saved": saved})
    if not saved:
        return render(request, BUILDER, _builder_context(request, quiz, assign_form=form))
    messages.success(request, "Classes saved.")
    return redirect("quizzes:edit", pk=quiz.pk)


# --- results ---------------------------------------------------------------------------------


@instructor_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    context = {"quiz": quiz, "results": quiz_results(quiz, timezone.now()), "zone": request.user.profile.zone}
    return render(request, "quizzes/results.html", context)


@instructor_required
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    quiz = _get_quiz_for_instructor(request, pk)
    found = quiz_results(quiz, timezone.now())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quiz-{quiz.pk}-results.csv"'
    writer = spreadsheet.writer(response)
    writer.writerow(
        [
            "learner",
            "name",
            "attempt",
            "started",
            "submitted",
            "seconds taken",
            "score",
            "out of",
            "percent",
            "counts toward grade",
            "auto-submitted",
            "quiz grade (%)",
            "passed",
        ]
    )
    for row in found.learners:
        grade = "" if row.grade is None else f"{row.grade:.1f}"
        passed = {None: "", True: "yes", False: "no"}[found.passed(row)]
        if not row.attempts:
            writer.writerow([row.username, row.name, "", "", "", "", "", "", "", "", "", grade, passed])
        for attempt in row.attempts:
            writer.writerow(
                [
                    row.username,
                    row.name,
                    attempt.number,
                    attempt.started_at.isoformat(),
                    attempt.submitted_at.isoformat(),
                    int(attempt.time_taken.total_seconds()),
                    attempt.score,
                    attempt.max_score,
                    f"{attempt.percent:.1f}",
                    "yes" if attempt in row.counted else "no",
                    "yes" if attempt.auto_submitted else "no",
                    grade,
                    passed,
                ]
            )
    return response
