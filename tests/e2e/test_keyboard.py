"""The study loop with the keyboard alone; focus follows each HTMX swap."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.e2e.conftest import sign_up


def test_a_whole_study_session_with_the_keyboard_only(page, e2e_topics):
    sign_up(page, "keyboarder")
    # Settings with the keyboard: Tab to the field, type, Enter submits.
    page.goto("/study/settings/")
    page.get_by_label("New cards per day").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Study settings saved.")).to_be_visible()

    page.goto("/study/")
    expect(page.get_by_text("Keyboard shortcuts")).to_be_visible()
    for _ in range(3):
        before = page.locator("#card-front").inner_text()
        page.keyboard.press("Space")
        expect(page.locator("#card-back")).to_be_visible()
        expect(page.get_by_role("button", name=re.compile("^Good"))).to_be_focused()  # focus moved into the answer
        page.keyboard.press("4")  # Easy: into review, days away
        expect(page.locator("#card-front, #summary-heading").first).not_to_have_text(before)
    expect(page.get_by_role("heading", name="Well done — that's all for now")).to_be_visible()
    expect(page.locator("#summary-heading")).to_be_focused()

    page.keyboard.press("u")  # undo brings the last card back, focus on "Show answer"
    expect(page.locator("#card-front")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Show answer"))).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#card-back")).to_be_visible()
    page.keyboard.press("3")
    expect(page.locator('[data-count="learning"]')).to_have_text("1")


# --- quizzes, building and taking, with the keyboard alone ----------------------------------

DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return [el.tagName, label, el.getAttribute("aria-label") || "", (el.innerText || "").slice(0, 80)].join("|");
}"""


def tab_to(page, pattern: str, limit: int = 120) -> None:
    """Press Tab until the focused element's label or text matches; fail if it never does."""
    wanted = re.compile(pattern)
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(DESCRIBE_FOCUS)
        if wanted.search(focus):
            return
        seen.append(focus)
    raise AssertionError(f"Tab never reached {pattern!r}; went through: {seen[-15:]}")


def test_an_instructor_builds_and_a_learner_takes_a_quiz_with_the_keyboard_only(page, browser, live_server, e2e_topics):
    from django.contrib.auth.models import Group

    from studyapp.accounts.roles import INSTRUCTORS_GROUP
    from studyapp.cards.models import Card
    from studyapp.quizzes.bank import store_generated
    from studyapp.quizzes.generate import CardData, generate_questions
    from studyapp.quizzes.models import Attempt, Question
    from tests.classes.factories import ClassFactory
    from tests.factories import PASSWORD, UserFactory

    instructor, learner = UserFactory(username="kbd-ines"), UserFactory(username="kbd-lee")
    instructor.groups.add(Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0])
    cards = [
        CardData(c.pk, c.key, c.fact_key, c.kind, c.front, c.back, c.section, c.anchor) for c in Card.objects.all()
    ]
    store_generated(generate_questions(cards), instructor)
    Question.objects.update(status=Question.Status.APPROVED)
    ClassFactory(instructor=instructor, name="Keyboard cohort").add_learner(learner)

    def log_in_by_keyboard(p, username):
        p.goto("/accounts/login/")
        tab_to(p, r"Username")
        p.keyboard.type(username)
        p.keyboard.press("Tab")
        p.keyboard.type(PASSWORD)
        p.keyboard.press("Enter")
        p.wait_for_url(lambda url: "/accounts/login/" not in url)

    # Building: title, a question from the bank, publish, assign.
    log_in_by_keyboard(page, "kbd-ines")
    page.goto("/quizzes/new/")
    tab_to(page, r"^INPUT\|Title")
    page.keyboard.type("Keyboard quiz")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Add from the bank")).to_be_visible()
    tab_to(page, r"^INPUT\|Search")
    # The list follows the typing; wait for the one that answers the whole search, so it is not swapped
    # for another while Tab walks into it.
    whole_search = lambda response: parse_qs(urlsplit(response.url).query).get("q") == ["maximum execution time"]  # noqa: E731
    with page.expect_response(whole_search):
        page.keyboard.type("maximum execution time")
    expect(page.locator("#picker-results")).to_contain_text("What is the maximum execution time of Lambda?")
    tab_to(page, r"Add: What is the maximum execution time")
    page.keyboard.press("Enter")
    expect(page.locator("#slots .slot")).to_have_count(1)
    tab_to(page, r"^BUTTON\|\|\|Publish$")
    page.keyboard.press("Enter")
    expect(page.locator("#publish")).to_contain_text("Published")
    tab_to(page, r"Keyboard cohort")
    page.keyboard.press("Space")
    tab_to(page, r"Save classes")
    page.keyboard.press("Enter")
    expect(page.locator("#assign")).to_contain_text("Classes saved.")

    # Taking: start, choose with the arrow keys (saved as given), submit, confirm.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    taker = context.new_page()
    log_in_by_keyboard(taker, "kbd-lee")
    taker.goto("/quizzes/")
    tab_to(taker, r"Keyboard quiz")
    taker.keyboard.press("Enter")
    expect(taker.get_by_role("button", name="Start the quiz")).to_be_visible()
    tab_to(taker, r"Start the quiz")
    taker.keyboard.press("Enter")
    question = taker.locator("fieldset.quiz-question").first
    expect(question).to_be_visible()
    taker.wait_for_load_state("load")  # htmx wires the autosave up once the page has loaded
    tab_to(taker, r"^INPUT\|")  # the first option of the question
    for _ in range(4):
        if "900 seconds" in taker.evaluate(DESCRIBE_FOCUS):
            break
        taker.keyboard.press("ArrowDown")
    taker.keyboard.press("Space")
    expect(question.get_by_label("900 seconds (15 minutes)")).to_be_checked()
    expect(question.locator(".save-state")).to_contain_text("Saved")
    tab_to(taker, r"Submit…")
    taker.keyboard.press("Enter")
    expect(taker.locator("#submit-panel")).to_contain_text("You have answered every question.")
    # htmx settles the panel, then the app moves focus to its heading: tab on from there, as a person
    # would (tabbing before the move landed on "Submit now" and then lost the focus to the heading).
    expect(taker.locator("#confirm-heading")).to_be_focused()
    tab_to(taker, r"Submit now")
    taker.keyboard.press("Enter")
    expect(taker.get_by_text("Score: 1 / 1")).to_be_visible()
    assert Attempt.objects.get().score == 1
    context.close()
