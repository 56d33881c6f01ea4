"""Duplicating a quiz: its settings and slots as a new draft that no class sees yet."""

from __future__ import annotations

from django.db import models, transaction
from django.utils.text import Truncator

from .models import Quiz, Slot

# What makes a quiz live or dates it is not copied; every other field is, so a setting added later is copied too.
QUIZ_FIELDS_NOT_COPIED = {"id", "title", "published_at", "archived_at", "created_at", "updated_at"}
SLOT_FIELDS_NOT_COPIED = {"id", "quiz"}


def copy_title(title: str) -> str:
    """ "Copy of …", cut to fit the title field."""
    return Truncator(f"Copy of {title}").chars(Quiz._meta.get_field("title").max_length)


def _field_values(instance: models.Model, skip: set[str]) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.name not in skip}


def duplicate_quiz(quiz: Quiz) -> Quiz:
    """A new unpublished quiz "Copy of …" with the same instructor, settings and slots (fixed
    questions, random draws with their topics, category and tag, points, order), and no classes.

    All or nothing, in a fixed number of queries whatever the number of slots.
    """
    slots = list(quiz.slots.prefetch_related("random_topics"))
    with transaction.atomic():
        copy = Quiz.objects.create(**_field_values(quiz, QUIZ_FIELDS_NOT_COPIED), title=copy_title(quiz.title))
        copies = Slot.objects.bulk_create(
            Slot(**_field_values(slot, SLOT_FIELDS_NOT_COPIED), quiz=copy) for slot in slots
        )
        Topics = Slot.random_topics.through
        Topics.objects.bulk_create(
            Topics(slot_id=new.pk, topic_id=topic.pk)
            for old, new in zip(slots, copies, strict=True)
            for topic in old.random_topics.all()
        )
    return copy
