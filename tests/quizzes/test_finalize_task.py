"""Finalizing overdue attempts as a background task, enqueued by `manage.py finalize_attempts`."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from studyapp.quizzes.models import Attempt
from tests.background import run_worker, stored_tasks, use_database_tasks
from tests.quizzes.test_taking import quiz  # noqa: F401 - the fixture

TASK = "studyapp.quizzes.tasks.finalize_expired_attempts"


@pytest.mark.django_db(transaction=True)
def test_the_command_stores_the_task_and_the_worker_submits_only_expired_attempts(
    quiz,  # noqa: F811
    learner,
    other_learner,
    settings,
    capsys,
):
    use_database_tasks(settings)
    now = timezone.now()
    expired = quiz.start_attempt(learner, now - timedelta(hours=1))  # its 10 minutes ran out 50 minutes ago
    quiz.classes.get().add_learner(other_learner)
    in_time = quiz.start_attempt(other_learner, now)
    call_command("finalize_attempts")
    assert "Enqueued finalizing expired attempts" in capsys.readouterr().out
    (stored,) = stored_tasks(TASK)
    assert stored.status == "READY"
    assert not Attempt.objects.get(pk=expired.pk).is_finished  # nothing ran yet

    run_worker()
    (stored,) = stored_tasks(TASK)
    assert (stored.status, stored.return_value) == ("SUCCESSFUL", 1)
    expired.refresh_from_db()
    assert expired.is_finished and expired.auto_submitted
    assert not Attempt.objects.get(pk=in_time.pk).is_finished
