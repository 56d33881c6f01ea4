"""The card browser, instructors' inline card editing, flags, and downloads."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from studyapp.accounts.roles import instructor_required, is_instructor
from studyapp.content.models import Topic
from studyapp.lib.background import Download, offer_file
from studyapp.lib.redirects import posted_next

from .export import export, is_large, stored_path
from .forms import CardFilterForm, CardForm, FlagForm
from .models import Card, CardFlag, Kind
from .tasks import export_topic_cards

EXPORT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "apkg": "application/octet-stream",
}


def _get_topic_for_user(request: HttpRequest, slug: str) -> Topic:
    """A topic the user may see (Topic.objects.visible_to); 404 for any other."""
    return get_object_or_404(Topic.objects.visible_to(request.user), slug=slug)


def _get_card_for_user(request: HttpRequest, pk: int) -> Card:
    """A card of a topic the user may see: learners see cards in use; instructors retired ones too."""
    cards = Card.objects.visible_to(request.user, retired=is_instructor(request.user)).select_related("topic")
    return get_object_or_404(cards, pk=pk)


def _edits_cards(request: HttpRequest, topic: Topic) -> bool:
    """Instructors edit the site topics' cards; an owned topic's cards are its owner's alone."""
    return is_instructor(request.user) and topic.editable_by(request.user)


def _check_edits_cards(request: HttpRequest, topic: Topic) -> None:
    if not _edits_cards(request, topic):
        raise PermissionDenied("Only the topic's owner can change its cards.")


def _card_context(request: HttpRequest, card: Card, **extra) -> dict:
    editor = _edits_cards(request, card.topic)
    if editor:  # the fragment shows open flags, as the full browser does
        card.open_flags = list(card.flags.open().select_related("user"))
    return {"card": card, "is_instructor": editor, **extra}


@login_required
def browser(request: HttpRequest, slug: str) -> HttpResponse:
    topic = _get_topic_for_user(request, slug)
    instructor = _edits_cards(request, topic)
    form = CardFilterForm(request.GET or None)
    cards = Card.objects.filter(topic=topic).select_related("topic", "edited_by")
    if form.is_valid():
        cards = cards.search(form.cleaned_data["q"])
        if form.cleaned_data["kind"]:
            cards = cards.filter(kind=form.cleaned_data["kind"])
    if not (instructor and form.is_valid() and form.cleaned_data["show_retired"]):
        cards = cards.filter(retired_at__isnull=True)
    if instructor:
        open_flags = CardFlag.objects.open().select_related("user")
        cards = cards.prefetch_related(Prefetch("flags", queryset=open_flags, to_attr="open_flags"))
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context = {
        "topic": topic,
        "cards": cards,
        "form": form,
        "query": query,
        "is_instructor": instructor,
        "new_card_form": CardForm(),
    }
    template = "cards/browser.html#card-list" if request.htmx else "cards/browser.html"
    return render(request, template, context)


@instructor_required
def create(request: HttpRequest, slug: str) -> HttpResponse:
    topic = _get_topic_for_user(request, slug)
    _check_edits_cards(request, topic)
    form = CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        last = Card.objects.filter(topic=topic).order_by("-position").values_list("position", flat=True).first()
        card = Card.objects.create(
            key=f"{topic.slug}/custom/{uuid.uuid4().hex[:12]}",
            fact_key="",
            topic=topic,
            kind=Kind.CUSTOM,
            front=form.cleaned_data["front"].strip(),
            back=form.cleaned_data["back"].strip(),
            section=topic.short_title,
            position=(last or 0) + 1,
            is_generated=False,
            created_by=request.user,
            edited_by=request.user,
            edited_at=timezone.now(),
        )
        card.fact_key = card.key
        card.save(update_fields=["fact_key"])
        if request.htmx:
            return render(request, "cards/browser.html#card-created", _card_context(request, card, topic=topic))
        messages.success(request, "Card added.")
        return redirect("cards:browser", slug=topic.slug)
    if request.htmx:
        # Errors go back into the form, not into the list the form adds to.
        response = render(request, "cards/card_form.html#card-form", {"form": form, "topic": topic, "card": None})
        return reswap(retarget(response, "#new-card-form"), "outerHTML")
    return render(request, "cards/card_form.html", {"form": form, "topic": topic, "card": None})


