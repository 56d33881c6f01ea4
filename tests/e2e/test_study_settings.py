"""Study settings in the browser: errors come back beside their field over htmx, and a save updates the Study link."""

import re

from playwright.sync_api import expect

from studyapp.study.models import StudySettings
from tests.e2e.conftest import sign_up


def test_out_of_bounds_values_are_refused_beside_their_field_and_valid_ones_saved(page, e2e_topics):
    sign_up(page, "tuner")
    page.goto("/study/settings/")
    study_link = page.get_by_role("navigation", name="Main").get_by_role("link", name=re.compile(r"^Study"))
    expect(study_link).to_contain_text("20")

    page.get_by_label("Learning steps", exact=True).fill("1m 99999999999d")
    page.get_by_label("New cards per day").fill("10000")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator(".field-invalid", has=page.get_by_label("Learning steps", exact=True))).to_contain_text(
        "'99999999999d' is too long: a step can be at most 7d"
    )
    expect(page.locator(".field-invalid", has=page.get_by_label("New cards per day"))).to_contain_text(
        "less than or equal to 9999"
    )
    assert page.url.endswith("/study/settings/")  # swapped in place, not a new page
    assert StudySettings.objects.get(user__username="tuner").learning_steps == "1m 10m"

    page.get_by_label("Learning steps", exact=True).fill("1m 1h")
    page.get_by_label("New cards per day").fill("3")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("status")).to_have_text("Study settings saved.")
    expect(page.locator(".field-invalid")).to_have_count(0)
    expect(study_link).to_contain_text("3")  # the number on the Study link follows the new limit
    study = StudySettings.objects.get(user__username="tuner")
    assert (study.learning_steps, study.new_cards_per_day) == ("1m 1h", 3)
