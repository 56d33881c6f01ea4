"""Bring your own notes: paste, preview, save, study, then edit a fact and keep the history."""

from playwright.sync_api import expect

from studyapp.cards.models import Card
from studyapp.study.models import CardState, ReviewLog
from tests.e2e.conftest import sign_up
from tests.notes.conftest import NOTES


def test_a_learner_brings_notes_studies_them_and_edits_a_fact_in_place(page, transactional_db):
    sign_up(page, "noter")
    page.goto("/notes/")
    page.get_by_role("button", name="New notes").click()
    page.get_by_label("Paste your notes").fill(NOTES)
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#notes-preview")
    expect(preview).to_contain_text("What is the timeout of My Lambda?")
    expect(preview).to_contain_text("line 3: unknown front matter key 'colour'")
    expect(preview).to_contain_text("Quiz questions:")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/topics/my-lambda/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("My Lambda")

    page.goto("/study/topic/my-lambda/")
    first = page.locator("#card-front").inner_text()
    page.get_by_role("button", name="Show answer").click()
    page.get_by_role("button", name="Good").click()
    expect(page.locator("#card-front")).not_to_have_text(first)
    studied = ReviewLog.objects.get().card
    old_value = studied.back.split("\n")[0]
    assert old_value in NOTES

    page.goto("/notes/")
    page.get_by_role("link", name="Edit My Lambda").click()
    edited = NOTES.replace(f": {old_value}\n", f": {old_value} (checked)\n")
    page.get_by_label("Notes").fill(edited)  # the live preview follows the typing
    expect(page.locator("#notes-preview")).to_contain_text("changed in place")
    expect(page.locator("#notes-preview .change-changed").first).to_be_visible()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/topics/my-lambda/")

    card = Card.objects.get(pk=studied.pk)
    assert card.back.startswith(f"{old_value} (checked)") and card.retired_at is None
    assert ReviewLog.objects.get().card_id == studied.pk
    assert CardState.objects.get().card_id == studied.pk
    page.goto("/notes/my-lambda/edit/")
    page.get_by_label("Notes").fill("x\x01")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".errorlist")).to_contain_text("pasted notes:1:")
    expect(page.get_by_label("Notes")).to_have_value("x\x01")
