"""Browser tests of the progress pages: six reviews show up as "6", and screenshots to look at."""

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS, log_in
from tests.factories import InstructorFactory, UserFactory
from tests.progress.helpers import make_class


def test_six_reviews_show_as_six_today(page, e2e_topics):
    UserFactory(username="pat")
    log_in(page, "pat")
    page.goto("/progress/")
    expect(page.locator('[data-figure="reviews-today"]')).to_have_text("0")

    page.goto("/study/")
    for _ in range(6):
        front = page.locator("#card-front").inner_text()
        page.get_by_role("button", name="Show answer").click()
        page.get_by_role("button", name="Good").click()
        expect(page.locator("#card-front")).not_to_have_text(front)  # the next card was swapped in

    page.goto("/progress/")
    expect(page.locator('[data-figure="reviews-today"]')).to_have_text("6")
    expect(page.locator('[data-figure="streak"]')).to_have_text("1 day")
    expect(page.get_by_role("img", name="Reviews per day, last 30 days")).to_be_visible()
    # The six cards are in their 10-minute learning step: the forecast has them today (or tomorrow, near 04:00).
    due = page.locator("#forecast-heading ~ details tbody td").all_text_contents()  # a closed <details>
    assert int(due[0]) + int(due[1]) == 6


def test_screenshots_of_the_dashboard_and_the_class_view(browser, live_server, e2e_topics):
    from studyapp.progress.demo import seed_history

    learners = [
        UserFactory(username=name, first_name=name.title(), time_zone=zone)
        for name, zone in (("lee", "Europe/London"), ("maya", "Asia/Kolkata"), ("omar", "America/New_York"))
    ]
    seed_history(learners, timezone.now())
    klass = make_class(InstructorFactory(username="ines"), learners)
    out = ARTIFACTS / "progress"
    out.mkdir(parents=True, exist_ok=True)
    shots = [("dashboard", "lee", "/progress/"), ("class", "ines", f"/progress/classes/{klass.pk}/")]
    for name, username, path in shots:
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        errors = []
        page.on("console", lambda msg, errors=errors: msg.type == "error" and errors.append(msg.text))
        log_in(page, username)
        for device, width in (("desktop", 1280), ("phone", 390)):
            page.set_viewport_size({"width": width, "height": 900})
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                page.goto(path)
                expect(page.locator("h1")).to_be_visible()
                page.screenshot(path=str(out / f"{name}-{device}-{scheme}.png"), full_page=True)
        context.close()
        assert not errors, errors
    # Sorting by a column swaps the table in place (HTMX) and keeps the address in step.
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    log_in(page, "ines")
    page.goto(f"/progress/classes/{klass.pk}/")
    page.get_by_role("link", name="Reviews 7 d").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Reviews 7 d")
    expect(page).to_have_url(f"{live_server.url}/progress/classes/{klass.pk}/?sort=week")
    # Back to a page htmx's history cache no longer holds (it keeps ten): the whole page loads again,
    # not the sorted table alone in place of the page (htmx asks for it as an htmx request otherwise).
    page.evaluate("sessionStorage.removeItem('htmx-history-cache')")
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/progress/classes/{klass.pk}/")
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("Learner")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("header.site-header")).to_have_count(1)
    context.close()
