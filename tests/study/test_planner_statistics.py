"""SQLite's planner statistics stay fresh with nobody running ANALYZE: `PRAGMA optimize` as each connection closes.

The query watched is the class view's "last active" (progress.figures.class_progress):
each learner's latest review should be one row of the (user, reviewed_at) index
review_user_time, not their whole history read through review_user_day_cover and sorted.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from studyapp.progress.figures import class_progress
from studyapp.study.models import ReviewLog
from tests.factories import NOW, CardFactory, InstructorFactory, UserFactory
from tests.progress.helpers import bulk_history, make_class

pytestmark = [
    pytest.mark.django_db(transaction=True),  # connections are closed and opened again, so the data must be committed
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL's autovacuum keeps its own statistics"),
]

GOOD = "USING COVERING INDEX review_user_time"


def _sql(statement: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


@pytest.fixture
def no_statistics():
    """The test database as migrations leave it (study.0005 analyzed empty tables: no statistics);
    whatever statistics earlier tests left are put back afterwards."""
    saved = _sql("SELECT tbl, idx, stat FROM sqlite_stat1")
    _sql("DELETE FROM sqlite_stat1")
    _sql("ANALYZE sqlite_schema")  # makes the planner read sqlite_stat1 again
    yield
    _sql("DELETE FROM sqlite_stat1")
    for row in saved:
        _sql("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, %s, %s)", row)
    _sql("ANALYZE sqlite_schema")


@pytest.fixture
def klass():
    """A class of learners with some weeks of history each (from about 250 reviews a learner, statistics
    that leave out review_user_day_cover make SQLite prefer it)."""
    cards = [CardFactory() for _ in range(10)]
    learners = [UserFactory() for _ in range(12)]
    for learner in learners:
        bulk_history(learner, cards, 400)
    return make_class(InstructorFactory(), learners)


def open_the_class_view(klass) -> str:
    """Run the class view's figures on this connection; the "last active" statement it sent."""
    with CaptureQueriesContext(connection) as queries:
        progress = class_progress(klass, NOW)
    assert all(row.last_active for row in progress.rows)
    (last_active,) = [q["sql"] for q in queries if q["sql"].startswith('SELECT "classes_membership"."id"')]
    return last_active


def plan_of(sql: str) -> str:
    return "\n".join(row[-1] for row in _sql("EXPLAIN QUERY PLAN " + sql))


def indexes_with_statistics(table: str) -> set[str]:
    return {idx for (idx,) in _sql("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", [table]) if idx}


def review_indexes() -> set[str]:
    return {index.name for index in ReviewLog._meta.indexes} | {"sqlite_autoindex_study_reviewlog_1"}


def test_a_new_database_gets_statistics_once_a_connection_that_read_it_closes(no_statistics, klass):
    last_active = open_the_class_view(klass)
    assert indexes_with_statistics("study_reviewlog") == set()

    connection.close()

    assert indexes_with_statistics("study_reviewlog") == review_indexes()
    assert GOOD in plan_of(last_active)


def test_an_index_made_after_the_statistics_gets_its_own_and_the_good_plan_comes_back(no_statistics, klass):
    # What the benchmark's databases went through: analyzed when seeded, then migration
    # study.0004 added review_user_day_cover, which had no statistics. SQLite then took
    # that index for "last active" and read every learner's whole history.
    (create_day_index,) = _sql("SELECT sql FROM sqlite_schema WHERE name = 'review_user_day_cover'")[0]
    _sql("DROP INDEX review_user_day_cover")
    _sql("ANALYZE")
    _sql(create_day_index)
    last_active = open_the_class_view(klass)
    assert "review_user_day_cover" in plan_of(last_active)
    assert GOOD not in plan_of(last_active)

    connection.close()

    assert "review_user_day_cover" in indexes_with_statistics("study_reviewlog")
    assert GOOD in plan_of(last_active)
