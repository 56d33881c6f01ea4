"""Sharing an instructor's own topic with a class they teach, and unsharing it: who then sees it, and what is kept."""

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.classes.models import ClassTopic
from studyapp.content.models import Topic
from studyapp.study import queue
from studyapp.study.models import CardState, ReviewLog, StudySettings
from tests.classes.factories import ClassFactory
from tests.factories import CardFactory, ClassTopicFactory, OwnedTopicFactory, TopicFactory
from tests.study.helpers import answer

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def klass(instructor, learner):
    klass = ClassFactory(instructor=instructor, name="Evening cohort")
    klass.add_learner(learner)
    return klass


@pytest.fixture
def topic(instructor):
    return OwnedTopicFactory(owner=instructor, title="My DynamoDB notes")


def share_url(klass, topic, action="share"):
    return reverse(f"classes:{action}-topic", args=[klass.pk, topic.pk])


def test_the_class_page_lists_the_instructors_own_topics_to_share(instructor_client, klass, topic):
    TopicFactory(title="A site topic")
    OwnedTopicFactory(title="Someone else's notes")
    page = instructor_client.get(klass.get_absolute_url()).text
    section = page.split('id="shared-topics"')[1]
    assert "Topics shared with this class" in page
    assert "My DynamoDB notes" in section and "Not shared" in section
    assert "A site topic" not in section and "Someone else" not in section
    assert f'action="{share_url(klass, topic)}"' in section and f'hx-post="{share_url(klass, topic)}"' in section
    assert "csrfmiddlewaretoken" in section  # the plain form works without htmx


def test_an_instructor_without_topics_of_their_own_is_told_where_they_come_from(instructor_client, klass):
    section = instructor_client.get(klass.get_absolute_url()).text.split('id="shared-topics"')[1]
    assert "You have no topics of your own yet" in section


