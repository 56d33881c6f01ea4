import re
from io import StringIO

from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

QUESTION = "What is the maximum execution time of a Lambda function?"


def test_a_learner_searches_the_lambda_cards_and_reveals_an_answer(page, e2e_topics):
    call_command("import_content", stdout=StringIO())  # e2e_topics loads the notes but not their cards
    learner = UserFactory()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(learner.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/topics/lambda/cards/")
    cards = page.locator("#card-list article")
    every_card = cards.count()
    assert every_card > 20

    page.get_by_label("Search", exact=True).press_sequentially("execution")
    expect(page.locator(".result-count")).to_contain_text("matching “execution”")
    expect(page).to_have_url(re.compile(r"/topics/lambda/cards/\?.*q=execution"))
    assert 0 < cards.count() < every_card
    for text in cards.all_text_contents():
        assert "execution" in text.lower()

    card = cards.filter(has=page.locator("summary", has_text=QUESTION))
    answer = card.locator(".back")
    expect(answer).to_be_hidden()
    card.locator("summary").click()
    expect(answer).to_be_visible()
    # Clicking moves focus out of the search box; a re-fetch of the list then
    # (say, on its change event) would swap in a closed copy of the card.
    page.wait_for_timeout(500)
    expect(answer).to_be_visible()
    expect(answer).to_have_text("900 seconds (15 minutes)")
