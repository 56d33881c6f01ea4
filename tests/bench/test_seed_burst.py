import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from studyapp.quizzes.models import Quiz

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("bench_settings", "imported_topics")]


def test_the_seeded_learners_are_logged_in_and_can_start_the_timed_quiz(tmp_path):
    sessions = tmp_path / "sessions.json"
    call_command("seed_burst", learners=3, sessions=sessions)
    seeded = json.loads(sessions.read_text())
    quiz = Quiz.objects.get(pk=seeded["quiz"])
    assert quiz.slots.count() == 16 and quiz.time_limit and quiz.classes.get().memberships.count() == 3
    cookies = seeded["cookies"]["burst-00001"]
    client = Client(enforce_csrf_checks=True)  # as the burst's driver: its cookies, and the CSRF token they carry
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.post(reverse("quizzes:start", args=[quiz.pk]), HTTP_X_CSRFTOKEN=cookies["csrftoken"])
    assert response.status_code == 302 and quiz.attempts.get().learner.username == "burst-00001"


def test_a_database_seeded_once_is_refused(tmp_path):
    call_command("seed_burst", learners=1, sessions=tmp_path / "a.json")
    with pytest.raises(CommandError, match="already"):
        call_command("seed_burst", learners=1, sessions=tmp_path / "b.json")
