import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_a_missing_page_gets_the_friendly_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.text


@pytest.mark.django_db
def test_a_forbidden_page_gets_the_friendly_403(learner_client, settings):
    settings.DEBUG = False
    response = learner_client.get(reverse("cards:flags"))  # instructors only
    assert response.status_code == 403
    assert "You can't open this page" in response.text


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused_with_a_clear_page(settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post(reverse("study:undo"))
    assert response.status_code == 403
    assert "This form has expired" in response.text


@pytest.mark.django_db
def test_a_server_error_gets_the_friendly_500_without_the_database(settings):
    from django.template.loader import render_to_string

    assert "Something went wrong on our side" in render_to_string("500.html")
