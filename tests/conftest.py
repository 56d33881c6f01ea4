"""The settings every test runs under, and the tests' one world of people.

The people, made afresh for each test that names them:
- `learner`, `other_learner`: plain users, in no class, with no history;
- `instructor`, `other_instructor`: users of the instructors' group, teaching no class yet;
- `staff`: a superuser (the admin lets them in; app pages treat them like anyone else).
Each has a client logged in as them, named `<person>_client` (`learner_client`,
`instructor_client`, `other_instructor_client`, `staff_client`, ...); pytest-django's
`client` stays the anonymous visitor. A test that needs more (a learner in a class, with a
history) builds it on these people in a local fixture named for what it adds, such as
`learner_with_history`; anyone else a test needs it makes with the factories in
tests/factories.py, where the fixed clock NOW lives too.
"""

import os

# Playwright's sync API runs an event loop in the test thread; pytest-django's
# live_server tests still need the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402

from tests.clients import new_client  # noqa: E402


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fast password hashing; no log-in throttling (the tests that pin
    throttling turn it back on themselves)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = False
    from django.core.cache import cache

    cache.clear()  # ids repeat between tests; cached figures must not


@pytest.fixture
def content_dir():
    return settings.CONTENT_DIR


@pytest.fixture
def imported_topics(db):
    """The real content/ imported into the test database."""
    from studyapp.content.importing import read_folder, save_topics

    save_topics(read_folder(settings.CONTENT_DIR).topics)
    from studyapp.content.models import Topic

    return {topic.slug: topic for topic in Topic.objects.all()}


@pytest.fixture
def client():
    """pytest-django's anonymous `client`, on the shared middleware chain."""
    return new_client()


def _logged_in(user):
    client = new_client()
    client.force_login(user)
    return client


@pytest.fixture
def learner(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_learner(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def instructor(db):
    from tests.factories import InstructorFactory

    return InstructorFactory()


@pytest.fixture
def other_instructor(db):
    from tests.factories import InstructorFactory

    return InstructorFactory()


@pytest.fixture
def staff(db):
    from tests.factories import StaffFactory

    return StaffFactory()


@pytest.fixture
def learner_client(learner):
    return _logged_in(learner)


@pytest.fixture
def other_learner_client(other_learner):
    return _logged_in(other_learner)


@pytest.fixture
def instructor_client(instructor):
    return _logged_in(instructor)


@pytest.fixture
def other_instructor_client(other_instructor):
    return _logged_in(other_instructor)


@pytest.fixture
def staff_client(staff):
    return _logged_in(staff)


# --- which tests a run collects ------------------------------------------------------------------
# `postgresql` tests need the PostgreSQL run (`make test-postgres`): on SQLite they are left out of
# the run, not skipped. `two_servers` tests start servers and need PostgreSQL and Redis: they run
# only when asked for by name (`-m two_servers`, `make test-two-servers`), and then fail, never
# skip, when either is missing.


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
