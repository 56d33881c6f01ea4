"""The study settings page: every field bounded, errors shown beside the field, nothing saved until all are valid."""

import pytest
from django.urls import reverse

from studyapp.study.models import StudySettings
from tests.factories import StudySettingsFactory

pytestmark = pytest.mark.django_db

URL = reverse("study:settings")
VALID = {
    "desired_retention": "0.9",
    "new_cards_per_day": "20",
    "max_reviews_per_day": "200",
    "time_zone": "UTC",
    "day_start_hour": "4",
    "learning_steps": "1m 10m",
    "relearning_steps": "10m",
}
HTMX = {"HTTP_HX_REQUEST": "true"}


def saved_settings(user) -> tuple:
    study = StudySettings.for_user(user)
    study.user.profile.refresh_from_db()
    return (
        study.desired_retention,
        study.new_cards_per_day,
        study.max_reviews_per_day,
        study.day_start_hour,
        study.learning_steps,
        study.relearning_steps,
        study.user.profile.time_zone,
    )


DEFAULTS = (0.9, 20, 200, 4, "1m 10m", "10m", "UTC")


def test_it_shows_the_form_with_the_learners_settings(learner_client, learner):
    StudySettingsFactory(user=learner, new_cards_per_day=7)
    response = learner_client.get(URL)
    assert response.status_code == 200
    assert 'name="new_cards_per_day" value="7"' in response.text


def test_it_saves_valid_settings_and_goes_back_to_the_page(learner_client, learner):
    response = learner_client.post(
        URL, {**VALID, "new_cards_per_day": "5", "learning_steps": "30s  2m", "time_zone": "Europe/Paris"}
    )
    assert response.status_code == 302 and response.url == URL
    assert saved_settings(learner) == (0.9, 5, 200, 4, "30s 2m", "10m", "Europe/Paris")


def test_over_htmx_it_saves_and_answers_the_form_alone_with_a_notice(learner_client, learner):
    response = learner_client.post(URL, {**VALID, "new_cards_per_day": "3", "max_reviews_per_day": "9999"}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Study settings saved." in response.text
    assert 'id="study-badge" hx-swap-oob="true"' in response.text  # the Study link's number follows the new limits
    assert saved_settings(learner)[1:3] == (3, 9999)


# Each bound of each field: (field, value, what the error says).
OUT_OF_BOUNDS = [
    ("desired_retention", "0.69", "greater than or equal to 0.7"),
    ("desired_retention", "0.98", "less than or equal to 0.97"),
    ("desired_retention", "1e400", "Enter a number"),
    ("desired_retention", "nan", "Enter a number"),
    ("new_cards_per_day", "-1", "greater than or equal to 0"),
    ("new_cards_per_day", "10000", "less than or equal to 9999"),
    ("new_cards_per_day", "9" * 40, "less than or equal to 9999"),
    ("new_cards_per_day", "2.5", "Enter a whole number"),
    ("new_cards_per_day", "", "This field is required"),
    ("max_reviews_per_day", "-1", "greater than or equal to 0"),
    ("max_reviews_per_day", "10000", "less than or equal to 9999"),
    ("day_start_hour", "-1", "greater than or equal to 0"),
    ("day_start_hour", "24", "less than or equal to 23"),
    ("day_start_hour", "9" * 40, "less than or equal to 23"),
    ("time_zone", "Mars/Olympus_Mons", "Select a valid choice"),
    ("learning_steps", "99999999999d", "'99999999999d' is too long: a step can be at most 7d"),
    ("learning_steps", "1m " + "9" * 95 + "s", "is too long: a step can be at most 7d"),
    ("learning_steps", "1m 8d", "'8d' is too long: a step can be at most 7d"),
    ("learning_steps", " ".join(["1m"] * 11), "at most 10 steps"),
    ("learning_steps", "1m " * 40, "at most 100 characters"),
    ("learning_steps", "0.2s", "'0.2s' is too short"),
    ("learning_steps", "10", "needs a unit"),
    ("learning_steps", "", "This field is required"),
    ("relearning_steps", "99999999999d", "'99999999999d' is too long: a step can be at most 7d"),
    ("relearning_steps", " ".join(["1m"] * 11), "at most 10 steps"),
    ("relearning_steps", "10x", "unknown unit"),
]


@pytest.mark.parametrize(("field", "value", "error"), OUT_OF_BOUNDS)
def test_a_value_out_of_bounds_gets_a_field_error_and_nothing_is_saved(learner_client, learner, field, value, error):
    response = learner_client.post(URL, {**VALID, "new_cards_per_day": "5", field: value})
    assert response.status_code == 200
    assert error in response.context["form"].errors[field][0]
    assert error.replace("'", "&#x27;") in response.text
    assert saved_settings(learner) == DEFAULTS


@pytest.mark.parametrize(("field", "value", "error"), OUT_OF_BOUNDS)
def test_over_htmx_a_value_out_of_bounds_comes_back_in_the_form_with_its_error(
    learner_client, learner, field, value, error
):
    response = learner_client.post(URL, {**VALID, "new_cards_per_day": "5", field: value}, **HTMX)
    assert response.status_code == 200  # htmx swaps 200s only
    assert "<html" not in response.text
    assert 'id="settings-form"' in response.text
    assert error.replace("'", "&#x27;") in response.text
    assert "Study settings saved." not in response.text
    assert saved_settings(learner) == DEFAULTS


def test_the_inputs_carry_their_bounds_for_the_browser(learner_client, learner):
    form = learner_client.get(URL).context["form"]
    attrs = {name: form.fields[name].widget.attrs for name in form.fields}
    assert (attrs["desired_retention"]["min"], attrs["desired_retention"]["max"]) == (0.7, 0.97)
    for name in ("new_cards_per_day", "max_reviews_per_day"):
        assert (attrs[name]["min"], attrs[name]["max"]) == (0, 9999)
    assert (attrs["day_start_hour"]["min"], attrs["day_start_hour"]["max"]) == (0, 23)
    assert attrs["learning_steps"]["maxlength"] == attrs["relearning_steps"]["maxlength"] == "100"


def test_an_empty_post_shows_what_is_missing(learner_client, learner):
    response = learner_client.post(URL, {})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"new_cards_per_day", "learning_steps", "time_zone"}


def test_it_asks_anonymous_visitors_to_log_in(client):
    response = client.post(URL, VALID)
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not StudySettings.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_answers_only_get_and_post(learner_client, learner, method):
    assert getattr(learner_client, method)(URL).status_code == 405
