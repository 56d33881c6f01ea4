"""Browser tests of where people land: today's page after logging in, the instructor's way to class progress,
and the progress pages' tables on a phone."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory, UserFactory
from tests.progress.helpers import make_class
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_grades_for_progress import finish


def test_a_learner_lands_on_today_and_starts_studying(page, e2e_topics):
    UserFactory(username="pat")
    log_in(page, "pat")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")
    expect(page.locator('[data-figure="due"]')).not_to_have_text("0")
    page.get_by_role("button", name="Study now").click()  # a link styled, and announced, as a button
    expect(page).to_have_url(re.compile(r"/study/$"))
    expect(page.locator("#card-front")).to_be_visible()


def test_an_instructor_reaches_a_class_progress_from_the_home_page_and_the_nav(page, e2e_topics):
    klass = make_class(InstructorFactory(username="ines"), [UserFactory(username="lee")], name="Cohort A")
    log_in(page, "ines")
    classes = page.locator("#classes-heading").locator("..")
    expect(classes).to_contain_text("Cohort A")
    expect(page.locator("#behind-heading").locator("..")).to_contain_text("no review yet")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
    expect(page).to_have_url(re.compile(r"/progress/classes/$"))
    page.get_by_role("link", name="Cohort A").click()
    expect(page).to_have_url(re.compile(rf"/progress/classes/{klass.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Cohort A: progress")


def test_the_quiz_table_fits_a_phone(browser, live_server, e2e_topics):
    teacher, learner = InstructorFactory(), UserFactory(username="pat")
    quiz = QuizFactory(
        instructor=teacher,
        title="Serverless limits and building blocks",
        questions=[QuestionFactory(author=teacher)],
        learners=[learner],
    )
    finish(quiz, learner, 1, timezone.now())
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 390, "height": 800}, color_scheme=scheme, base_url=live_server.url
        )
        page = context.new_page()
        log_in(page, "pat")
        page.goto("/progress/")
        table = page.locator("table.quiz-history")
        expect(table).to_contain_text("Serverless limits")
        width = page.evaluate("document.documentElement.clientWidth")
        # Every cell shows within the screen: the grade is not hidden off to the right of a scroll box.
        rights = table.locator("th, td").evaluate_all("cells => cells.map(c => c.getBoundingClientRect().right)")
        assert max(rights) <= width, (scheme, rights, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        context.close()
