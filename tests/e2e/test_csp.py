"""htmx swaps run under the strict Content-Security-Policy without a single violation."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_up


def test_an_htmx_swap_does_not_copy_a_style_attribute_the_csp_would_refuse(page, transactional_db):
    sign_up(page, "joiner")
    page.goto("/classes/")
    # Full-page screenshots and browser extensions leave style attributes on inputs (through the
    # CSSOM, which the CSP allows); htmx used to copy them onto the swapped-in input with
    # setAttribute, which the CSP (no 'unsafe-inline') refuses with a console error.
    page.locator("#id_code").evaluate("input => input.style.setProperty('--left-by-a-tool', '1')")
    page.get_by_label("Join code").fill("NOPE1234")
    page.get_by_role("button", name="Join class").click()
    expect(page.get_by_text("No class has that code")).to_be_visible()
    # the page fixture fails the test on any console error
