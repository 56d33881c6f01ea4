"""The notes pages: My notes, new notes (preview, then save), edit with a live preview, download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from studyapp.content.models import Topic

from .authoring import as_markdown, group_of, save_plan
from .forms import EditNotesForm, NewNotesForm


def _get_topic_for_owner(request: HttpRequest, slug: str) -> Topic:
    """The signed-in user's own topic in use; 404 for a site topic or anyone else's."""
    return get_object_or_404(Topic.objects.owned_by(request.user).live(), slug=slug)


@require_GET
@login_required
def my_notes(request: HttpRequest) -> HttpResponse:
    topics = (
        Topic.objects.owned_by(request.user)
        .live()
        .annotate(card_count=Count("cards", filter=Q(cards__retired_at=None)))
        .order_by("source_file", "order", "title")
    )
    return render(request, "notes/list.html", {"topics": topics})


@require_http_methods(["GET", "POST"])
@login_required
def new(request: HttpRequest) -> HttpResponse:
    form = NewNotesForm(request.user, request.POST or None, request.FILES or None)
    saving = request.POST.get("action") == "save" and not request.htmx
    if request.method == "POST" and form.is_valid() and saving:
        topics = save_plan(request.user, form.cleaned_data["plan"])
        names = ", ".join(f"“{t.title}”" for t in topics)
        messages.success(request, f"Saved {names}: its cards are ready to study.")
        return redirect(topics[0])
    context = {
        "form": form,
        "plan": form.cleaned_data.get("plan") if form.is_bound and form.is_valid() else None,
        "lost_files": bool(request.FILES) and not request.htmx,
    }
    if request.htmx:
        return render(request, "notes/new.html#preview", context)
    return render(request, "notes/new.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    topic = _get_topic_for_owner(request, slug)
    form = EditNotesForm(topic, request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = save_plan(request.user, form.cleaned_data["plan"])
        messages.success(request, "Notes saved. Changed facts kept their cards, and your progress with them.")
        return redirect(next((t for t in saved if t.pk == topic.pk), saved[0]) if saved else "notes:list")
    return _edit_page(request, topic, form)


@require_POST
@login_required
def edit_preview(request: HttpRequest, slug: str) -> HttpResponse:
    topic = _get_topic_for_owner(request, slug)
    form = EditNotesForm(topic, request.POST)
    form.is_valid()
    return _edit_page(request, topic, form)


def _edit_page(request: HttpRequest, topic: Topic, form: EditNotesForm) -> HttpResponse:
    plan = form.cleaned_data.get("plan") if form.is_bound and form.is_valid() else None
    siblings = group_of(topic).live().exclude(pk=topic.pk)
    context = {"topic": topic, "form": form, "plan": plan, "siblings": siblings}
    if request.htmx:
        return render(request, "notes/edit.html#preview", context)
    return render(request, "notes/edit.html", context)


@require_GET
@login_required
def download(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic.objects.visible_to(request.user), slug=slug)
    response = HttpResponse(as_markdown(topic), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{topic.slug}.md"'
    return response
