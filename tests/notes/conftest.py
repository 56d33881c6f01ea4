"""The notes tests' notes, and the learner's notes saved through the page."""

import pytest

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
def saved(learner_client, learner):
    """The learner's notes NOTES, saved through the page: the topic."""
    from studyapp.content.models import Topic

    learner_client.post("/notes/new/", {"text": NOTES, "action": "save"})
    return Topic.objects.get(owner=learner)
