"""The countdown stays in view while a learner scrolls through an attempt, and never hides a question."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

QUESTIONS = 10


@pytest.fixture
def attempt(transactional_db):
    instructor, learner = InstructorFactory(), UserFactory(username="tia")
    questions = [
        QuestionFactory(author=instructor, text=f"Question {n}: " + "a longer question text " * 6)
        if n % 2
        else QuestionFactory(author=instructor, kind="short", accepted_answers=["x"])
        for n in range(QUESTIONS)
    ]
    quiz = QuizFactory(instructor=instructor, questions=questions, learners=[learner], time_limit=timedelta(minutes=20))
    return quiz.start_attempt(learner, timezone.now())


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_countdown_stays_in_view_without_covering_a_question(page, attempt, width, height):
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "tia")
    page.goto(attempt.get_absolute_url())
    timer = box(page, "#quiz-timer")
    assert not overlaps(timer, box(page, ".quiz-question .q-text"))
    assert timer["height"] < height * 0.15  # a bar, not a wall

    for fraction in (0.5, 1.0):
        page.evaluate(
            "f => window.scrollTo({top: (document.documentElement.scrollHeight - innerHeight) * f, "
            "behavior: 'instant'})",
            fraction,
        )
        timer = box(page, "#quiz-timer")
        assert 0 <= timer["y"] and timer["y"] + timer["height"] <= height, (fraction, timer)

    # Jumping to a question (the submit panel links to unanswered ones) or tabbing into one lands below the bar.
    last = attempt.responses.order_by("position").last()
    page.goto(f"{attempt.get_absolute_url()}#q-{last.pk}")
    page.wait_for_timeout(300)
    assert not overlaps(box(page, "#quiz-timer"), box(page, f"#q-{last.pk} legend"))
    page.evaluate("window.scrollTo({top: 0, behavior: 'instant'})")
    typed = attempt.responses.filter(question__kind="short").order_by("position").last()
    field = page.locator(f"#r-{typed.pk}")
    field.focus()
    page.wait_for_timeout(300)
    assert not overlaps(box(page, "#quiz-timer"), field.bounding_box())
