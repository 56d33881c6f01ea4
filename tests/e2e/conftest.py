"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server."""

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e.chromium import launch_chromium

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Assertions wait as long as actions do (each context's default timeout below): two test workers and their
# browsers share the machine's cores, and a live preview waits 600 ms for typing to stop before it asks.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def console_errors(request, monkeypatch):
    """Every browser test fails on a console error or an uncaught exception (CSP violations included),
    in every context it opens, not only in the `page` fixture's."""
    errors: list[str] = []
    if "browser" not in request.fixturenames:
        yield errors
        return
    browser = request.getfixturevalue("browser")
    open_context = browser.new_context

    def new_context(**options):
        context = open_context(**options)
        context.on("console", lambda msg: msg.type == "error" and errors.append(f"{msg.text} ({msg.location['url']})"))
        context.on("weberror", lambda error: errors.append(f"uncaught: {error.error}"))
        return context

    monkeypatch.setattr(browser, "new_context", new_context)
    yield errors
    assert not errors, "JavaScript errors or CSP violations in the page:\n" + "\n".join(errors)


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def e2e_topics(transactional_db):
    """The real content/ imported, with its flashcards."""
    from io import StringIO

    from django.core.management import call_command

    call_command("import_content", stdout=StringIO())


def sign_up(page, username: str, password: str = "a-long-fine-password-42") -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(password)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/")


def log_in(page, username: str) -> None:
    """Log in through the form (users from tests.factories share PASSWORD) and wait until it is done."""
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
