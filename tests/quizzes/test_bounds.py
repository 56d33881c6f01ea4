"""Every free-text and number input of the quizzes app has a bound, and going past it gives a clear error."""

from datetime import timedelta

import pytest
from django.urls import reverse

from studyapp.quizzes.models import Attempt, Question, Quiz, Response, Slot
from tests.factories import TopicFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db
TOO_LONG = "x" * 201  # answers are at most 200 characters
ONE_MEGABYTE = "9" * 1_000_000


# --- learners' answers -----------------------------------------------------------------------


@pytest.fixture
def attempt(instructor, learner) -> Attempt:
    questions = [
        QuestionFactory(author=instructor, kind="short", accepted_answers=["Node.js"]),
        QuestionFactory(author=instructor, kind="numeric", numeric_answer=900),
        QuestionFactory(author=instructor),
    ]
    quiz = QuizFactory(instructor=instructor, questions=questions, learners=[learner], time_limit=timedelta(minutes=9))
    from django.utils import timezone

    return quiz.start_attempt(learner, timezone.now())


def typed(attempt: Attempt, kind: str) -> Response:
    return attempt.responses.get(question__kind=kind)


@pytest.mark.parametrize("kind", ["short", "numeric"])
@pytest.mark.parametrize("answer", [TOO_LONG, ONE_MEGABYTE], ids=["201 characters", "1 MB"])
def test_autosave_refuses_an_over_long_answer_and_says_why(learner_client, attempt, kind, answer):
    response_row = typed(attempt, kind)
    data = {"shown": [response_row.pk], "response": response_row.pk, f"r-{response_row.pk}": answer}
    response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), data, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "Not saved: an answer can be at most 200 characters" in response.text
    response_row.refresh_from_db()
    assert response_row.text == "" and response_row.answered_at is None


def test_an_answer_of_200_characters_is_saved(learner_client, attempt):
    short = typed(attempt, "short")
    data = {"shown": [short.pk], "response": short.pk, f"r-{short.pk}": "y" * 200}
    assert "Saved" in learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), data, **HTMX).text
    short.refresh_from_db()
    assert short.text == "y" * 200


def test_the_plain_form_saves_the_other_answers_and_says_which_one_was_refused(learner_client, attempt):
    short, numeric = typed(attempt, "short"), typed(attempt, "numeric")
    data = {"shown": [short.pk, numeric.pk], f"r-{short.pk}": TOO_LONG, f"r-{numeric.pk}": "900"}
    response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), data, follow=True)
    assert f"Question {short.position} was not saved: an answer can be at most 200 characters" in response.text
    assert "Answers saved." not in response.text
    short.refresh_from_db(), numeric.refresh_from_db()
    assert short.text == "" and numeric.text == "900"


def test_submitting_with_an_over_long_answer_does_not_submit(learner_client, attempt):
    short = typed(attempt, "short")
    data = {"shown": [short.pk], f"r-{short.pk}": TOO_LONG, "confirm": "1"}
    response = learner_client.post(reverse("quizzes:attempt-submit", args=[attempt.pk]), data, **HTMX)
    assert response.status_code == 200
    assert f"Question {short.position} was not saved: an answer can be at most 200 characters" in response.text
    attempt.refresh_from_db()
    assert not attempt.is_finished


def test_checking_an_over_long_answer_neither_grades_nor_locks_it(learner_client, attempt):
    Quiz.objects.filter(pk=attempt.quiz_id).update(feedback="each")
    short = typed(attempt, "short")
    url = reverse("quizzes:attempt-check", args=[attempt.pk, short.pk])
    response = learner_client.post(url, {f"r-{short.pk}": TOO_LONG}, **HTMX)
    assert response.status_code == 200 and "at most 200 characters" in response.text
    short.refresh_from_db()
    assert short.checked_at is None and short.score is None and short.text == ""


def test_the_answer_box_says_its_limit(learner_client, attempt):
    page = learner_client.get(attempt.get_absolute_url()).text
    assert page.count('maxlength="200"') == 2


def test_a_huge_option_number_is_ignored_without_an_error(learner_client, attempt):
    single = attempt.responses.get(question__kind="single")
    data = {"shown": [single.pk], "response": single.pk, f"r-{single.pk}": ONE_MEGABYTE[:5000]}
    response = learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), data, **HTMX)
    assert response.status_code == 200
    single.refresh_from_db()
    assert single.selected == []
    huge_id = {"shown": ONE_MEGABYTE[:5000], "response": ONE_MEGABYTE[:5000]}
    assert learner_client.post(reverse("quizzes:attempt-save", args=[attempt.pk]), huge_id, **HTMX).status_code == 200


