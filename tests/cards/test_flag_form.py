"""The flag form: real reasons only, none chosen for the learner, and clear errors."""

import re

import pytest
from django.urls import reverse

from studyapp.cards.models import CardFlag
from tests.factories import CardFactory

HTMX = {"HTTP_HX_REQUEST": "true"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def card():
    return CardFactory()


def radios(html: str) -> list[str]:
    return re.findall(r'<input type="radio"[^>]*>', html)


def test_it_offers_only_the_real_reasons_with_none_chosen(learner_client, card):
    response = learner_client.get(reverse("cards:flag", args=[card.pk]), **HTMX)
    found = radios(response.text)
    assert [re.search(r'value="([^"]*)"', radio).group(1) for radio in found] == CardFlag.Reason.values
    assert not [radio for radio in found if " checked" in radio]
    assert "---------" not in response.text


def test_sending_the_form_as_shown_asks_for_a_reason_beside_the_field(learner_client, card):
    url = reverse("cards:flag", args=[card.pk])
    for headers in ({}, HTMX):
        response = learner_client.post(url, {"comment": "Hard to read"}, **headers)
        assert response.status_code == 200
        assert "Choose one: wrong or unclear." in response.text
        assert 'id="id_reason_error"' in response.text
    assert "<html" not in response.text  # the htmx post gets the form back, not a page
    assert not CardFlag.objects.exists()


def test_the_browser_shows_the_field_error_instead_of_its_own_bubble(learner_client, card):
    """With `required` radios and no choice the browser would block the post with its
    own bubble, which htmx never sends; the field error says what to do instead."""
    form = learner_client.get(reverse("cards:flag", args=[card.pk]), **HTMX).text
    assert re.search(r"<form [^>]*novalidate", form)


def test_an_over_long_comment_is_refused_beside_the_field(learner_client, card):
    limit = CardFlag._meta.get_field("comment").max_length
    response = learner_client.post(
        reverse("cards:flag", args=[card.pk]), {"reason": "wrong", "comment": "x" * (limit + 1)}, **HTMX
    )
    assert response.status_code == 200
    assert f"at most {limit} characters" in response.text
    assert f'maxlength="{limit}"' in response.text
    assert not CardFlag.objects.exists()


def test_a_chosen_reason_is_saved(learner_client, learner, card):
    response = learner_client.post(reverse("cards:flag", args=[card.pk]), {"reason": "unclear", "comment": ""}, **HTMX)
    assert response.status_code == 200
    assert CardFlag.objects.get().reason == "unclear"
