"""Two app servers on one PostgreSQL and one Redis, a learner's requests sent to each in turn:
every write lands exactly once, both show the same Study badge, and either enforces a quiz deadline.

Run with `make test-two-servers` (or `pytest -m two_servers` with DATABASE_URL on PostgreSQL and
REDIS_URL set); without either the tests fail, saying which is missing.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.utils import timezone

from studyapp.quizzes.models import Attempt, Response
from studyapp.study.models import CardState, ReviewLog
from tests.factories import PASSWORD, CardFactory, InstructorFactory, TopicFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.quizzes.test_taking import answers

pytestmark = [pytest.mark.two_servers, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
BADGE = re.compile(r'id="study-badge"[^>]*>(?:<span class="visually-hidden">, </span>(\d+))?')
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def _missing_services() -> list[str]:
    missing = []
    if connection.vendor != "postgresql":
        missing.append(f"PostgreSQL (DATABASE_URL points at {connection.vendor})")
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url:
        missing.append("Redis (REDIS_URL is not set)")
    else:
        import redis

        try:
            redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            missing.append(f"Redis at {redis_url} ({error})")
    return missing


def _database_url() -> str:
    """The test database's address, for the servers (the same database the test writes to)."""
    db = connection.settings_dict
    auth = f"{quote(db['USER'], safe='')}:{quote(db['PASSWORD'] or '', safe='')}@" if db["USER"] else ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{quote(db['HOST'] or '', safe='')}{port}/{quote(db['NAME'], safe='')}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start_server(port: int, log: Path, extra_env: dict) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "1", "TASKS_BACKEND": "immediate", **extra_env}
    env.pop("CONN_MAX_AGE", None)
    command = [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


def _wait_until_up(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server at {url} stopped:\n{log.read_text()}")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the server at {url} did not answer within 60 s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two servers on free ports, against the test database and Redis; the second through psycopg's pool."""
    with django_db_blocker.unblock():
        missing = _missing_services()
    if missing:
        pytest.fail("The two-server tests need " + " and ".join(missing) + ": see `make test-two-servers`.")
    logs = tmp_path_factory.mktemp("servers")
    started = []
    for name, extra_env in (("a", {}), ("b", {"DB_POOL": "1"})):
        port = _free_port()
        log = logs / f"server-{name}.log"
        started.append((_start_server(port, log, extra_env), f"http://127.0.0.1:{port}", log))
    try:
        for process, url, log in started:
            _wait_until_up(process, url, log)
        yield [url for _process, url, _log in started]
    finally:
        for process, _url, _log in started:
            process.terminate()
            process.wait(timeout=20)


class Browser:
    """One learner's browser: one cookie jar, each request sent to the server named (as a load balancer would)."""

    def __init__(self, servers: list[str]):
        self.servers = servers
        self.http = requests.Session()

    def get(self, server: int, path: str) -> requests.Response:
        response = self.http.get(self.servers[server] + path, timeout=30)
        assert response.status_code == 200, f"GET {path} on server {server}: {response.status_code}"
        return response

    def post(self, server: int, path: str, data: dict | None = None) -> requests.Response:
        headers = {"X-CSRFToken": self.http.cookies.get("csrftoken", "")}
        response = self.http.post(self.servers[server] + path, data=data or {}, headers=headers, timeout=30)
        assert response.status_code == 200, f"POST {path} on server {server}: {response.status_code}"
        return response

    def log_in(self, server: int, username: str) -> None:
        self.get(server, "/accounts/login/")
        page = self.post(server, "/accounts/login/", {"username": username, "password": PASSWORD})
        assert page.url.rstrip("/") == self.servers[server], "the log-in did not go through"

    def badge(self, server: int) -> int:
        match = BADGE.search(self.get(server, "/topics/").text)
        assert match, "no Study badge on the page"
        return int(match.group(1) or 0)

    def shown_token(self, server: int) -> str:
        return TOKEN.search(self.get(server, "/study/").text).group(1)


@pytest.fixture
def learner_browser(servers, settings):
    """A learner with three new cards of one site topic, logged in on the first server."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the servers' hasher
    learner = UserFactory()
    topic = TopicFactory()
    CardFactory.create_batch(3, topic=topic)
    browser = Browser(servers)
    browser.log_in(0, learner.username)
    browser.learner = learner
    return browser


def test_a_session_made_on_one_server_is_known_to_the_other(learner_browser):
    page = learner_browser.get(1, "/study/")
    assert "/accounts/login/" not in page.url and learner_browser.learner.username in page.text


def test_an_answer_sent_to_both_servers_is_recorded_once_and_both_badges_follow(learner_browser):
    learner = learner_browser.learner
    assert learner_browser.badge(0) == learner_browser.badge(1) == 3  # three new cards, none answered
    token = learner_browser.shown_token(0)
    learner_browser.post(0, "/study/grade/", {"token": token, "rating": "4"})  # Easy: out for days
    # The second server had the badge cached before the answer; the first forgot it for both.
    assert learner_browser.badge(1) == learner_browser.badge(0) == 2
    learner_browser.post(1, "/study/grade/", {"token": token, "rating": "4"})  # the same answer, retried
    assert ReviewLog.objects.filter(user=learner).count() == 1
    assert CardState.objects.get(user=learner).reps == 1
    assert learner_browser.badge(0) == learner_browser.badge(1) == 2


def test_undo_on_one_server_takes_back_the_answer_the_other_recorded(learner_browser):
    learner = learner_browser.learner
    first = learner_browser.shown_token(0)
    learner_browser.post(0, "/study/grade/", {"token": first, "rating": "4"})
    second = learner_browser.shown_token(1)
    learner_browser.post(1, "/study/grade/", {"token": second, "rating": "4"})
    assert learner_browser.badge(0) == 1
    learner_browser.post(0, "/study/undo/")
    assert ReviewLog.objects.filter(user=learner).count() == 1
    assert CardState.objects.filter(user=learner).count() == 1  # the undone card is new again
    assert learner_browser.badge(1) == learner_browser.badge(0) == 2


def test_a_card_buried_on_one_server_stays_buried_on_the_other(learner_browser):
    learner = learner_browser.learner
    token = learner_browser.shown_token(1)
    learner_browser.post(0, "/study/bury/", {"token": token})
    learner_browser.post(1, "/study/bury/", {"token": token})  # the same click, retried elsewhere
    (state,) = CardState.objects.filter(user=learner)
    assert state.buried_until is not None and ReviewLog.objects.filter(user=learner).count() == 0
    assert learner_browser.shown_token(1) != token
    assert learner_browser.badge(1) == learner_browser.badge(0) == 2


@pytest.fixture
def quiz(learner_browser):
    """A published ten-minute quiz of three questions assigned to the learner."""
    instructor = InstructorFactory()
    questions = [
        QuestionFactory(author=instructor, text="Pick the right one"),
        QuestionFactory(author=instructor, kind="short", text="Name the runtime", accepted_answers=["Node.js"]),
        QuestionFactory(author=instructor, kind="numeric", text="Seconds in 15 minutes?", numeric_answer=900),
    ]
    return QuizFactory(
        instructor=instructor,
        questions=questions,
        learners=[learner_browser.learner],
        time_limit=timedelta(minutes=10),
    )


def test_a_quiz_started_saved_and_submitted_on_both_servers_lands_once(learner_browser, quiz):
    learner = learner_browser.learner
    learner_browser.post(0, f"/quizzes/{quiz.pk}/start/")
    learner_browser.post(1, f"/quizzes/{quiz.pk}/start/")  # a second start resumes the open attempt
    attempt = Attempt.objects.get(quiz=quiz, learner=learner)
    data = answers(attempt)
    for server in (1, 0):  # each autosave reaches another server
        learner_browser.post(server, f"/quizzes/attempts/{attempt.pk}/save/", data)
    assert Response.objects.filter(attempt=attempt).count() == 3
    assert Response.objects.filter(attempt=attempt, answered_at__isnull=False).count() == 3

    learner_browser.post(1, f"/quizzes/attempts/{attempt.pk}/submit/", {**data, "confirm": "1"})
    attempt.refresh_from_db()
    submitted_at = attempt.submitted_at
    page = learner_browser.post(0, f"/quizzes/attempts/{attempt.pk}/submit/", {**data, "confirm": "1"})
    assert "already been submitted" in page.text
    attempt.refresh_from_db()
    assert (attempt.submitted_at, attempt.score, attempt.auto_submitted) == (submitted_at, 3, False)
    assert Attempt.objects.filter(quiz=quiz, learner=learner).count() == 1


def test_a_passed_deadline_is_enforced_by_whichever_server_is_asked(learner_browser, quiz):
    learner_browser.post(0, f"/quizzes/{quiz.pk}/start/")
    attempt = Attempt.objects.get(quiz=quiz, learner=learner_browser.learner)
    data = answers(attempt)
    deadline = timezone.now() - timedelta(seconds=5)
    Attempt.objects.filter(pk=attempt.pk).update(deadline=deadline)

    page = learner_browser.post(1, f"/quizzes/attempts/{attempt.pk}/save/", data)
    assert "Time is up" in page.text
    assert Response.objects.filter(attempt=attempt, answered_at__isnull=False).count() == 0
    attempt.refresh_from_db()
    assert attempt.submitted_at == deadline and attempt.auto_submitted and attempt.score == 0

    page = learner_browser.post(0, f"/quizzes/attempts/{attempt.pk}/submit/", {**data, "confirm": "1"})
    assert "Time is up" in page.text
    attempt.refresh_from_db()
    assert attempt.submitted_at == deadline and attempt.score == 0
