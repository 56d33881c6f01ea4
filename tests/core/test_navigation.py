"""The main navigation: each role's Progress link leads to the progress that is theirs to read."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(db):
    return UserFactory()


def nav(client) -> str:
    return client.get("/topics/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]


def test_it_leads_an_instructor_to_their_classes_progress(teacher):
    assert '<a href="/progress/classes/">Progress</a>' in nav(teacher)


def test_it_leads_a_learner_to_their_own_dashboard(student):
    assert '<a href="/progress/">Progress</a>' in nav(student)


def test_it_marks_progress_current_on_both_progress_pages(teacher):
    for url in ("/progress/", "/progress/classes/"):
        html = teacher.get(url).content.decode()
        assert '<a href="/progress/classes/" aria-current="page">Progress</a>' in html
