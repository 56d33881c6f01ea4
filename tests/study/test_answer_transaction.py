"""The transaction an answer is written in: real transactions and locks, on SQLite or PostgreSQL."""

import fcntl
import os
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studyapp.study import reviewing
from studyapp.study.models import ReviewLog, StudySettings
from tests.factories import CardFactory, UserFactory
from tests.study.helpers import NOON, answer

pytestmark = pytest.mark.django_db(transaction=True)


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_only_the_answer_transaction_commits_without_waiting_for_the_disk():
    user, card = UserFactory(), CardFactory()
    StudySettings.for_user(user)  # made on first use otherwise: not one of the answer's writes
    with CaptureQueriesContext(connection) as queries:
        assert answer(user, card, 3, NOON) == "recorded"
    statements = [query["sql"] for query in queries.captured_queries]
    relaxed = [n for n, sql in enumerate(statements) if "synchronous_commit" in sql]
    assert ReviewLog.objects.filter(user=user, card=card).count() == 1
    if connection.vendor == "postgresql":
        # Set first inside the transaction, before the two writes, and for that transaction alone.
        writes = [n for n, sql in enumerate(statements) if sql.startswith(("INSERT", "UPDATE"))]
        assert len(relaxed) == 1 and statements[relaxed[0]] == "SET LOCAL synchronous_commit = off"
        assert len(writes) == 2 and relaxed[0] < writes[0]
        assert synchronous_commit() == "on"
    else:
        # SQLite's synchronous=NORMAL (settings) is already the same trade, for every write.
        assert relaxed == []
        with connection.cursor() as cursor:
            assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_on_sqlite_answering_processes_queue_on_a_lock_file_beside_the_database():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL answers need no lock file")
    user, card = UserFactory(), CardFactory()
    StudySettings.for_user(user)
    # Another process holds the lock: the answer waits for it, then is recorded.
    other = os.open(reviewing.answers_lock_path(connection.settings_dict["NAME"]), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(other, fcntl.LOCK_EX)
    outcome = []
    thread = threading.Thread(target=lambda: (outcome.append(answer(user, card, 3, NOON)), connection.close()))
    try:
        thread.start()
        thread.join(0.5)
        assert thread.is_alive() and outcome == []
    finally:
        fcntl.flock(other, fcntl.LOCK_UN)
        os.close(other)
    thread.join(10)
    assert outcome == ["recorded"]
    assert ReviewLog.objects.filter(user=user, card=card).count() == 1


def test_an_answer_is_still_recorded_when_the_lock_file_cannot_be_opened(tmp_path, monkeypatch):
    assert reviewing._open_lock_file(str(tmp_path)) == -1  # a directory: cannot be opened for writing
    monkeypatch.setattr(reviewing, "_WRITER_LOCK_FILES", {str(connection.settings_dict["NAME"]): -1})
    user, card = UserFactory(), CardFactory()
    assert answer(user, card, 3, NOON) == "recorded"
    assert ReviewLog.objects.filter(user=user, card=card).count() == 1
