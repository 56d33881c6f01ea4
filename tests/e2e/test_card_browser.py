import re

from playwright.sync_api import expect

from tests.e2e.conftest import log_in
from tests.factories import UserFactory

QUESTION = "What is the maximum execution time of Lambda?"


def test_a_learner_searches_the_lambda_cards_and_reveals_an_answer(page, e2e_topics):
    learner = UserFactory()
    log_in(page, learner.username)

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
