"""The question bank's status pills and draft questions keep their colour contrast,
light and dark, desktop and phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import log_in
from tests.factories import InstructorFactory
from tests.quizzes.factories import QuestionFactory

VARIANTS = [
    pytest.param({"width": 1280, "height": 900}, "light", id="desktop-light"),
    pytest.param({"width": 1280, "height": 900}, "dark", id="desktop-dark"),
    pytest.param({"width": 390, "height": 844}, "light", id="phone-light"),
    pytest.param({"width": 390, "height": 844}, "dark", id="phone-dark"),
]


@pytest.fixture
def bank(transactional_db):
    instructor = InstructorFactory(username="ida")
    for status in ("draft", "draft", "discarded", "approved"):
        QuestionFactory(author=instructor, status=status)
    QuestionFactory(status="draft")  # someone else's: no buttons, "by …" instead
    return "/quizzes/bank/?status=draft", "/quizzes/bank/?status=discarded", "/quizzes/bank/"


@pytest.mark.parametrize("viewport, scheme", VARIANTS)
def test_the_bank_has_no_serious_contrast_findings(browser, live_server, bank, viewport, scheme):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, base_url=live_server.url)
    try:
        page = context.new_page()
        log_in(page, "ida")
        failures = []
        for path in bank:
            page.goto(path)
            assert page.locator(".bank-question").count() >= 1, path
            for violation in Axe().run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    failures.append(
                        f"{path}: {violation['id']} ({len(violation['nodes'])} nodes): "
                        f"{violation['nodes'][0]['target']} {violation['nodes'][0]['failureSummary']}"
                    )
    finally:
        context.close()
    assert not failures, "\n".join(failures)
