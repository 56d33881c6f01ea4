"""The settings module builds the database, cache, session and task settings from the environment."""

import pytest

from studyapp import settings as site_settings

PG_URL = "postgres://study:secret@db.example.com:5433/study"


@pytest.fixture
def environ(monkeypatch):
    """A clean environment for the variables these settings read; each test sets its own."""
    for name in (
        "DATABASE_URL",
        "CONN_MAX_AGE",
        "PG_PREPARE",
        "PGBOUNCER",
        "DB_POOL",
        "DB_POOL_MIN_SIZE",
        "DB_POOL_MAX_SIZE",
        "DB_POOL_TIMEOUT",
        "REDIS_URL",
        "TASKS_BACKEND",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_without_a_database_url_it_is_sqlite_with_immediate_transactions(environ):
    database = site_settings.database_settings()
    assert database["ENGINE"] == "studyapp.core.sqlite_backend"
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_alone_prepares_statements_and_keeps_server_side_cursors(environ):
    environ.setenv("DATABASE_URL", PG_URL)
    database = site_settings.database_settings()
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.example.com", 5433, "study")
    assert database["OPTIONS"] == {"server_side_binding": True, "prepare_threshold": 5}
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_db_pool_adds_psycopgs_pool_with_its_default_sizes(environ):
    environ.setenv("DATABASE_URL", PG_URL)
    environ.setenv("DB_POOL", "1")
    database = site_settings.database_settings()
    assert database["OPTIONS"] == {
        "server_side_binding": True,
        "prepare_threshold": 5,
        "pool": {"min_size": 2, "max_size": 8, "timeout": 10},
    }
    assert database["CONN_MAX_AGE"] == 0


def test_the_pool_sizes_come_from_the_environment(environ):
    environ.setenv("DATABASE_URL", PG_URL)
    environ.setenv("DB_POOL", "1")
    environ.setenv("DB_POOL_MIN_SIZE", "4")
    environ.setenv("DB_POOL_MAX_SIZE", "20")
    environ.setenv("DB_POOL_TIMEOUT", "3")
    assert site_settings.database_settings()["OPTIONS"]["pool"] == {"min_size": 4, "max_size": 20, "timeout": 3}


def test_a_pool_with_persistent_connections_is_refused_with_the_reason(environ):
    environ.setenv("DATABASE_URL", PG_URL)
    environ.setenv("DB_POOL", "1")
    environ.setenv("CONN_MAX_AGE", "60")
    with pytest.raises(RuntimeError, match="leave CONN_MAX_AGE unset"):
        site_settings.database_settings()


def test_behind_pgbouncer_there_are_no_prepared_statements_nor_server_side_cursors(environ):
    environ.setenv("DATABASE_URL", PG_URL)
    environ.setenv("PGBOUNCER", "1")
    environ.setenv("CONN_MAX_AGE", "60")  # persistent connections to PgBouncer are fine
    database = site_settings.database_settings()
    assert database["OPTIONS"] == {"prepare_threshold": None}
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert database["CONN_MAX_AGE"] == 60


def test_pg_prepare_off_turns_prepared_statements_off_without_pgbouncer(environ):
    environ.setenv("DATABASE_URL", PG_URL)
    environ.setenv("PG_PREPARE", "0")
    database = site_settings.database_settings()
    assert database["OPTIONS"] == {"prepare_threshold": None}
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is False


def test_with_redis_the_cache_and_sessions_are_shared(environ):
    environ.setenv("REDIS_URL", "redis://cache.example.com:6379/2")
    assert site_settings.cache_settings() == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.example.com:6379/2",
        }
    }
    assert site_settings.session_engine() == "django.contrib.sessions.backends.cached_db"


def test_without_redis_the_cache_is_this_process_and_sessions_the_database(environ):
    assert site_settings.cache_settings()["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert site_settings.session_engine() == "django.contrib.sessions.backends.db"


def test_tasks_run_at_once_unless_the_database_backend_is_asked_for(environ):
    assert site_settings.task_settings() == {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    environ.setenv("TASKS_BACKEND", "database")
    assert site_settings.task_settings() == {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_an_unknown_tasks_backend_is_refused_naming_the_choices(environ):
    environ.setenv("TASKS_BACKEND", "celery")
    with pytest.raises(RuntimeError, match="immediate, database"):
        site_settings.task_settings()
