"""The settings page's planning fields: spreading reviews, lighter days, and a retention filled in from the chooser."""

import pytest
from django.urls import reverse

from studyapp.study.models import StudySettings

pytestmark = pytest.mark.django_db

VALID = {
    "desired_retention": "0.9",
    "new_cards_per_day": "20",
    "max_reviews_per_day": "200",
    "time_zone": "UTC",
    "day_start_hour": "4",
    "learning_steps": "1m 10m",
    "relearning_steps": "10m",
}


def test_spreading_is_on_by_default(learner):
    assert StudySettings.for_user(learner).spread_reviews is True


def test_it_saves_spreading_off_and_lighter_days(learner_client, learner):
    response = learner_client.post(reverse("study:settings"), {**VALID, "lighter_days": ["5", "6"]})
    assert response.status_code == 302
    study = StudySettings.for_user(learner)
    assert study.spread_reviews is False  # an unticked box
    assert study.lighter_days == [5, 6]
    assert study.easy_days() == {5: 0.5, 6: 0.5}


def test_it_refuses_a_day_that_is_not_a_weekday(learner_client, learner):
    response = learner_client.post(
        reverse("study:settings"), {**VALID, "spread_reviews": "on", "lighter_days": ["7"]}, HTTP_HX_REQUEST="true"
    )
    assert "Select a valid choice" in response.text
    assert StudySettings.for_user(learner).lighter_days == []


def test_a_retention_from_the_chooser_is_filled_in_not_saved(learner_client, learner):
    page = learner_client.get(reverse("study:settings"), {"desired_retention": "0.86"})
    assert page.context["form"]["desired_retention"].value() == 0.86
    assert "0.86 is filled in below: save to keep it" in page.text
    assert StudySettings.for_user(learner).desired_retention == 0.9


@pytest.mark.parametrize("value", ["0.5", "x", "0.99"])
def test_a_retention_out_of_bounds_is_not_filled_in(learner_client, value):
    page = learner_client.get(reverse("study:settings"), {"desired_retention": value})
    assert page.context["form"]["desired_retention"].value() == 0.9 and "filled in" not in page.text
