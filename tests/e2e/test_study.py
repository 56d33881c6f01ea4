import re

from playwright.sync_api import expect

from studyapp.study.models import ReviewLog
from tests.e2e.conftest import sign_up


def counter(page, name: str):
    return page.locator(f'[data-count="{name}"]')


def front(page):
    return page.locator("#card-front")


def test_a_new_learner_studies_six_cards_with_buttons_and_keys_and_undoes_one(page, e2e_topics):
    sign_up(page, "studier")
    page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Study")).click()
    expect(counter(page, "new")).to_have_text("20")
    expect(counter(page, "learning")).to_have_text("0")

    fronts = []
    for i in range(3):  # with the buttons
        fronts.append(front(page).inner_text())
        page.get_by_role("button", name="Show answer").click()
        expect(page.locator("#card-back")).to_be_visible()
        expect(page.get_by_role("button", name="Again")).to_contain_text("1m")
        page.get_by_role("button", name="Good").click()
        expect(counter(page, "new")).to_have_text(str(19 - i))
        expect(front(page)).not_to_have_text(fronts[-1])
    expect(counter(page, "learning")).to_have_text("3")

    for i in range(3):  # with the keyboard
        fronts.append(front(page).inner_text())
        page.keyboard.press("Space")
        expect(page.locator("#card-back")).to_be_visible()
        page.keyboard.press("3")
        expect(counter(page, "new")).to_have_text(str(16 - i))
        expect(front(page)).not_to_have_text(fronts[-1])
    expect(counter(page, "learning")).to_have_text("6")
    assert len(set(fronts)) == 6
    assert ReviewLog.objects.count() == 6

    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_contain_text("Undone")
    expect(front(page)).to_have_text(fronts[-1])
    expect(counter(page, "new")).to_have_text("15")
    expect(counter(page, "learning")).to_have_text("5")
    assert ReviewLog.objects.count() == 5


def test_the_study_screen_says_when_nothing_is_due(page, e2e_topics):
    sign_up(page, "settler")
    page.goto("/study/settings/")
    page.get_by_label("New cards per day").fill("1")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Study settings saved.")).to_be_visible()
    page.goto("/study/")
    page.keyboard.press("Enter")
    expect(page.locator("#card-back")).to_be_visible()
    page.keyboard.press("4")  # Easy: straight to review, days away
    expect(page.get_by_role("heading", name="Well done — that's all for now")).to_be_visible()
    expect(page.get_by_text("Cards reviewed today")).to_be_visible()


def test_a_learner_buries_and_suspends_cards_from_the_study_screen(page, e2e_topics):
    from studyapp.study.models import CardState

    sign_up(page, "setter-aside")
    page.goto("/study/")
    buried = front(page).inner_text()
    page.get_by_role("button", name="Bury until tomorrow").click()
    expect(page.get_by_role("status")).to_contain_text("Card buried until tomorrow")
    suspended = front(page).inner_text()
    assert suspended != buried
    page.get_by_role("button", name="Suspend").click()
    expect(page.get_by_role("status")).to_contain_text("Card suspended")
    expect(front(page)).not_to_have_text(suspended)
    assert CardState.objects.filter(suspended=True, card__front=suspended).count() == 1
    assert CardState.objects.filter(buried_until__isnull=False, card__front=buried).count() == 1
