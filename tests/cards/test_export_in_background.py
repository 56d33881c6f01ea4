"""A topic with many cards is exported by a background task; the file is offered when ready."""

import zipfile
from io import BytesIO

import pytest

from studyapp.cards.export import card_rows, to_csv
from studyapp.cards.models import Card
from tests.background import run_worker, stored_tasks, use_database_tasks
from tests.factories import CardFactory, TopicFactory

TASK = "studyapp.cards.tasks.export_topic_cards"


@pytest.fixture
def topic(settings, tmp_path):
    """A topic of three cards, at the threshold for background exports; files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path
    settings.EXPORT_IN_BACKGROUND_FROM = 3
    topic = TopicFactory(slug="queues")
    CardFactory.create_batch(3, topic=topic)
    return topic


@pytest.mark.django_db
def test_the_immediate_backend_stores_the_csv_and_sends_it_as_the_request_would(
    learner_client, learner, topic, tmp_path, settings
):
    response = learner_client.get("/topics/queues/cards/export.csv")
    assert response["Content-Disposition"] == 'attachment; filename="serverless-study-queues.csv"'
    cards = Card.objects.in_use().filter(topic=topic).select_related("topic")
    expected = to_csv(card_rows(cards, settings.SITE_URL))
    assert b"".join(response.streaming_content).decode() == expected
    assert expected.count("\n") == 4  # the header and three cards
    stored = tmp_path / "exports" / f"user-{learner.pk}" / "serverless-study-queues.csv"
    assert stored.read_text() == expected


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_apkg_is_offered_once_the_worker_made_it(learner_client, topic, settings):
    use_database_tasks(settings)
    waiting = learner_client.get("/topics/queues/cards/export.apkg")
    assert "Preparing serverless-study-queues.apkg" in waiting.text
    assert [task.status for task in stored_tasks(TASK)] == ["READY"]
    run_worker()
    response = learner_client.get("/topics/queues/cards/export.apkg")
    assert response["Content-Disposition"] == 'attachment; filename="serverless-study-queues.apkg"'
    package = zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))
    assert "collection.anki2" in package.namelist()


@pytest.mark.django_db
def test_below_the_threshold_the_export_is_made_in_the_request(learner_client, topic, settings, tmp_path):
    settings.EXPORT_IN_BACKGROUND_FROM = 4
    response = learner_client.get("/topics/queues/cards/export.json")
    assert response.status_code == 200 and len(response.json()) == 3
    assert not (tmp_path / "exports").exists()
