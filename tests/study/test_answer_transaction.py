"""The transaction an answer is written in: real transactions and locks, on SQLite or PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studyapp.study.models import ReviewLog, StudySettings
from tests.factories import NOW, CardFactory, UserFactory
from tests.study.helpers import answer

pytestmark = pytest.mark.django_db(transaction=True)


def synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


def test_only_the_answer_transaction_commits_without_waiting_for_the_disk():
    user, card = UserFactory(), CardFactory()
    StudySettings.for_user(user)  # made on first use otherwise: not one of the answer's writes
    with CaptureQueriesContext(connection) as queries:
        assert answer(user, card, 3, NOW) == "recorded"
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
