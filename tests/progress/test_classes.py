"""The instructor's Progress page: the classes they teach, a line of figures each, a link to each class's progress."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import CardFactory, InstructorFactory, ReviewLogFactory, UserFactory
from tests.progress.helpers import bulk_history, make_class

pytestmark = pytest.mark.django_db

URL = "/progress/classes/"


def test_it_links_each_class_the_instructor_teaches_to_its_progress(instructor_client, instructor):
    first, second = make_class(instructor, [], name="Alpha"), make_class(instructor, [], name="Beta")
    other = make_class(InstructorFactory(), [], name="Someone else's")
    response = instructor_client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/progress/classes/{first.pk}/"' in html and f'href="/progress/classes/{second.pk}/"' in html
    assert html.index("Alpha") < html.index("Beta")
    assert f"/progress/classes/{other.pk}/" not in html and "Someone else" not in html


def test_it_gives_each_class_its_learners_who_was_active_and_who_is_behind(instructor_client, instructor):
    ana, ben, cy = UserFactory(username="ana"), UserFactory(username="ben"), UserFactory(username="cy")
    klass = make_class(instructor, [ana, ben, cy])
    now, card = timezone.now(), CardFactory()
    ReviewLogFactory(user=ana, card=card, reviewed_at=now - timedelta(days=1))
    ReviewLogFactory(user=ben, card=card, reviewed_at=now - timedelta(days=10))
    response = instructor_client.get(URL)
    (summary,) = response.context["classes"]
    assert (summary.klass, summary.learners, summary.active_week) == (klass, 3, 1)
    behind = {(b.learner.username, b.reason) for b in summary.behind}
    assert behind == {("ben", "no review in 7 days"), ("cy", "no review yet")}
    html = response.content.decode()
    line = html.split(f'data-class="{klass.pk}"')[1].split("</li>")[0]
    assert '<span data-figure="learners">3</span>' in line
    assert '<span data-figure="active">1</span>' in line
    assert '<span data-figure="behind">2</span>' in line


def test_it_says_when_the_instructor_teaches_no_class(instructor_client):
    html = instructor_client.get(URL).content.decode()
    assert "You do not teach a class yet" in html and 'href="/classes/"' in html


def test_it_keeps_the_instructors_own_dashboard_in_reach(instructor_client):
    assert 'href="/progress/"' in instructor_client.get(URL).content.decode().split("<main")[1]


def test_the_instructors_own_dashboard_links_back_to_their_classes(instructor_client, learner_client):
    assert f'href="{URL}"' in instructor_client.get("/progress/").content.decode().split("<main")[1]
    assert f'href="{URL}"' not in learner_client.get("/progress/").content.decode()


def test_it_requires_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_learner_is_refused(learner_client):
    assert learner_client.get(URL).status_code == 403


def test_it_refuses_post(instructor_client):
    assert instructor_client.post(URL).status_code == 405


def test_its_queries_grow_with_neither_classes_nor_history(client, django_assert_num_queries):
    cards = [CardFactory() for _ in range(10)]

    def world(classes: int, size: int, reviews: int):
        owner = InstructorFactory()
        for n in range(classes):
            learners = [UserFactory() for _ in range(size)]
            make_class(owner, learners, name=f"Class {n}")
            for learner in learners:
                bulk_history(learner, cards, reviews, timezone.now())
        return owner

    small, large = world(1, 1, 3), world(4, 5, 60)
    client.force_login(small)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    client.force_login(large)
    with django_assert_num_queries(len(queries)):
        assert client.get(URL).status_code == 200
