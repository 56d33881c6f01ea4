"""A large "My data" export is made by a background task and offered when ready; a small one stays in the request."""

import json
from pathlib import Path

import pytest

from studyapp.progress import my_data
from studyapp.progress import tasks as progress_tasks
from tests.background import run_worker, stored_tasks, use_database_tasks
from tests.progress.test_my_data import history  # noqa: F401 - the fixture: 2 reviews and 1 card state

EXPORT = "/progress/my-data/export.json"
TASK = "studyapp.progress.tasks.export_my_data"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_file(learner, media: Path) -> Path:
    return media / "exports" / f"user-{learner.pk}" / "my-data.json"


def body(response) -> dict:
    data = json.loads(b"".join(response.streaming_content))
    data.pop("exported_at")
    return data


@pytest.mark.django_db
def test_under_the_threshold_it_streams_in_the_request_and_stores_nothing(
    learner_client,
    learner,
    history,  # noqa: F811
    settings,
    media,
):
    settings.EXPORT_IN_BACKGROUND_FROM = 4  # the learner has 2 + 1 = 3 rows
    response = learner_client.get(EXPORT)
    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    assert len(body(response)["reviews"]) == 2
    assert not (media / "exports").exists()


@pytest.mark.django_db
def test_at_the_threshold_the_immediate_backend_stores_the_file_and_sends_it_at_once(
    learner_client,
    learner,
    history,  # noqa: F811
    settings,
    media,
):
    settings.EXPORT_IN_BACKGROUND_FROM = 4
    in_request = body(learner_client.get(EXPORT))
    settings.EXPORT_IN_BACKGROUND_FROM = 3
    response = learner_client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(f'attachment; filename="serverless-study-{learner.username}-')
    stored = body(response)
    assert stored == in_request and len(stored["reviews"]) == 2
    assert stored_file(learner, media).exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_page_waits_for_the_worker_then_offers_the_file(
    learner_client,
    learner,
    history,  # noqa: F811
    settings,
    media,
):
    use_database_tasks(settings)
    settings.EXPORT_IN_BACKGROUND_FROM = 3
    waiting = learner_client.get(EXPORT)
    assert waiting["Content-Type"].startswith("text/html") and "Preparing serverless-study-" in waiting.text
    (stored,) = stored_tasks(TASK)
    assert (stored.status, stored.args_kwargs["args"]) == ("READY", [learner.pk])

    poll = learner_client.get(EXPORT, **HTMX)  # htmx asks again every 2 s while it runs
    assert 'hx-trigger="every 2s"' in poll.text and "<html" not in poll.text
    assert len(stored_tasks(TASK)) == 1  # asking again starts nothing new

    run_worker()
    ready = learner_client.get(EXPORT, **HTMX)
    assert "is ready" in ready.text and "hx-trigger" not in ready.text
    assert f'href="{EXPORT}"' in ready.text

    download = learner_client.get(EXPORT)
    assert download["Content-Disposition"].startswith("attachment;")
    assert [review["rating"] for review in body(download)["reviews"]] == [3, 1]

    assert "Preparing" in learner_client.get(EXPORT).text  # the next click makes a fresh export
    assert len(stored_tasks(TASK)) == 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_export_says_so_and_the_next_click_tries_again(
    learner_client,
    history,  # noqa: F811
    settings,
    media,
    monkeypatch,
):
    use_database_tasks(settings)
    settings.EXPORT_IN_BACKGROUND_FROM = 3

    def broken(user):
        raise OSError("disk full")

    monkeypatch.setattr(progress_tasks, "export_chunks", broken)
    learner_client.get(EXPORT)
    run_worker()
    assert "could not be made" in learner_client.get(EXPORT, **HTMX).text
    assert "Preparing" in learner_client.get(EXPORT).text
    assert [task.status for task in stored_tasks(TASK)] == ["FAILED", "READY"]


@pytest.mark.django_db
def test_deleting_the_account_removes_its_exported_files(
    learner,
    history,  # noqa: F811
    settings,
    media,
):
    settings.EXPORT_IN_BACKGROUND_FROM = 3
    progress_tasks.export_my_data.enqueue(learner.pk)
    assert stored_file(learner, media).exists()
    my_data.delete_account(learner)
    assert not stored_file(learner, media).exists()
