"""The main navigation: each role's Progress link leads to the progress that is theirs to read."""

import pytest

pytestmark = pytest.mark.django_db


def nav(client) -> str:
    return client.get("/topics/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]


def test_it_leads_an_instructor_to_their_classes_progress(instructor_client):
    assert '<a href="/progress/classes/">Progress</a>' in nav(instructor_client)


def test_it_leads_a_learner_to_their_own_dashboard(learner_client):
    assert '<a href="/progress/">Progress</a>' in nav(learner_client)


def test_it_marks_progress_current_on_both_progress_pages(instructor_client):
    for url in ("/progress/", "/progress/classes/"):
        html = instructor_client.get(url).content.decode()
        assert '<a href="/progress/classes/" aria-current="page">Progress</a>' in html
