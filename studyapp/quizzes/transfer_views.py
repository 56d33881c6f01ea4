"""Instructors' import and export of questions (GIFT, Moodle XML): upload, preview by line, confirm; download."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from studyapp.accounts.roles import instructor_required

from .forms import ExportForm, ImportForm
from .models import Kind, Question
from .question_transfer import (
    CONTENT_TYPE,
    SUFFIX,
    export_data,
    exportable,
    full_category,
    import_questions,
    in_category,
    of_quiz,
    read_file,
    write,
)

PAGE = "quizzes/transfer.html"


@instructor_required
def transfer(request: HttpRequest) -> HttpResponse:
    return render(request, PAGE, {"import_form": ImportForm(), "export_form": ExportForm(user=request.user)})


@require_http_methods(["GET", "POST"])
@instructor_required
def question_import(request: HttpRequest) -> HttpResponse:
    """Without `confirm`: parse and show the preview. With it: parse the same text again and
    store it, all or nothing. The preview's address opened again (reloaded, bookmarked) is the import page."""
    if request.method == "GET":
        return redirect("quizzes:transfer")
    form = ImportForm(request.POST, request.FILES)
    context = {"import_form": form, "export_form": ExportForm(user=request.user)}
    if not form.is_valid():
        return render(request, PAGE, context, status=200)
    data = form.cleaned_data
    result = read_file(data["data"], data["file_format"])
    if "confirm" in request.POST and not result.problems:
        summary = import_questions(result, request.user, base_category=data["category"])
        messages.success(request, _imported_message(summary))
        return redirect(f"{reverse('quizzes:bank')}?mine=on")
    text = data["data"].decode("utf-8", errors="replace")
    confirm_form = ImportForm(
        initial={"content": text, "file_format": data["file_format"], "category": data["category"]}
    )
    context.update(
        {
            "result": result,
            "rows": [(q, Kind(q.kind).label) for q in result.questions],
            "confirm_form": confirm_form,
            "categories": sorted({full_category(data["category"], q.category) for q in result.questions} - {""}),
        }
    )
    return render(request, PAGE, context)


def _imported_message(summary) -> str:
    count = len(summary.created)
    text = f"Imported {count} question{'s' if count != 1 else ''}, approved and yours to edit."
    if summary.skipped:
        text += f" {summary.skipped} of a type the bank does not have were skipped."
    return text


@require_GET
@instructor_required
def question_export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET, user=request.user)
    if not form.is_valid():
        return render(request, PAGE, {"import_form": ImportForm(), "export_form": form})
    data = form.cleaned_data
    questions, name = Question.objects.visible_to(request.user), "question-bank"
    if data["category"]:
        questions, name = in_category(questions, data["category"]), slugify(data["category"].name)
    elif data["quiz"]:
        questions, name = of_quiz(questions, data["quiz"]), slugify(data["quiz"].title)
    file_format = data["file_format"]
    response = HttpResponse(
        write(export_data(exportable(questions)), file_format), content_type=CONTENT_TYPE[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{name or "questions"}.{SUFFIX[file_format]}"'
    return response
