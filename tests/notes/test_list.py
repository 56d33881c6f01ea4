from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import OwnedTopicFactory, TopicFactory

URL = "/notes/"


def test_it_lists_my_topics_only(learner_client, learner, other_learner):
    mine = OwnedTopicFactory(owner=learner)
    OwnedTopicFactory(owner=learner, archived=True, title="Archived one")
    theirs = OwnedTopicFactory(owner=other_learner)
    site = TopicFactory()
    response = learner_client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert mine.title in page and f"/notes/{mine.slug}/edit/" in page and f"/notes/{mine.slug}/download.md" in page
    assert f"/study/topic/{mine.slug}/" in page and 'href="/notes/new/"' in page
    assert theirs.title not in page and site.title not in page and "Archived one" not in page


def test_it_invites_new_notes_when_empty(learner_client):
    assert b"No notes yet" in learner_client.get(URL).content


def test_it_requires_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_refuses_the_wrong_method(learner_client):
    assert learner_client.post(URL).status_code == 405


def test_its_queries_do_not_grow_with_topics(learner_client, learner):
    OwnedTopicFactory(owner=learner)
    learner_client.get(URL)  # the first page of a session fills caches the next pages read
    with CaptureQueriesContext(connection) as few:
        learner_client.get(URL)
    for _ in range(5):
        OwnedTopicFactory(owner=learner)
    with CaptureQueriesContext(connection) as many:
        learner_client.get(URL)
    assert len(many) == len(few)
