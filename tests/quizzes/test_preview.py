"""An instructor's preview of a quiz: taken as a learner would, never counted or fed to study."""

from datetime import timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from studyapp.progress.today import learner_today
from studyapp.quizzes.grades_for_progress import (
    attempts_for_export,
    class_hardest_questions,
    class_quiz_grades,
    detach_learner,
    learner_history,
)
from studyapp.quizzes.models import Attempt, Feedback, Quiz, Slot
from studyapp.quizzes.results_page import quiz_results
from studyapp.study.models import CardState
from tests.factories import CardFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def test_a_preview_starts_before_publishing_and_is_not_counted_in_the_results(instructor, learner):
    card = CardFactory()
    question = QuestionFactory(author=instructor, card=card, topic=card.topic)
    quiz = QuizFactory(instructor=instructor, questions=[question], learners=[learner], published_at=None)
    now = timezone.now()
    preview = quiz.start_attempt(instructor, now, preview=True)
    assert preview.is_preview and preview.finalize(now)  # answered nothing: wrong
    assert not CardState.objects.filter(card=card).exists()  # a wrong preview answer sends no card back
    results = quiz_results(quiz, now)
    assert results.counted_attempts == 0 and [row.username for row in results.learners] == [learner.username]


# --- starting a preview from the builder -----------------------------------------------------

HTMX = {"HTTP_HX_REQUEST": "true"}
BANNER = "Preview — nothing is recorded."


@pytest.fixture
def quiz(instructor, learner) -> Quiz:
    """An unpublished two-question quiz (a choice and a short answer), assigned to the learner's class."""
    questions = [
        QuestionFactory(author=instructor, text="Pick the right one", explanation="SECRET-EXPLANATION"),
        QuestionFactory(author=instructor, kind="short", text="Name the runtime", accepted_answers=["Node.js"]),
    ]
    return QuizFactory(instructor=instructor, questions=questions, learners=[learner], published_at=None)


def preview(client, quiz) -> Attempt:
    response = client.post(reverse("quizzes:preview", args=[quiz.pk]))
    assert response.status_code == 302
    return Attempt.objects.get(pk=resolve(response.url).kwargs["pk"])


def right_answers(attempt: Attempt) -> dict:
    data = {"shown": [str(r.pk) for r in attempt.responses.all()]}
    for response in attempt.responses.select_related("question"):
        if response.question.kind == "short":
            data[f"r-{response.pk}"] = "nodejs"
        else:
            data[f"r-{response.pk}"] = str(response.question.options.get(is_correct=True).pk)
    return data


def test_preview_opens_the_attempt_page_with_the_banner_and_a_way_back(
    instructor_client, instructor, learner_client, learner, quiz
):
    attempt = preview(instructor_client, quiz)
    assert attempt.is_preview and attempt.learner == instructor and attempt.responses.count() == 2
    page = instructor_client.get(attempt.get_absolute_url())
    assert page.status_code == 200 and BANNER in page.text
    assert reverse("quizzes:edit", args=[quiz.pk]) in page.text  # back to the builder
    assert "Pick the right one" in page.text
    # A learner's attempt at the same quiz has no banner.
    Quiz.objects.filter(pk=quiz.pk).update(published_at=timezone.now())
    quiz.refresh_from_db()
    theirs = quiz.start_attempt(learner, timezone.now())
    assert BANNER not in learner_client.get(theirs.get_absolute_url()).text


def test_a_new_preview_replaces_the_earlier_ones(instructor_client, instructor, quiz):
    first = preview(instructor_client, quiz)
    first.finalize(timezone.now())
    second = preview(instructor_client, quiz)
    third = preview(instructor_client, quiz)  # the second was still open: it goes too
    assert list(quiz.attempts.values_list("pk", flat=True)) == [third.pk]
    assert third.number == 1 and second.pk != third.pk


