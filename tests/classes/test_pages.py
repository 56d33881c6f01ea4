"""The Classes pages: htmx posts that succeed move the browser on (never nest a page); links onward."""

import pytest
from django.urls import reverse

from studyapp.classes.models import Class, Membership
from tests.classes.factories import ClassFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


def test_creating_a_class_by_htmx_sends_the_browser_to_the_class(instructor_client):
    response = instructor_client.post(reverse("classes:create"), {"name": "Spring cohort"}, **HTMX)
    klass = Class.objects.get()
    assert response.status_code == 200 and response["HX-Redirect"] == klass.get_absolute_url()
    assert response.content == b""
    assert "Spring cohort" in instructor_client.get(klass.get_absolute_url()).text  # with its message


def test_joining_by_code_by_htmx_sends_the_browser_to_the_classes_page(instructor, learner, learner_client):
    klass = ClassFactory(instructor=instructor, name="Evening cohort")
    response = learner_client.post(reverse("classes:join"), {"code": klass.join_code}, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("classes:list")
    assert Membership.objects.filter(klass=klass, learner=learner).exists()
    assert "You joined “Evening cohort”" in learner_client.get(reverse("classes:list")).text


def test_a_boosted_link_still_follows_redirects_itself(instructor_client):
    response = instructor_client.post(
        reverse("classes:create"), {"name": "Boosted"}, HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true"
    )
    assert response.status_code == 302


def test_an_expired_session_sends_an_htmx_post_to_log_in_and_back_to_the_page(client):
    response = client.post(
        reverse("classes:join"), {"code": "ABCD1234"}, **HTMX, HTTP_HX_CURRENT_URL="http://testserver/classes/?tab=mine"
    )
    assert response["HX-Redirect"] == "/accounts/login/?next=/classes/%3Ftab%3Dmine"


def test_an_expired_session_sends_a_boosted_post_to_log_in_and_back_to_the_page(client):
    # The quiz page's Start button: after logging in, the quiz page, not a GET of Start (405).
    response = client.post(
        "/quizzes/7/start/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_BOOSTED="true",
        HTTP_HX_CURRENT_URL="http://testserver/quizzes/7/",
    )
    assert response.status_code == 302 and response.url == "/accounts/login/?next=/quizzes/7/"


def test_the_class_page_leads_to_the_class_progress(instructor_client, instructor):
    klass = ClassFactory(instructor=instructor)
    assert (
        f'href="{reverse("progress:class", args=[klass.pk])}"' in instructor_client.get(klass.get_absolute_url()).text
    )


def test_a_field_error_is_what_its_input_is_described_by(instructor_client):
    import re

    page = instructor_client.post(reverse("classes:create"), {"name": "x" * 500}, **HTMX).text
    described_by = re.search(r'aria-describedby="([^"]+)"', page).group(1).split()
    assert described_by and all(f'id="{element_id}"' in page for element_id in described_by), described_by
