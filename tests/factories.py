"""factory-boy factories shared by the tests, and the tests' fixed clock."""

from datetime import UTC, datetime, timedelta

import factory
from django.contrib.auth.models import Group, User
from django.db.models import Max

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.content.house_format import parse_topic
from studyapp.content.models import Topic
from studyapp.lib.markdown_render import render_notes
from studyapp.study.models import CardState, ReviewLog, StudySettings

PASSWORD = "correct-horse-battery-9"

# The tests' "now" wherever a test fixes the clock: noon UTC on Tuesday 10 March 2026, hours away
# from any learner's day start, so a review at NOW falls on 10 March in every time zone the tests use.
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


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


class StaffFactory(UserFactory):
    """A superuser: the admin lets them in; app pages treat them like any other user."""

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    is_superuser = True


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


class StudySettingsFactory(factory.django.DjangoModelFactory):
    """A learner's study settings: the model's defaults, except what a test names."""

    class Meta:
        model = StudySettings

    user = factory.SubFactory(UserFactory)


class CardStateFactory(factory.django.DjangoModelFactory):
    """A learner's state on a card. Plain, a card marked for study but never answered, due at NOW.

    Traits: `learning` (answered once, yesterday, waiting for its next step), `review` (answered
    three times, 10 days of stability), `mature` (a review card with an interval of 40 days) and
    `suspended`. A studied card's last review and due date lie one interval (its stability, in
    days) apart: name either and the other follows; name neither and it was last reviewed at NOW.
    """

    class Meta:
        model = CardState
        rename = {"is_suspended": "suspended"}  # the trait `suspended` takes the field's name

    class Params:
        learning = factory.Trait(
            state=CardState.State.LEARNING,
            step=1,
            stability=1.0,
            difficulty=5.0,
            reps=1,
            last_review=NOW - timedelta(days=1),
        )
        review = factory.Trait(state=CardState.State.REVIEW, stability=10.0, difficulty=5.0, reps=3)
        mature = factory.Trait(review=True, stability=40.0)
        suspended = factory.Trait(is_suspended=True)

    user = factory.SubFactory(UserFactory)
    card = factory.SubFactory(CardFactory)
    due = None
    last_review = None
    stability = None
    reps = 0
    is_suspended = False
    version = factory.SelfAttribute("reps")  # one version per answer

    @classmethod
    def _adjust_kwargs(cls, **values):
        """Fill in whichever of due and last_review the test left out (see the class docstring)."""
        if not values["reps"] or values["stability"] is None:
            values["due"] = values["due"] or NOW
            return values
        interval = timedelta(days=values["stability"])
        if values["due"] is None:
            values["last_review"] = values["last_review"] or NOW
            values["due"] = values["last_review"] + interval
        elif values["last_review"] is None:
            values["last_review"] = values["due"] - interval
        return values


class ReviewLogFactory(factory.django.DjangoModelFactory):
    """One answer: by default Good, at NOW, on a review card 5 days after its last review, on its learner's day.

    Each card's answers are numbered (version_before) in the order they were given, on from those
    already saved, as the study screen numbers them. `ReviewLogFactory.save_all(rows)` saves rows
    made with `.build()` in one statement, for tests that need thousands.
    """

    class Meta:
        model = ReviewLog

    class Params:
        study = None  # the learner's StudySettings, to spare reading them for each of many rows

    user = factory.SubFactory(UserFactory)
    card = factory.SubFactory(CardFactory)
    rating = ReviewLog.Rating.GOOD
    reviewed_at = NOW
    shown_at = factory.SelfAttribute("reviewed_at")
    day = factory.LazyAttribute(lambda row: (row.study or StudySettings.for_user(row.user)).day_of(row.reviewed_at))
    duration_ms = 8000
    kind_before = CardState.State.REVIEW
    interval_before_days = factory.LazyAttribute(lambda row: None if row.kind_before == ReviewLog.KIND_NEW else 5.0)
    state_after = factory.Dict({})
    interval_days = 1.0
    version_before = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        (row,) = cls.save_all([model_class(*args, **kwargs)])
        return row

    @classmethod
    def save_all(cls, rows: list[ReviewLog]) -> list[ReviewLog]:
        """Save unsaved rows in one statement, numbering the versions of each learner's card in time order."""
        unnumbered = sorted((row for row in rows if row.version_before is None), key=lambda row: row.reviewed_at)
        next_version = _next_versions({(row.user_id, row.card_id) for row in unnumbered})
        for row in unnumbered:
            key = (row.user_id, row.card_id)
            row.version_before = next_version.get(key, 0)
            next_version[key] = row.version_before + 1
        return ReviewLog.objects.bulk_create(rows)


def _next_versions(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The next version_before of each (user, card) that has saved answers already."""
    if not pairs:
        return {}
    saved = (
        ReviewLog.objects.filter(user_id__in={user for user, _ in pairs}, card_id__in={card for _, card in pairs})
        .values_list("user_id", "card_id")
        .annotate(last=Max("version_before"))
    )
    return {(user, card): last + 1 for user, card, last in saved if (user, card) in pairs}


class ExamFactory(factory.django.DjangoModelFactory):
    """What a learner's exam and a class's exam share: by default on every topic, a week after NOW, at 0.9 recall.

    Given topics, the exam covers only those.
    """

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    day = (NOW + timedelta(days=7)).date()
    target = 0.9
    all_topics = True

    @factory.post_generation
    def topics(exam, create, extracted, **kwargs):
        if extracted:
            exam.topics.set(extracted)
            exam.all_topics = False
            exam.save(update_fields=["all_topics"])
