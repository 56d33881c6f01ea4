"""Optimizing a learner's schedule as a background task: on request and from the nightly command."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks.signals import task_enqueued

from studyapp.study.management.commands import optimize_schedules
from tests.background import run_worker, stored_tasks, use_database_tasks
from tests.factories import ReviewLogFactory, UserFactory

TASK = "studyapp.study.tasks.optimize_learner_schedule"
NOT_ENOUGH = "Personalising the schedule needs at least 400 reviews (has 0)"
RUNNING = "Optimizing your schedule in the background"


@pytest.fixture
def enqueued():
    """The tasks enqueued during the test, as (task path, args)."""
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append((task_result.task.module_path, list(task_result.args)))

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


@pytest.mark.django_db
def test_the_button_enqueues_the_fit_and_the_immediate_backend_shows_its_outcome(learner_client, learner, enqueued):
    response = learner_client.post(reverse("study:optimize"), follow=True)
    assert enqueued == [(TASK, [learner.pk])]
    assert NOT_ENOUGH in response.text
    assert RUNNING not in response.text
    assert NOT_ENOUGH not in learner_client.get(reverse("study:settings")).text  # said once


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_the_page_says_it_runs_until_the_worker_is_done(learner_client, learner, settings):
    use_database_tasks(settings)
    response = learner_client.post(reverse("study:optimize"), follow=True)
    (stored,) = stored_tasks(TASK)
    assert (stored.status, stored.args_kwargs["args"]) == ("READY", [learner.pk])
    assert RUNNING in response.text and NOT_ENOUGH not in response.text
    assert 'disabled aria-describedby="optimize-help">Optimize my schedule' in response.text

    again = learner_client.post(reverse("study:optimize"), follow=True)  # a second click while it runs
    assert RUNNING in again.text and len(stored_tasks(TASK)) == 1

    run_worker()
    (stored,) = stored_tasks(TASK)
    assert stored.status == "SUCCESSFUL"
    page = learner_client.get(reverse("study:settings")).text
    assert NOT_ENOUGH in page and RUNNING not in page
    assert NOT_ENOUGH not in learner_client.get(reverse("study:settings")).text


@pytest.mark.django_db(transaction=True)
def test_the_nightly_command_enqueues_one_fit_per_learner_with_enough_reviews(settings, monkeypatch, capsys):
    use_database_tasks(settings)
    monkeypatch.setattr(optimize_schedules, "MIN_REVIEWS", 2)
    ready, short = UserFactory(username="ready"), UserFactory(username="short")
    ReviewLogFactory.create_batch(2, user=ready)
    ReviewLogFactory(user=short)
    call_command("optimize_schedules")
    assert [task.args_kwargs["args"] for task in stored_tasks(TASK)] == [[ready.pk]]
    assert "ready: enqueued" in capsys.readouterr().out
    run_worker()
    (done,) = stored_tasks(TASK)
    assert done.status == "SUCCESSFUL" and done.return_value["ok"] is False
    assert done.return_value["message"].startswith("Personalising the schedule needs at least 400 reviews (has 2)")
