"""The card browser's filters say when they cannot be used, instead of silently showing everything."""

import pytest
from django.urls import reverse

from studyapp.cards.forms import CardFilterForm, CardForm
from tests.factories import CardFactory, TopicFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
SEARCH_MAX = CardFilterForm.base_fields["q"].max_length

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    topic = TopicFactory()
    CardFactory(topic=topic, front="How long can a function run?")
    return topic


def test_an_over_long_search_is_refused_in_the_list_it_would_filter(learner_client, topic):
    query = "x" * (SEARCH_MAX + 1)
    url = reverse("cards:browser", args=[topic.slug])
    for headers in ({}, HTMX):  # the search box swaps only the list, so the error lives in it
        response = learner_client.get(url, {"q": query}, **headers)
        assert response.status_code == 200
        assert f"Search: Ensure this value has at most {SEARCH_MAX} characters" in response.text
        assert f"matching “{query}”" not in response.text
    assert f'maxlength="{SEARCH_MAX}"' in learner_client.get(url).text


def test_an_unknown_kind_is_refused_in_the_list(learner_client, topic):
    response = learner_client.get(reverse("cards:browser", args=[topic.slug]), {"kind": "nonsense"}, **HTMX)
    assert "Kind: Select a valid choice." in response.text


def test_the_card_form_bounds_both_sides(instructor_client, topic):
    front_max, back_max = CardForm.base_fields["front"].max_length, CardForm.base_fields["back"].max_length
    url = reverse("cards:create", args=[topic.slug])
    response = instructor_client.post(url, {"front": "q" * (front_max + 1), "back": "a" * (back_max + 1)}, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#new-card-form"
    assert f"at most {front_max} characters" in response.text and f"at most {back_max} characters" in response.text
    assert f'maxlength="{front_max}"' in response.text and f'maxlength="{back_max}"' in response.text