@instructor_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    card = _get_card_for_user(request, pk)
    _check_edits_cards(request, card.topic)
    form = CardForm(request.POST or None, initial={"front": card.front, "back": card.back})
    if request.method == "POST" and form.is_valid():
        card.apply_edit(
            front=form.cleaned_data["front"].strip(), back=form.cleaned_data["back"].strip(), user=request.user
        )
        if request.htmx:
            return render(request, "cards/browser.html#card", _card_context(request, card, saved=True))
        return redirect("cards:browser", slug=card.topic.slug)
    template = "cards/card_form.html#card-form" if request.htmx else "cards/card_form.html"
    return render(request, template, {"form": form, "topic": card.topic, "card": card})


@login_required
def card(request: HttpRequest, pk: int) -> HttpResponse:
    """One card: the fragment an inline form returns to on Cancel."""
    card = _get_card_for_user(request, pk)
    if not request.htmx:
        return redirect(f"{card.topic.get_absolute_url()}cards/#card-{card.pk}")
    return render(request, "cards/browser.html#card", _card_context(request, card))


@require_POST
@instructor_required
def retire(request: HttpRequest, pk: int) -> HttpResponse:
    card = _get_card_for_user(request, pk)
    _check_edits_cards(request, card.topic)
    card.retire(because="instructor")
    return _card_changed(request, card, "Card retired: it is hidden from study; its history is kept.")


@require_POST
@instructor_required
def restore(request: HttpRequest, pk: int) -> HttpResponse:
    card = _get_card_for_user(request, pk)
    _check_edits_cards(request, card.topic)
    card.restore()
    return _card_changed(request, card, "Card restored.")


def _card_changed(request: HttpRequest, card: Card, message: str) -> HttpResponse:
    if request.htmx:
        return render(request, "cards/browser.html#card", _card_context(request, card, notice=message))
    messages.success(request, message)
    return redirect("cards:browser", slug=card.topic.slug)


@login_required
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    card = _get_card_for_user(request, pk)
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.card, form.instance.user = card, request.user
        form.save()
        notice = "Thanks — an instructor will look at this card."
        if request.htmx:
            return render(request, "cards/browser.html#card", _card_context(request, card, notice=notice))
        messages.success(request, notice)
        return redirect("cards:browser", slug=card.topic.slug)
    template = "cards/flag_form.html#flag-form" if request.htmx else "cards/flag_form.html"
    return render(request, template, {"form": form, "card": card})


@instructor_required
def flags(request: HttpRequest) -> HttpResponse:
    open_flags = CardFlag.objects.open().for_editor(request.user).select_related("card__topic", "user")
    return render(request, "cards/flags.html", {"flags": open_flags})


@require_POST
@instructor_required
def resolve_flag(request: HttpRequest, pk: int) -> HttpResponse:
    flag = get_object_or_404(CardFlag.objects.open().for_editor(request.user), pk=pk)
    flag.resolved_at, flag.resolved_by = timezone.now(), request.user
    flag.save(update_fields=["resolved_at", "resolved_by"])
    messages.success(request, "Flag resolved.")
    return redirect(posted_next(request, reverse("cards:flags")))


@login_required
def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404("Unknown export format.")
    topic = _get_topic_for_user(request, slug)
    cards = Card.objects.in_use().filter(topic=topic).select_related("topic")
    site_url = request.build_absolute_uri("/") if settings.DEBUG else settings.SITE_URL
    filename = f"serverless-study-{topic.slug}.{fmt}"
    download = Download(
        job_name=f"cards-{topic.slug}.{fmt}",
        filename=filename,
        content_type=EXPORT_TYPES[fmt],
        task=export_topic_cards,
        task_args=(topic.pk, fmt, site_url, stored_path(request.user.pk, filename)),
        title=f"Cards of {topic.title}",
    )
    return offer_file(request, download, is_large(cards), lambda: _download_now(cards, fmt, download, site_url))


def _download_now(cards, fmt: str, download: Download, site_url: str) -> HttpResponse:
    response = HttpResponse(export(cards, fmt, site_url), content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.filename}"'
    return response