def test_sharing_by_htmx_swaps_the_section_with_an_unshare_button(instructor_client, klass, topic):
    response = instructor_client.post(share_url(klass, topic), **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="shared-topics"')
    assert "is shared with Evening cohort" in response.text and "Shared since" in response.text
    assert share_url(klass, topic, "unshare") in response.text
    assert ClassTopic.objects.filter(klass=klass, topic=topic).exists()


def test_sharing_without_javascript_redirects_to_the_class_with_a_message(instructor_client, klass, topic):
    response = instructor_client.post(share_url(klass, topic))
    assert response.status_code == 302 and response.url == klass.get_absolute_url()
    page = instructor_client.get(response.url).text
    assert "is shared with Evening cohort" in page and "Unshare" in page


def test_sharing_twice_is_harmless(instructor_client, klass, topic):
    instructor_client.post(share_url(klass, topic))
    instructor_client.post(share_url(klass, topic))
    assert ClassTopic.objects.count() == 1


def test_sharing_needs_a_post(instructor_client, klass, topic):
    assert instructor_client.get(share_url(klass, topic)).status_code == 405
    assert instructor_client.get(share_url(klass, topic, "unshare")).status_code == 405


def test_visitors_are_sent_to_log_in_and_learners_are_refused(client, learner_client, klass, topic):
    assert client.post(share_url(klass, topic)).status_code == 302
    assert learner_client.post(share_url(klass, topic)).status_code == 403
    assert not ClassTopic.objects.exists()


def test_another_instructors_class_is_a_404(klass, topic, other_instructor_client):
    assert other_instructor_client.post(share_url(klass, topic)).status_code == 404
    assert not ClassTopic.objects.exists()


@pytest.mark.parametrize("whose", ["another instructor's", "a site topic", "an archived one of mine"])
def test_only_the_instructors_own_topic_in_use_can_be_shared(instructor_client, instructor, klass, whose):
    topic = {
        "another instructor's": lambda: OwnedTopicFactory(),
        "a site topic": lambda: TopicFactory(),
        "an archived one of mine": lambda: OwnedTopicFactory(owner=instructor, archived=True),
    }[whose]()
    assert instructor_client.post(share_url(klass, topic)).status_code == 404
    assert instructor_client.post(share_url(klass, topic), **HTMX).status_code == 404
    assert not ClassTopic.objects.exists()


def test_the_model_refuses_to_share_a_topic_its_instructor_does_not_own(klass):
    with pytest.raises(ValueError):
        klass.share(OwnedTopicFactory())
    with pytest.raises(ValueError):
        klass.share(TopicFactory())


def test_members_see_a_shared_topic_marked_with_who_shared_it(klass, topic, learner_client, instructor):
    instructor.first_name, instructor.last_name = "Ada", "Lovelace"
    instructor.save()
    member = learner_client
    assert "My DynamoDB notes" not in member.get(reverse("content:topics")).text
    klass.share(topic)
    page = member.get(reverse("content:topics")).text
    assert "My DynamoDB notes" in page
    assert "by Ada Lovelace with Evening cohort" in " ".join(page.split())
    assert "by Ada Lovelace with Evening cohort" in " ".join(member.get(topic.get_absolute_url()).text.split())


def test_the_owner_sees_whether_their_topic_is_private_or_shared(instructor_client, klass, topic):
    assert "Only you see it" in " ".join(instructor_client.get(reverse("content:topics")).text.split())
    klass.share(topic)
    assert "Shared with Evening cohort" in " ".join(instructor_client.get(reverse("content:topics")).text.split())


def test_unsharing_hides_the_topic_and_keeps_the_history_a_new_share_brings_back(
    instructor_client, klass, topic, learner
):
    card = CardFactory(topic=topic)
    klass.share(topic)
    now = timezone.now()
    assert answer(learner, card, 4, now) == "recorded"  # Easy: straight into review
    study = StudySettings.for_user(learner)
    assert queue.next_card(learner, study, now + timezone.timedelta(days=30)).counts.review == 1

    response = instructor_client.post(share_url(klass, topic, "unshare"), **HTMX)
    assert "is no longer shared with Evening cohort" in response.text and "Not shared" in response.text
    later = now + timezone.timedelta(days=30)
    upcoming = queue.next_card(learner, study, later)
    assert upcoming.card is None and upcoming.counts.total == 0
    assert not Topic.objects.visible_to(learner).filter(pk=topic.pk).exists()
    assert (
        CardState.objects.filter(user=learner, card=card).exists()
        and ReviewLog.objects.filter(user=learner).count() == 1
    )

    instructor_client.post(share_url(klass, topic))
    upcoming = queue.next_card(learner, study, later)
    assert upcoming.card == card and upcoming.queue == queue.REVIEW  # its history is back: a review, not a new card


def test_a_learner_who_leaves_the_class_no_longer_sees_its_topics(klass, topic, learner_client):
    klass.share(topic)
    assert learner_client.get(topic.get_absolute_url()).status_code == 200
    learner_client.post(reverse("classes:leave", args=[klass.pk]))
    assert learner_client.get(topic.get_absolute_url()).status_code == 404


def test_deleting_a_class_deletes_its_shares_not_the_topic(klass, topic):
    ClassTopicFactory(klass=klass, topic=topic)
    klass.delete()
    assert not ClassTopic.objects.exists() and Topic.objects.filter(pk=topic.pk).exists()


def test_the_class_page_takes_the_same_queries_however_many_topics(
    instructor_client, instructor, klass, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    OwnedTopicFactory(owner=instructor)
    instructor_client.get(klass.get_absolute_url())  # the Study link's number is cached from the first page on
    with CaptureQueriesContext(connection) as few:
        instructor_client.get(klass.get_absolute_url())
    for _ in range(5):
        ClassTopicFactory(klass=klass, topic=OwnedTopicFactory(owner=instructor))
        OwnedTopicFactory(owner=instructor)
    with django_assert_num_queries(len(few.captured_queries)):
        instructor_client.get(klass.get_absolute_url())
