import pytest
from django.test import Client

from tests.factories import InstructorFactory, UserFactory


@pytest.fixture
def learner(db):
    return UserFactory()


@pytest.fixture
def outsider() -> Client:
    """A client logged in as another instructor."""
    client = Client()
    client.force_login(InstructorFactory())
    return client
