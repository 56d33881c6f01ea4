"""After approving a question without htmx, the instructor goes back where they were, never off the site."""

import pytest
from django.test import Client

from studyapp.quizzes.models import Question
from tests.quizzes.factories import QuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(instructor):
    return QuestionFactory(author=instructor, status=Question.Status.DRAFT)


def approve(client: Client, question, next_url: str):
    return client.post(f"/quizzes/bank/{question.pk}/status/approved/", {"next": next_url})


def test_it_returns_to_the_bank_page_it_came_from(instructor_client, draft):
    response = approve(instructor_client, draft, "/quizzes/bank/?status=draft")
    assert response.status_code == 302 and response["Location"] == "/quizzes/bank/?status=draft"


@pytest.mark.parametrize("target", ["//evil.test/", "/\\evil.test/", "https://evil.test/"])
def test_it_never_follows_a_next_off_the_site(instructor_client, draft, target):
    response = approve(instructor_client, draft, target)
    assert response.status_code == 302 and response["Location"] == draft.get_absolute_url()
