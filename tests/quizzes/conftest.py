import pytest
from django.test import Client

from tests.factories import InstructorFactory, UserFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The factories hash a password per user; PBKDF2 would make up most of the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def instructor(db):
    return InstructorFactory()


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def teacher(instructor) -> Client:
    """A client logged in as `instructor`."""
    client = Client()
    client.force_login(instructor)
    return client


@pytest.fixture
def student(learner) -> Client:
    """A client logged in as `learner`."""
    client = Client()
    client.force_login(learner)
    return client


@pytest.fixture
def outsider() -> Client:
    """A client logged in as another instructor."""
    client = Client()
    client.force_login(InstructorFactory())
    return client
