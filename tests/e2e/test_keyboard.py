"""The study loop with the keyboard alone; focus follows each HTMX swap."""

import re

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
