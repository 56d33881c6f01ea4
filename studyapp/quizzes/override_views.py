"""A quiz's overrides, for its instructor: other dates, time or attempts for one learner or one class.

One page lists them with a form to add one; editing and deleting happen on the same page. Under htmx
the list and the form swap as fragments; without JavaScript each step is a full page.
"""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django_htmx.http import reswap, retarget

from studyapp.accounts.roles import instructor_required

from .forms import OverrideForm
from .models import Override, Quiz, delete_override, save_override

PAGE = "quizzes/overrides.html"


def _get_quiz_for_instructor(request: HttpRequest, pk: int) -> Quiz:
    return get_object_or_404(Quiz, pk=pk, instructor=request.user)


def _get_override_for_instructor(request: HttpRequest, pk: int, override_pk: int) -> Override:
    overrides = Override.objects.select_related("quiz", "learner", "klass")
    return get_object_or_404(overrides, pk=override_pk, quiz_id=pk, quiz__instructor=request.user)


def _form(request: HttpRequest, quiz: Quiz, override: Override | None = None) -> OverrideForm:
    data = request.POST if request.method == "POST" else None
    return OverrideForm(data, quiz=quiz, zone=request.user.profile.zone, override=override)


def _context(request: HttpRequest, quiz: Quiz, **extra) -> dict:
    overrides = quiz.overrides.select_related("learner", "klass")
    return {"quiz": quiz, "overrides": overrides, "zone": request.user.profile.zone, **extra}


@instructor_required
def overrides(request: HttpRequest, pk: int) -> HttpResponse:
    """The list and the form to add one (GET); adding one (POST)."""
    quiz = _get_quiz_for_instructor(request, pk)
    form = _form(request, quiz)
    if request.method == "POST":
        return _save(request, quiz, form)
    if request.htmx:  # "Cancel" on the edit form: the empty form comes back
        return render(request, f"{PAGE}#override-form", _context(request, quiz, form=form))
    return render(request, PAGE, _context(request, quiz, form=form))


@instructor_required
def override_edit(request: HttpRequest, pk: int, override_pk: int) -> HttpResponse:
    override = _get_override_for_instructor(request, pk, override_pk)
    form = _form(request, override.quiz, override)
    if request.method == "POST":
        return _save(request, override.quiz, form)
    template = f"{PAGE}#override-form" if request.htmx else PAGE
    return render(request, template, _context(request, override.quiz, form=form))


@instructor_required
def override_delete(request: HttpRequest, pk: int, override_pk: int) -> HttpResponse:
    """GET asks to confirm (the page without JavaScript; htmx asks in the browser); POST deletes."""
    override = _get_override_for_instructor(request, pk, override_pk)
    quiz = override.quiz
    if request.method != "POST":
        return render(request, PAGE, _context(request, quiz, deleting=override))
    moved = delete_override(override)
    return _changed(request, quiz, f"The override for {override.learner or override.klass} was deleted.", moved)


def _save(request: HttpRequest, quiz: Quiz, form: OverrideForm) -> HttpResponse:
    if form.is_valid():
        override = form.override_to_save()
        try:
            moved = save_override(override)
        except IntegrityError:
            # Another tab saved one for the same learner or class since the form was checked.
            form.add_error("who", "An override for them was saved meanwhile: edit that one instead.")
        else:
            return _changed(request, quiz, f"Override for {override.learner or override.klass} saved.", moved)
    if request.htmx:
        # Status 200 so htmx swaps it: the form, with its errors, in place of the form.
        response = render(request, f"{PAGE}#override-form", _context(request, quiz, form=form))
        return reswap(retarget(response, "#override-form"), "outerHTML")
    return render(request, PAGE, _context(request, quiz, form=form))


def _changed(request: HttpRequest, quiz: Quiz, notice: str, moved: int) -> HttpResponse:
    if moved:
        one, more = " 1 attempt under way now ends at its new time.", f" {moved} attempts under way now end at theirs."
        notice += one if moved == 1 else more
    if request.htmx:
        # The list, and (out of band) an empty form in place of the one just sent.
        empty = OverrideForm(quiz=quiz, zone=request.user.profile.zone)
        context = _context(request, quiz, form=empty, notice=notice, oob=True)
        return render(request, f"{PAGE}#changed", context)
    messages.success(request, notice)
    return redirect("quizzes:overrides", pk=quiz.pk)
