"""Requests served through psycopg's connection pool (DB_POOL=1), on PostgreSQL."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgresql, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pooled():
    """The test database's connection switched to a pool of at most two connections, as DB_POOL=1 does."""
    options = connection.settings_dict["OPTIONS"]
    before = dict(options)
    connection.close()
    options["pool"] = {"min_size": 1, "max_size": 2, "timeout": 10}
    yield connection
    connection.close()
    connection.close_pool()
    options.clear()
    options.update(before)


def test_pages_are_served_with_connections_taken_from_the_pool(pooled, learner_client):
    pooled.close()  # the connection that made the learner goes back first
    taken_before = pooled.pool.get_stats().get("requests_num", 0)
    for path in ("/", "/study/", "/progress/", "/topics/"):
        assert learner_client.get(path).status_code == 200
        # What the end of a request does outside tests (the test client leaves the connection open).
        pooled.close()
    stats = pooled.pool.get_stats()
    # One connection taken from the pool, and given back, per page.
    assert stats["requests_num"] - taken_before == 4
    assert stats["pool_max"] == 2 and stats["pool_available"] == stats["pool_size"] <= 2