def test_a_preview_stands_apart_from_the_instructors_own_attempt(instructor_client, instructor, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(published_at=timezone.now(), attempts_allowed=1)
    quiz.refresh_from_db()
    open_preview = preview(instructor_client, quiz)
    own = quiz.start_attempt(instructor, timezone.now())  # taking their own quiz, as a learner would
    assert own.pk != open_preview.pk and not own.is_preview  # the preview is neither resumed nor counted
    again = preview(instructor_client, quiz)  # with their own attempt open, a preview still starts
    assert again.is_preview and set(quiz.attempts.values_list("pk", flat=True)) == {own.pk, again.pk}


def test_a_quiz_without_questions_cannot_be_previewed(instructor_client, instructor):
    empty = QuizFactory(instructor=instructor, published_at=None)
    response = instructor_client.post(reverse("quizzes:preview", args=[empty.pk]), follow=True)
    assert "Add at least one question before previewing." in response.text
    assert not Attempt.objects.exists()


def test_a_closed_quiz_is_previewed_with_its_time_limit_and_without_its_close(instructor_client, quiz):
    now = timezone.now()
    Quiz.objects.filter(pk=quiz.pk).update(
        published_at=now - timedelta(days=3), closes_at=now - timedelta(days=1), time_limit=timedelta(minutes=10)
    )
    quiz.refresh_from_db()
    attempt = preview(instructor_client, quiz)
    assert timedelta(minutes=9) < attempt.deadline - now <= timedelta(minutes=11)
    page = instructor_client.get(attempt.get_absolute_url())
    assert page.status_code == 200 and BANNER in page.text  # open, not submitted as past its deadline


def test_a_preview_without_a_time_limit_has_no_deadline_even_before_the_close(instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(closes_at=timezone.now() + timedelta(minutes=5))
    quiz.refresh_from_db()
    assert preview(instructor_client, quiz).deadline is None


# --- who may preview, and who may open a preview ------------------------------------------------


def test_only_the_quizzes_instructor_starts_a_preview(client, learner_client, other_instructor_client, quiz):
    url = reverse("quizzes:preview", args=[quiz.pk])
    assert client.post(url).url.startswith("/accounts/login/")
    assert learner_client.post(url).status_code == 403
    assert other_instructor_client.post(url).status_code == 404
    assert not Attempt.objects.exists()


def test_starting_a_preview_needs_a_post(instructor_client, quiz):
    assert instructor_client.get(reverse("quizzes:preview", args=[quiz.pk])).status_code == 405


def test_a_preview_is_only_ever_opened_by_the_quizzes_instructor(
    learner_client, learner, other_instructor_client, instructor, quiz
):
    attempt = quiz.start_attempt(instructor, timezone.now(), preview=True)
    for client in (learner_client, other_instructor_client):
        assert client.get(attempt.get_absolute_url()).status_code == 404
        assert client.post(reverse("quizzes:attempt-submit", args=[attempt.pk])).status_code == 404
        assert client.get(reverse("quizzes:attempt-review", args=[attempt.pk])).status_code == 404
    # A preview that is not the quiz's instructor's (none is made so; the rule holds anyway).
    stray = quiz.start_attempt(learner, timezone.now(), preview=True)
    assert learner_client.get(stray.get_absolute_url()).status_code == 404
    assert learner_client.post(reverse("quizzes:attempt-save", args=[stray.pk])).status_code == 404


# --- taking a preview as a learner would ------------------------------------------------------------


def test_a_preview_is_answered_submitted_and_reviewed_as_a_learner_would(instructor_client, quiz):
    attempt = preview(instructor_client, quiz)
    data = right_answers(attempt)
    first = attempt.responses.get(position=1)
    saved = instructor_client.post(
        reverse("quizzes:attempt-save", args=[attempt.pk]), {**data, "response": first.pk}, **HTMX
    )
    assert "Saved" in saved.text
    confirm = instructor_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), data)
    assert BANNER in confirm.text  # the confirmation page, as a whole page
    submitted = instructor_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {**data, "confirm": "1"})
    assert submitted.url == reverse("quizzes:attempt-review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.score == 2  # two questions of one point, both right
    review = instructor_client.get(submitted.url)
    assert BANNER in review.text and "SECRET-EXPLANATION" in review.text  # feedback "after submitting"
    assert "Results of" not in review.text  # the learner's view, not the results page's
    assert "This preview shows them now" not in review.text


def test_feedback_after_each_question_works_in_a_preview(instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(feedback=Feedback.EACH)
    quiz.refresh_from_db()
    attempt = preview(instructor_client, quiz)
    response = attempt.responses.get(position=2)
    url = reverse("quizzes:attempt-check", args=[attempt.pk, response.pk])
    checked = instructor_client.post(url, {f"r-{response.pk}": "Python"}, **HTMX)
    assert "Not correct" in checked.text and "Node.js" in checked.text
    response.refresh_from_db()
    assert response.checked_at is not None and response.score == 0


def test_feedback_after_the_quiz_closes_shows_in_a_preview_and_says_so(
    instructor_client, learner_client, learner, quiz
):
    closes = timezone.now() + timedelta(days=2)
    Quiz.objects.filter(pk=quiz.pk).update(feedback=Feedback.CLOSE, closes_at=closes, published_at=timezone.now())
    quiz.refresh_from_db()
    attempt = preview(instructor_client, quiz)
    instructor_client.post(
        reverse("quizzes:attempt-submit", args=[attempt.pk]), {**right_answers(attempt), "confirm": "1"}
    )
    review = instructor_client.get(reverse("quizzes:attempt-review", args=[attempt.pk]))
    assert "SECRET-EXPLANATION" in review.text and "Score:" in review.text
    assert (
        "Learners see scores, the right answers and explanations only once the quiz has closed for everyone"
        in review.text
    )
    # The learner, meanwhile, sees none of it.
    real = quiz.start_attempt(learner, timezone.now())
    real.finalize(timezone.now())
    theirs = learner_client.get(reverse("quizzes:attempt-review", args=[real.pk]))
    assert "SECRET-EXPLANATION" not in theirs.text and "This preview shows them now" not in theirs.text


def test_an_unfinished_preview_reviews_as_a_learners_would_by_going_back_to_it(instructor_client, quiz):
    attempt = preview(instructor_client, quiz)
    response = instructor_client.get(reverse("quizzes:attempt-review", args=[attempt.pk]))
    assert response.status_code == 302 and response.url == attempt.get_absolute_url()


def test_a_submitted_preview_sends_no_card_back_to_study(instructor_client, instructor, quiz):
    card = CardFactory()
    Slot.objects.filter(quiz=quiz).delete()
    Slot.objects.create(quiz=quiz, question=QuestionFactory(author=instructor, card=card, topic=card.topic))
    attempt = preview(instructor_client, quiz)
    instructor_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), {"confirm": "1"})  # nothing answered
    attempt.refresh_from_db()
    assert attempt.is_finished and attempt.score == 0
    assert not CardState.objects.filter(card=card).exists()