# --- the question form -------------------------------------------------------------------------


@pytest.fixture
def topic():
    return TopicFactory()


def question_post(client, topic, kind, **extra):
    data = {"note": f"{topic.slug}#", "text": "What is it?", "explanation": "", **extra}
    return client.post(reverse("quizzes:question-create", args=[kind]), data)


@pytest.mark.parametrize(
    ("kind", "extra", "error"),
    [
        ("short", {"accepted_answers": "ok\n" + TOO_LONG}, "An accepted answer can be at most 200 characters"),
        ("short", {"accepted_answers": "\n".join(f"a{n}" for n in range(21))}, "at most 20 accepted answers"),
        ("numeric", {"numeric_answer": "1e999"}, "Enter a number between"),
        ("numeric", {"numeric_answer": "5", "tolerance": "1e999"}, "Enter zero or a positive number up to"),
        (
            "single",
            {"text": "x" * 2001, "option_0": "A", "correct_0": "on", "option_1": "B"},
            "at most 2000 characters",
        ),
        ("single", {"option_0": "A" * 301, "correct_0": "on", "option_1": "B"}, "at most 300 characters"),
    ],
)
def test_the_question_form_bounds_every_field(instructor_client, topic, kind, extra, error):
    response = question_post(instructor_client, topic, kind, **extra)
    assert response.status_code == 200 and error in response.text
    assert not Question.objects.exists()


def test_the_question_model_keeps_the_forms_text_limits():
    assert Question._meta.get_field("text").max_length == 2000
    assert Question._meta.get_field("explanation").max_length == 4000


# --- quiz settings and the builder -------------------------------------------------------------

SETTINGS = {
    "title": "Limits",
    "instructions": "",
    "time_limit_minutes": "",
    "attempts_allowed": "1",
    "grading_method": "highest",
    "opens_at": "",
    "closes_at": "",
    "pass_mark": "50",
    "feedback": "submit",
}


@pytest.fixture
def quiz(instructor) -> Quiz:
    return QuizFactory(instructor=instructor, published_at=None)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("instructions", "x" * 4001, "at most 4000 characters"),
        ("title", "x" * 201, "at most 200 characters"),
        ("attempts_allowed", "1000000", "less than or equal to 100"),
        ("attempts_allowed", "-1", "greater than or equal to 0"),
        ("pass_mark", "101", "less than or equal to 100"),
        ("time_limit_minutes", "100000", "less than or equal to 1440"),
    ],
)
def test_quiz_settings_are_bounded_with_a_field_error(instructor_client, quiz, field, value, error):
    response = instructor_client.post(reverse("quizzes:settings", args=[quiz.pk]), {**SETTINGS, field: value}, **HTMX)
    assert response.status_code == 200 and error in response.text
    assert f'id="id_{field}_error' in response.text  # the list of errors under the field
    quiz.refresh_from_db()
    assert quiz.title != "Limits"


def test_a_random_draw_has_bounded_points(instructor_client, quiz, topic):
    QuestionFactory(topic=topic)
    data = {"count": "1", "topics": [topic.pk], "points": "5000"}
    response = instructor_client.post(reverse("quizzes:slot-random", args=[quiz.pk]), data, **HTMX)
    assert "less than or equal to 1000" in response.text and not quiz.slots.exists()


@pytest.fixture
def slot(quiz) -> Slot:
    return Slot.objects.create(quiz=quiz, question=QuestionFactory(), position=1)


def test_points_out_of_bounds_show_a_field_error_by_the_slot(instructor_client, quiz, slot):
    url = reverse("quizzes:slot-points", args=[quiz.pk, slot.pk])
    response = instructor_client.post(url, {"points": "5000"}, **HTMX)
    assert response.status_code == 200
    assert f'id="points-{slot.pk}-errors"' in response.text and "less than or equal to 1000" in response.text
    assert f'aria-describedby="points-{slot.pk}-errors"' in response.text
    slot.refresh_from_db()
    assert slot.points == 1


def test_invalid_points_without_htmx_show_the_error_and_no_success_message(instructor_client, quiz, slot):
    url = reverse("quizzes:slot-points", args=[quiz.pk, slot.pk])
    response = instructor_client.post(url, {"points": "0"}, follow=True)
    assert response.status_code == 200 and "greater than or equal to 0.01" in response.text
    assert "Points saved." not in response.text
    slot.refresh_from_db()
    assert slot.points == 1


def test_the_bank_search_says_when_it_is_too_long(instructor_client):
    response = instructor_client.get(reverse("quizzes:bank"), {"q": "x" * 101}, **HTMX)
    assert "at most 100 characters" in response.text
