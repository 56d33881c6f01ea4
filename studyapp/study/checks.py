"""System checks of the study app: what its hand-written SQL needs from the database."""

from __future__ import annotations

from django.core import checks
from django.db import connections

from .queue import SQLITE_NEEDED


def _dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in version)


def check_sqlite_version(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """An error for each SQLite database whose library is older than the study queue's SQL needs.

    Without it such a database passes Django's own check (3.31) and fails on
    the first study page with a syntax error. The library's version is read
    without opening a connection.
    """
    errors = []
    for alias in connections:
        connection = connections[alias]
        if connection.vendor != "sqlite":
            continue
        found = connection.get_database_version()
        if found < SQLITE_NEEDED:
            errors.append(
                checks.Error(
                    f"Database '{alias}' runs on SQLite {_dotted(found)}; the study app needs SQLite "
                    f"{_dotted(SQLITE_NEEDED)} or later (its queue uses AS MATERIALIZED, its answers RETURNING).",
                    hint="Run Python with a newer SQLite library (a newer OS or Python build), or use PostgreSQL.",
                    obj=alias,
                    id="study.E001",
                )
            )
    return errors
