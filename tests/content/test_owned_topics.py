"""Owned topics: slugs, what becomes of existing topics, an owner's account, and staff making one a site topic."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import ProtectedError
from django.urls import reverse

from studyapp.classes.models import ClassTopic
from studyapp.content.models import Topic
from tests.classes.factories import ClassFactory
from tests.factories import CardFactory, ClassTopicFactory, OwnedTopicFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- slugs ------------------------------------------------------------------------------------


def test_a_new_topic_gets_its_names_slug():
    assert Topic.objects.free_slug("My DynamoDB notes!") == "my-dynamodb-notes"


def test_a_taken_slug_gets_the_next_free_number_whoever_holds_it():
    TopicFactory(slug="lambda")  # a site topic
    assert Topic.objects.free_slug("Lambda") == "lambda-2"
    OwnedTopicFactory(slug="lambda-2")
    OwnedTopicFactory(slug="lambda-3")
    assert Topic.objects.free_slug("Lambda") == "lambda-4"
    TopicFactory(slug="lambda-layers")  # a longer slug on the same stem takes nothing
    assert Topic.objects.free_slug("Lambda layers") == "lambda-layers-2"


def test_a_long_name_is_cut_to_leave_room_for_its_number():
    longest = Topic._meta.get_field("slug").max_length
    name = "word " * 40
    first = Topic.objects.free_slug(name)
    assert len(first) <= longest and not first.endswith("-")
    OwnedTopicFactory(slug=first)
    second = Topic.objects.free_slug(name)
    assert second.endswith("-2") and len(second) <= longest and second != first


def test_a_name_with_nothing_to_slug_becomes_topic():
    assert Topic.objects.free_slug("日本語 !!!") == "topic"


# --- existing data ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_every_existing_topic_a_site_topic():
    executor = MigrationExecutor(connection)
    executor.migrate([("content", "0001_initial"), ("classes", "0001_initial")])
    old_topic = executor.loader.project_state([("content", "0001_initial")]).apps.get_model("content", "Topic")
    old_topic.objects.create(
        slug="kept",
        title="Kept",
        short_title="Kept",
        summary="",
        source_file="kept.md",
        source_hash="x",
        body="b",
        html="<p>b</p>",
        outline={},
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    topic = Topic.objects.get(slug="kept")
    assert topic.owner is None and topic.is_site_topic and topic.source_text == "" and topic.body == "b"
    assert list(Topic.objects.visible_to(None)) == [topic]


# --- the owner's account ----------------------------------------------------------------------


def test_an_owner_cannot_be_deleted_while_they_own_topics_and_the_topic_stays_private():
    topic = OwnedTopicFactory()
    with pytest.raises(ProtectedError):
        topic.owner.delete()
    topic.refresh_from_db()
    assert topic.owner is not None and topic not in Topic.objects.visible_to(UserFactory())


# --- staff make a topic a site topic ----------------------------------------------------------


def test_making_a_site_topic_shows_it_to_everyone_drops_its_shares_and_keeps_its_notes():
    link = ClassTopicFactory()
    topic = link.topic
    stranger = UserFactory()
    assert topic not in Topic.objects.visible_to(stranger)
    topic.make_site_topic()
    topic.refresh_from_db()
    assert topic.is_site_topic and topic in Topic.objects.visible_to(stranger) and topic in Topic.objects.visible()
    assert not ClassTopic.objects.exists()
    assert topic.source_text.startswith("---\ntitle: Sample topic")  # what staff save as its file in content/


def test_the_admin_action_makes_site_topics(staff_client):
    owned, site = OwnedTopicFactory(title="Learner notes"), TopicFactory()
    ClassTopicFactory(topic=owned, klass=ClassFactory(instructor=owned.owner))
    response = staff_client.post(
        reverse("admin:content_topic_changelist"),
        {"action": "make_site_topic", "_selected_action": [owned.pk, site.pk]},
        follow=True,
    )
    assert response.status_code == 200
    owned.refresh_from_db()
    assert owned.owner is None and not ClassTopic.objects.exists()
    assert f"with the slug “{owned.slug}”" in response.text


def test_the_admin_filters_site_and_owned_topics(staff_client):
    OwnedTopicFactory(title="Learner notes")
    TopicFactory(title="Site notes")
    url = reverse("admin:content_topic_changelist")
    assert "Learner notes" not in staff_client.get(url, {"kind": "site"}).text
    page = staff_client.get(url, {"kind": "owned"}).text
    assert "Learner notes" in page and "Site notes" not in page


def test_an_owned_topics_cards_are_its_owners_to_change(
    instructor, instructor_client, other_instructor, other_instructor_client
):
    """Another instructor who sees the topic (a member of the class it is shared with) may not edit its cards."""
    link = ClassTopicFactory(topic=OwnedTopicFactory(owner=instructor), klass=ClassFactory(instructor=instructor))
    card = CardFactory(topic=link.topic)
    link.klass.add_learner(other_instructor)
    member = other_instructor_client
    assert member.get(reverse("cards:browser", args=[link.topic.slug])).status_code == 200
    assert member.get(reverse("cards:edit", args=[card.pk])).status_code == 403
    assert member.post(reverse("cards:retire", args=[card.pk])).status_code == 403
    assert instructor_client.get(reverse("cards:edit", args=[card.pk])).status_code == 200


def test_flags_on_an_owned_topics_cards_reach_its_owner_alone(instructor, instructor_client, other_instructor_client):
    from studyapp.cards.models import CardFlag

    card = CardFactory(topic=OwnedTopicFactory(owner=instructor, title="Mine"))
    site_card = CardFactory()
    for flagged in (card, site_card):
        CardFlag.objects.create(card=flagged, user=UserFactory(), reason="wrong", comment=f"flag on {flagged.front}")
    assert f"flag on {card.front}" in instructor_client.get(reverse("cards:flags")).text
    page = other_instructor_client.get(reverse("cards:flags")).text
    assert f"flag on {site_card.front}" in page and f"flag on {card.front}" not in page


def test_deleting_the_account_of_an_owner_is_refused_with_a_reason(instructor, instructor_client):
    from tests.factories import PASSWORD

    topic = OwnedTopicFactory(owner=instructor)
    response = instructor_client.post(reverse("progress:delete-account"), {"password": PASSWORD})
    assert response.status_code == 200 and "You still own topics" in response.text
    topic.refresh_from_db()
    assert topic.owner is not None


def test_export_cards_exports_the_site_topics_alone(tmp_path):
    import json

    from django.core.management import CommandError, call_command

    site_card, owned_card = CardFactory(), CardFactory(topic=OwnedTopicFactory())
    output = tmp_path / "cards.json"
    call_command("export_cards", "--format", "json", "--output", str(output))
    assert [card["front"] for card in json.loads(output.read_text())] == [site_card.front]
    with pytest.raises(CommandError, match="among the site topics"):
        call_command("export_cards", "--topic", owned_card.topic.slug, "--output", str(output))
