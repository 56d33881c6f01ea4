"""The system check that refuses an SQLite too old for the study app's SQL."""

import sqlite3.dbapi2

from django.core import checks
from django.db import connection

# The version the check reads: Django's SQLite backend asks this module (its `Database`)
# for the library's version, without opening a connection.
SQLITE = sqlite3.dbapi2
ON_SQLITE = connection.vendor == "sqlite"


def study_errors() -> list:
    return [message for message in checks.run_checks() if (message.id or "").startswith("study.")]


def test_it_accepts_the_sqlite_in_use():
    assert study_errors() == []


def test_it_fails_on_an_sqlite_older_than_3_35_naming_both_versions(monkeypatch):
    monkeypatch.setattr(SQLITE, "sqlite_version_info", (3, 34, 1))
    errors = study_errors()
    if not ON_SQLITE:  # the suite on PostgreSQL: SQLite's version is no concern
        assert errors == []
        return
    (error,) = errors
    assert (error.level, error.id) == (checks.ERROR, "study.E001")
    assert "SQLite 3.34.1" in error.msg and "3.35.0 or later" in error.msg
    assert "AS MATERIALIZED" in error.msg


def test_it_accepts_sqlite_3_35_exactly(monkeypatch):
    monkeypatch.setattr(SQLITE, "sqlite_version_info", (3, 35, 0))
    assert study_errors() == []
