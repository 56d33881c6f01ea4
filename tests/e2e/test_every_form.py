"""Every page and every form, as a visitor, a learner and an instructor, on a desktop; every page on a phone.

Sending every form again on a phone would repeat the desktop's checks (the server and the checks are the same,
and no form is shown on one screen only); what a phone changes, the layout, has its own tests (test_phone,
test_landing, and the accessibility checks at phone width)."""

from io import StringIO

import pytest
from django.core.management import call_command

from studyapp.classes.models import Class
from studyapp.content.models import Topic
from tests.classes.factories import ClassFactory
from tests.e2e.walker import Walk

DEMO_PASSWORD = "study-serverless"


@pytest.fixture
def demo_world(transactional_db):
    """The demo data, and a class of another instructor for the demo instructor to join."""
    call_command("import_content", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    return ClassFactory(name="Another instructor's class")


def good_values(other_class: Class, question_file: str) -> dict[str, str]:
    """What only the person knows (their password, the code they were given), what a field's rules
    ask, and the file an instructor brings to import."""
    with_questions = Topic.objects.get(slug="lambda")
    return {
        "/quizzes/bank/import/ file": question_file,
        "/quizzes/bank/export/ quiz": "",  # a category or a quiz's questions, not both
        "code": other_class.join_code,
        "topics": str(with_questions.pk),
        "count": "1",
        "/quizzes/bank/new/single/ correct_0": "on",
        "/quizzes/bank/new/multiple/ correct_0": "on",
        "old_password": DEMO_PASSWORD,
        "password": DEMO_PASSWORD,
        "/accounts/login/ username": "maya",
        "/accounts/signup/ username": "walker",
        "numeric_answer": "900",
        "tolerance": "0",
        "text": "## Limits\n\n- Timeout: 15 minutes\n- Memory: 128 MB to 10 GB\n",
    }


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}], ids=["desktop", "phone"]
)
@pytest.mark.parametrize("username", [None, "maya", "instructor"], ids=["visitor", "learner", "instructor"])
def test_every_page_and_form_works_for(username, viewport, browser, live_server, demo_world, tmp_path):
    question_file = tmp_path / "bank.gift"
    question_file.write_text("::Timeout:: How long may a function run at most? {=15 minutes ~5 minutes ~1 hour}\n")
    context = browser.new_context(
        viewport=viewport,
        base_url=live_server.url,
        is_mobile=viewport["width"] < 600,
        has_touch=viewport["width"] < 600,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        if username:
            log_in(page, username)
        phone = viewport["width"] < 600
        walk = Walk(
            page,
            live_server.url,
            good_values(demo_world, str(question_file)),
            anonymous=username is None,
            send_forms=not phone,
        )
        walk.run("/")
    finally:
        context.close()
    assert len(walk.seen_pages) >= 3, "the walk found no pages"
    assert phone or walk.forms_sent, "the walk found no forms"
    assert not walk.left_unvisited, f"the walk stopped at its limit of pages, before {walk.left_unvisited}"
    assert not walk.problems, "\n".join(walk.problems)
