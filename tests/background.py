"""Helpers for tests of background tasks: the database backend, and its worker run once."""

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def use_database_tasks(settings) -> None:
    """Store tasks instead of running them, as production's TASKS_BACKEND=database does."""
    settings.TASKS = DATABASE_TASKS


def run_worker() -> None:
    """Run every stored task once, as `manage.py db_worker --batch` does."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0")


def stored_tasks(task_path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=task_path).order_by("enqueued_at"))
