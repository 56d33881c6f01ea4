import re

from playwright.sync_api import expect


def test_a_new_user_signs_up_and_reads_the_lambda_limits(page, e2e_topics):
    page.goto("/")
    page.get_by_role("link", name="Sign up", exact=True).click()
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password", exact=True).fill("a-long-fine-password-42")
    page.get_by_label("Password confirmation").fill("a-long-fine-password-42")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("Welcome, reader!")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Topics").click()
    page.get_by_role("link", name="AWS Lambda").click()
    expect(page).to_have_url(re.compile(r"/topics/lambda/$"))
    page.get_by_role("link", name="Limits").click()
    limits = page.locator("#limits + ul")
    expect(limits).to_contain_text("Maximum execution time: 900 seconds (15 minutes)")
    expect(limits).to_contain_text("Update: 128 MB – 10,240 MB (1 MB increments) (since December 2020)")
    expect(page.locator("#four-trigger-types + ul li")).to_have_count(4)


def test_a_bad_sign_up_shows_the_error_beside_the_field(page, e2e_topics):
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill("reader")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password confirmation").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("This password is too short.")).to_be_visible()
    expect(page.get_by_label("Password confirmation")).to_have_attribute("aria-invalid", "true")
