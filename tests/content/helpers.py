"""Checks shared by the content tests."""

from django.db import models

from studyapp.cards.models import Card
from studyapp.content.models import Topic


def assert_every_text_fits() -> None:
    """What PostgreSQL enforces and SQLite does not: every value within its column's
    max_length, and no NUL character in any text."""
    for model in (Topic, Card):
        for row in model.objects.all():
            for field in model._meta.concrete_fields:
                value = getattr(row, field.attname)
                if isinstance(value, str):
                    assert "\x00" not in value
                    if isinstance(field, models.CharField):
                        assert len(value) <= field.max_length, (model.__name__, field.name, len(value))
