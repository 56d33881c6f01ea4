"""At phone width the site reads as a phone app: one row of sections, nothing wider than the screen."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory, UserFactory
from tests.progress.helpers import make_class

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def test_the_sections_fit_on_one_row_beside_nothing_else(phone, e2e_topics):
    log_in(phone, UserFactory(username="a-rather-long-username").username)
    phone.goto("/topics/")
    tops = phone.locator(".nav-links > li").evaluate_all("items => items.map(li => li.getBoundingClientRect().top)")
    assert len(tops) == 5 and len(set(tops)) == 1, tops
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_touch_screen_shows_no_keyboard_hints(phone, e2e_topics):
    log_in(phone, UserFactory().username)
    phone.goto("/study/")
    expect(phone.get_by_role("button", name="Show answer")).to_be_visible()
    expect(phone.locator(".show-answer kbd")).to_be_hidden()
    expect(phone.get_by_role("heading", name="Keyboard shortcuts")).to_be_hidden()


def test_the_class_roster_fits_a_phone_and_removes_with_htmx(phone, e2e_topics):
    """Each learner's name under their username, so "Remove" shows without scrolling sideways."""
    learners = [UserFactory(username=f"learner-{n}", first_name="Omar", last_name="Haddad") for n in range(3)]
    klass = make_class(InstructorFactory(username="ines"), learners)
    log_in(phone, "ines")
    phone.goto(f"/classes/{klass.pk}/")
    roster = phone.locator("section[aria-labelledby=roster-heading]")
    expect(roster.get_by_role("row").nth(1)).to_contain_text("Omar Haddad")
    assert phone.evaluate("document.querySelector('.table-scroll').scrollWidth") <= PHONE["width"]
    rights = roster.get_by_role("button", name="Remove").evaluate_all(
        "buttons => buttons.map(b => b.getBoundingClientRect().right)"
    )
    assert len(rights) == 3 and max(rights) <= PHONE["width"], rights
    phone.once("dialog", lambda dialog: dialog.accept())
    roster.get_by_role("button", name="Remove").first.click()
    expect(roster.get_by_role("button", name="Remove")).to_have_count(2)
    expect(phone.locator("main")).to_have_count(1)


def test_a_quiz_page_shows_the_learners_attempts_within_a_phone(phone, e2e_topics):
    """Closed after one attempt of two, its score kept until results show: the table, "Review" and all, fits."""
    from datetime import timedelta

    from django.utils import timezone

    from studyapp.quizzes.models import Feedback
    from tests.quizzes.factories import QuestionFactory, QuizFactory

    learner, now = UserFactory(username="lee"), timezone.now()
    quiz = QuizFactory(
        questions=[QuestionFactory()],
        learners=[learner],
        attempts_allowed=2,
        feedback=Feedback.CLOSE,
        closes_at=now + timedelta(days=1),
    )
    quiz.start_attempt(learner, now).finalize(now)
    log_in(phone, "lee")
    phone.goto(quiz.get_absolute_url())
    expect(phone.get_by_role("link", name="Review")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert phone.get_by_role("link", name="Review").evaluate("a => a.getBoundingClientRect().right") <= PHONE["width"]
    quiz.closes_at = now - timedelta(minutes=1)
    quiz.save()
    phone.reload()
    expect(phone.get_by_text("This quiz is closed.")).to_be_visible()


def test_show_answer_brings_the_answer_into_view_above_the_grade_buttons(phone, live_server):
    """The grade buttons stay at the foot of a phone's screen; a long card must not leave the answer under them."""
    from tests.factories import CardFactory

    # The question leaves "Show answer" in view near the foot of the screen; the answer then runs past it.
    CardFactory(front="Which " + "rather long " * 12 + "question?", back="The answer to read before grading. " * 6)
    log_in(phone, UserFactory().username)
    phone.goto("/study/")
    phone.get_by_role("button", name="Show answer").click()
    back = phone.locator("#card-back")
    expect(back).to_contain_text("The answer to read")
    back_box, buttons_box = back.bounding_box(), phone.locator(".grade-form").bounding_box()
    assert 0 <= back_box["y"] and back_box["y"] + back_box["height"] <= buttons_box["y"], (back_box, buttons_box)
