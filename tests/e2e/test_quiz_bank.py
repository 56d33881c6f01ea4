"""Reviewing drafts in the browser: the "N await review" banner follows each approval, on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory
from tests.quizzes.factories import QuestionFactory


@pytest.fixture
def drafts(transactional_db):
    instructor = InstructorFactory(username="iris")
    return [QuestionFactory(author=instructor, status="draft", text=f"Draft {n}?") for n in range(3)]


def test_the_review_banner_follows_approvals_made_with_htmx(page, drafts):
    log_in(page, "iris")
    page.goto("/quizzes/bank/?status=draft")
    banner = page.locator("#drafts-notice")
    expect(banner).to_have_text("3 of your questions await review.")
    page.locator(f"#question-{drafts[0].pk}").get_by_role("button", name="Approve").click()
    expect(page.locator(f"#question-{drafts[0].pk}")).to_contain_text("Approved.")
    expect(banner).to_have_text("2 of your questions await review.")
    page.locator(f"#question-{drafts[1].pk}").get_by_role("button", name="Discard").click()
    expect(banner).to_have_text("1 of your questions awaits review.")

    # On a question's own page too (the page fixture fails on an out-of-band swap without a target).
    page.goto(drafts[2].get_absolute_url())
    expect(page.locator("#drafts-notice")).to_have_text("1 of your questions awaits review.")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(f"#question-{drafts[2].pk}")).to_contain_text("Approved.")
    expect(page.locator("#drafts-notice")).to_have_text(re.compile(r"^\s*$"))


def test_the_builders_bank_follows_the_questions_added_and_removed(page, transactional_db):
    from tests.quizzes.factories import QuizFactory

    instructor = InstructorFactory(username="iris")
    QuestionFactory(author=instructor, text="Which runtime?")
    quiz = QuizFactory(instructor=instructor, published_at=None)
    log_in(page, "iris")
    page.goto(f"/quizzes/{quiz.pk}/edit/")
    row = page.locator("#picker-results .picker-row", has_text="Which runtime?")
    row.get_by_role("button", name=re.compile("^Add")).click()
    expect(page.locator("#slots")).to_contain_text("Which runtime?")
    expect(row).to_contain_text("In the quiz")  # the picker searched again, with its own filters
    page.locator("#slots li", has_text="Which runtime?").get_by_role("button", name="Remove").click()
    expect(page.locator("#slots")).not_to_contain_text("Which runtime?")
    expect(row.get_by_role("button", name=re.compile("^Add"))).to_be_visible()
