"""Progress follows the topic rule: a class's view shows the site topics and the topics shared with that class,
never a member's private topics (nor another class's), and pages keep their query counts as topics and classes grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from studyapp.progress import figures
from tests.classes.factories import ClassFactory
from tests.factories import CardFactory, CardStateFactory, ClassTopicFactory, OwnedTopicFactory, TopicFactory
from tests.progress.helpers import make_class

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(instructor, learner):
    """The learner in two of the instructor's classes; topics of every kind, each with a studied card of the
    learner's (weak: lapsed)."""
    klass = make_class(instructor, [learner])
    other_class = ClassFactory(instructor=instructor)
    other_class.add_learner(learner)
    topics = {
        "site": TopicFactory(),
        "shared": OwnedTopicFactory(owner=instructor),
        "other_class": OwnedTopicFactory(owner=instructor),
        "members_own": OwnedTopicFactory(owner=learner),
        "owners_private": OwnedTopicFactory(owner=instructor),
    }
    klass.share(topics["shared"])
    other_class.share(topics["other_class"])
    now = timezone.now()
    for name, topic in topics.items():
        topic.short_title = f"Short {name} topic"
        topic.save()
        CardStateFactory(
            review=True,
            user=learner,
            card=CardFactory(topic=topic, front=f"Weak card of {name}?"),
            stability=1,
            last_review=now - timezone.timedelta(days=20),
            lapses=3,
        )
    return klass, topics


def names(topics, found) -> set[str]:
    ids = {topic.pk for topic in found}
    return {name for name, topic in topics.items() if topic.pk in ids}


def test_a_class_shows_the_site_topics_and_its_own_shares(world):
    klass, topics = world
    progress = figures.class_progress(klass, timezone.now())
    assert names(topics, [t.topic for t in progress.topics]) == {"site", "shared"}
    weakest = figures.class_weakest_cards(progress)
    assert {row["card__front"] for row in weakest} == {"Weak card of site?", "Weak card of shared?"}


def test_the_class_page_and_csv_never_show_a_members_private_topic(world, instructor_client):
    klass, topics = world
    page = instructor_client.get(reverse("progress:class", args=[klass.pk])).text
    csv = instructor_client.get(reverse("progress:class-csv", args=[klass.pk])).content.decode()
    for name in ("members_own", "other_class", "owners_private"):
        assert f"Short {name} topic" not in page and f"Weak card of {name}" not in page
        assert topics[name].slug not in csv
    assert "Short shared topic" in page and f"mastery_{topics['shared'].slug}" in csv


def test_an_instructors_view_of_a_learner_shows_only_the_classs_topics(world, learner, instructor_client):
    klass, topics = world
    response = instructor_client.get(reverse("progress:learner", args=[klass.pk, learner.pk]))
    assert names(topics, [m.topic for m in response.context["mastery"]]) == {"site", "shared"}
    assert names(topics, [s.card.topic for s in response.context["weakest"]]) == {"site", "shared"}
    assert "Weak card of members_own" not in response.text and "Short members_own topic" not in response.text


def test_the_learner_sees_their_own_topic_on_their_own_dashboard(world, learner_client):
    _, topics = world
    response = learner_client.get(reverse("progress:dashboard"))
    assert names(topics, [m.topic for m in response.context["mastery"]]) == {
        "site",
        "shared",
        "other_class",
        "members_own",
    }


# --- query counts as topics and classes grow --------------------------------------------------


def _grow(instructor, learner, n: int = 4) -> None:
    """More classes (the learner in each), more owned topics, shared and not, of the instructor and the learner."""
    for _ in range(n):
        klass = ClassFactory(instructor=instructor)
        klass.add_learner(learner)
        ClassTopicFactory(klass=klass, topic=OwnedTopicFactory(owner=instructor))
        CardFactory(topic=OwnedTopicFactory(owner=instructor))
        CardFactory(topic=OwnedTopicFactory(owner=learner))
        CardFactory(topic=TopicFactory())


@pytest.mark.parametrize(
    "who, url",
    [
        ("member", lambda klass: reverse("content:topics")),
        ("owner", lambda klass: reverse("content:topics")),
        ("member", lambda klass: reverse("progress:dashboard")),
        ("member", lambda klass: reverse("core:home")),
        ("owner", lambda klass: reverse("core:home")),
        ("owner", lambda klass: reverse("progress:class", args=[klass.pk])),
        ("owner", lambda klass: reverse("quizzes:bank")),
        ("owner", lambda klass: reverse("classes:detail", args=[klass.pk])),
        ("member", lambda klass: reverse("study:study")),
    ],
)
def test_pages_take_the_same_queries_however_many_topics_and_classes(
    world, instructor, learner, who, url, instructor_client, learner_client, django_assert_num_queries
):
    klass, _ = world
    client = {"owner": instructor_client, "member": learner_client}[who]
    client.get(url(klass))  # the Study link's number and the dashboard's figures are cached from the first page on
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(klass)).status_code == 200
    queries = len(few.captured_queries)  # read now: the next request starts a new log
    _grow(instructor, learner)
    client.get(url(klass))  # the dashboard's figures again, for the topics and cards added
    with django_assert_num_queries(queries):
        client.get(url(klass))
