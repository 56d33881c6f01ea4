"""Which of the scale tests a run collects.

`postgresql` tests need the PostgreSQL run (`make test-postgres`): on SQLite they are left out of
the run, not skipped. `two_servers` tests start servers and need PostgreSQL and Redis: they run
only when asked for by name (`-m two_servers`, `make test-two-servers`), and then fail, never
skip, when either is missing.
"""

from django.conf import settings


def _on_postgresql() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_collection_modifyitems(config, items):
    asked_for_two_servers = "two_servers" in (config.getoption("markexpr") or "")
    keep, leave_out = [], []
    for item in items:
        if item.get_closest_marker("two_servers") and not asked_for_two_servers:
            leave_out.append(item)
        elif item.get_closest_marker("postgresql") and not _on_postgresql():
            leave_out.append(item)
        else:
            keep.append(item)
    if leave_out:
        config.hook.pytest_deselected(items=leave_out)
        items[:] = keep
