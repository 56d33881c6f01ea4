"""The notes tests' people: alice writes notes, bob is someone else; each with a logged-in client."""

import pytest
from django.test import Client

from tests.factories import UserFactory

NOTES = """---
title: My Lambda
colour: red
---

## Limits

- Timeout: 15 minutes
- Memory: 128 MB to 10 GB
- Payload size: 6 MB
- Layers per function: 5
"""

OUTLINE = """Lambda basics
  Limits
    Timeout: 15 minutes
    Memory: 128 MB to 10 GB
Queue basics
  Messages
    Retention: 4 days by default
    Max message size: 256 KB
"""


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice_client(alice):
    return _client(alice)


@pytest.fixture
def bob_client(bob):
    return _client(bob)


@pytest.fixture
def saved(alice_client, alice):
    """alice's notes NOTES, saved through the page: the topic."""
    from studyapp.content.models import Topic

    alice_client.post("/notes/new/", {"text": NOTES, "action": "save"})
    return Topic.objects.get(owner=alice)
