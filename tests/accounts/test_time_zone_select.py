"""The zone list's select writes what Django's own select would: the same attributes, options and choice."""

import re

import pytest
from django import forms
from django.core.exceptions import ValidationError

from studyapp.accounts.forms import TIME_ZONE_CHOICES, TimeZoneSelect
from studyapp.accounts.models import NOT_A_PLACE, validate_time_zone


def shape(html: str) -> tuple:
    """The select's attributes, and each option as (value, label, selected), whitespace aside."""
    select = re.search(r"<select([^>]*)>", html)[1]
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)
    return sorted(select.split()), [(value, label, bool(selected)) for value, selected, label in options]


@pytest.mark.parametrize("value", ["Europe/Berlin", "America/Port-au-Prince", "UTC", None, "Mars/Olympus"])
def test_it_renders_as_djangos_select_does(value):
    attrs = {"id": "id_time_zone", "required": True, "aria-describedby": "id_time_zone_helptext"}
    ours = TimeZoneSelect(choices=TIME_ZONE_CHOICES).render("time_zone", value, attrs)
    django = forms.Select(choices=TIME_ZONE_CHOICES).render("time_zone", value, attrs)
    assert shape(ours) == shape(django)
    assert len(shape(ours)[1]) == len(TIME_ZONE_CHOICES) > 400
    assert [label for _, label, selected in shape(ours)[1] if selected] == (
        [value.replace("_", " ")] if value in dict(TIME_ZONE_CHOICES) else []
    )


def test_the_settings_form_shows_the_learners_zone_chosen(learner_client, learner):
    learner.profile.time_zone = "Asia/Kolkata"
    learner.profile.save()
    page = learner_client.get("/study/settings/").text
    assert re.findall(r'<option value="([^"]*)" selected>', page) == ["Asia/Kolkata"]


@pytest.mark.parametrize("not_a_place", sorted(NOT_A_PLACE))
def test_the_servers_own_zone_and_the_placeholder_are_neither_offered_nor_taken(not_a_place):
    assert not_a_place not in dict(TIME_ZONE_CHOICES)
    with pytest.raises(ValidationError):
        validate_time_zone(not_a_place)
    validate_time_zone("Europe/Berlin")