# --- nothing is recorded ---------------------------------------------------------------------


@pytest.fixture
def finished_preview(instructor, quiz) -> Attempt:
    """The instructor, a member of their own class as well, has a finished preview scoring 1 of 2."""
    quiz.classes.get().add_learner(instructor)
    Quiz.objects.filter(pk=quiz.pk).update(published_at=timezone.now())
    quiz.refresh_from_db()
    attempt = quiz.start_attempt(instructor, timezone.now(), preview=True)
    right = attempt.responses.get(position=1)
    right.selected = [right.question.options.get(is_correct=True).pk]
    right.save()
    attempt.finalize(timezone.now())
    assert attempt.score == 1
    return attempt


def test_a_preview_is_not_in_the_class_grades_or_hardest_questions(quiz, finished_preview):
    klass = quiz.classes.get()
    assert class_quiz_grades(klass, timezone.now()).grades == {}
    assert class_hardest_questions(klass, [quiz]) == []


def test_a_preview_is_not_in_the_instructors_quiz_history_or_export(instructor, finished_preview):
    assert learner_history(instructor, timezone.now()) == []
    assert list(attempts_for_export(instructor)) == []


def test_a_preview_is_not_counted_on_the_quiz_list(instructor_client, quiz, finished_preview):
    response = instructor_client.get(reverse("quizzes:list"))
    assert [q.attempt_count for q in response.context["teaching"].quizzes] == [0]
    # Their own class's row shows the quiz as not started: the preview is not their attempt.
    assert [row.label for row in response.context["rows"]] == ["Not started"]


def test_a_preview_leaves_the_quiz_on_the_instructors_to_do_list(instructor, quiz, finished_preview):
    assert [row.quiz for row in learner_today(instructor, timezone.now()).quizzes] == [quiz]


def test_deleting_the_account_deletes_its_previews(instructor, finished_preview):
    detach_learner(instructor)
    assert not Attempt.objects.filter(pk=finished_preview.pk).exists()
