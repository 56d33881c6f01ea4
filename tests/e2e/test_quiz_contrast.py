"""The question bank's status pills and draft questions keep their colour contrast,
light and dark, desktop and phone."""

import pytest

from tests.e2e.axe import findings
from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory
from tests.quizzes.factories import QuestionFactory

VIEWPORTS = [
    pytest.param({"width": 1280, "height": 900}, id="desktop"),
    pytest.param({"width": 390, "height": 844}, id="phone"),
]


@pytest.fixture
def bank(transactional_db):
    instructor = InstructorFactory(username="ida")
    for status in ("draft", "draft", "discarded", "approved"):
        QuestionFactory(author=instructor, status=status)
    QuestionFactory(status="draft")  # someone else's: no buttons, "by …" instead
    return "/quizzes/bank/?status=draft", "/quizzes/bank/?status=discarded", "/quizzes/bank/"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_bank_has_no_serious_contrast_findings(browser, live_server, bank, viewport):
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    try:
        page = context.new_page()
        log_in(page, "ida")
        failures = []
        for path in bank:
            page.goto(path)
            assert page.locator(".bank-question").count() >= 1, path
            failures += findings(page, path)[0]
    finally:
        context.close()
    assert not failures, "\n".join(failures)
