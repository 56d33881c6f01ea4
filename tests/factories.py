"""factory-boy factories shared by the tests."""

import factory
from django.contrib.auth.models import Group, User

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.content.models import Topic
from studyapp.content.outline import parse_topic
from studyapp.lib.markdown_render import render_notes

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def time_zone(user, create, extracted, **kwargs):
        user.save()
        if extracted:
            user.profile.time_zone = extracted
            user.profile.save()


class InstructorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"instructor{n}")

    @factory.post_generation
    def instructor_group(user, create, extracted, **kwargs):
        group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
        user.groups.add(group)


SAMPLE_MARKDOWN = """---
title: Sample topic {n}
slug: sample-{n}
order: {n}
summary: A sample topic for tests.
---

## Limits

- Maximum execution time: 900 seconds (15 minutes)
- Memory allocation: 128 MB - 3,008 MB
"""


class TopicFactory(factory.django.DjangoModelFactory):
    """A topic built from real Markdown, so its outline and HTML are consistent."""

    class Meta:
        model = Topic

    markdown = factory.Sequence(lambda n: SAMPLE_MARKDOWN.format(n=n))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        markdown = kwargs.pop("markdown")
        parsed = parse_topic(markdown, "test.md")
        values = {
            "slug": parsed.slug,
            "title": parsed.title,
            "short_title": parsed.short_title,
            "summary": parsed.summary,
            "order": parsed.order,
            "source_file": "test.md",
            "source_hash": "test",
            "body": parsed.body,
            "html": render_notes(parsed.body_with_anchors),
            "outline": parsed.outline.to_dict(),
        }
        values.update(kwargs)
        return model_class.objects.create(**values)


class OwnedTopicFactory(TopicFactory):
    """A topic made in the browser: its owner's (an instructor, so they can share it), with its notes as source."""

    owner = factory.SubFactory(InstructorFactory)
    source_text = factory.LazyAttribute(lambda topic: topic.markdown)
    source_format = "markdown"


class ClassTopicFactory(factory.django.DjangoModelFactory):
    """A topic shared with a class: by default a new class, and a new topic its instructor owns."""

    class Meta:
        model = "classes.ClassTopic"

    klass = factory.SubFactory("tests.classes.factories.ClassFactory")
    topic = factory.SubFactory(OwnedTopicFactory, owner=factory.SelfAttribute("..klass.instructor"))


class CardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cards.Card"

    topic = factory.SubFactory(TopicFactory)
    key = factory.Sequence(lambda n: f"test/card-{n}")
    fact_key = factory.LazyAttribute(lambda card: card.key)
    kind = "fact"
    front = factory.Sequence(lambda n: f"Question number {n}?")
    back = factory.Sequence(lambda n: f"Answer {n}")
    section = "Sample › Limits"
    anchor = "limits"
    position = factory.Sequence(lambda n: n)
