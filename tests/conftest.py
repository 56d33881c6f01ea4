import os
from pathlib import Path

# Playwright's sync API runs an event loop in the test thread; pytest-django's
# live_server tests still need the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402


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
def instructor(db):
    from tests.factories import InstructorFactory

    return InstructorFactory()


@pytest.fixture
def teacher(instructor):
    """A client logged in as `instructor`."""
    from django.test import Client

    client = Client()
    client.force_login(instructor)
    return client


@pytest.fixture
def student(learner):
    """A client logged in as `learner` (a plain user, unless a test module defines its own)."""
    from django.test import Client

    client = Client()
    client.force_login(learner)
    return client


def pytest_sessionfinish(session):
    """The answers' lock file beside the SQLite test database (study.reviewing) goes with the database."""
    from studyapp.study.reviewing import answers_lock_path

    name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if name:
        Path(answers_lock_path(name)).unlink(missing_ok=True)
