from django.core.files.uploadedfile import SimpleUploadedFile

from studyapp.cards.models import Card
from studyapp.cards.sync import sync_topic_cards
from studyapp.content.models import Topic
from tests.factories import OwnedTopicFactory, TopicFactory
from tests.notes.conftest import NOTES, OUTLINE


def url(topic):
    return f"/notes/{topic.slug}/download.md"


def relative_keys(topic):
    """Card keys without the topic's slug: a re-uploaded topic gets a slug of its own."""
    return sorted(k.removeprefix(topic.slug) for k in Card.objects.filter(topic=topic).values_list("key", flat=True))


def test_a_site_topic_comes_with_front_matter(learner_client, db):
    topic = TopicFactory()
    response = learner_client.get(url(topic))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/markdown")
    assert f'filename="{topic.slug}.md"' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith(f"---\ntitle: {topic.title}\nslug: {topic.slug}\norder: {topic.order}\n")
    assert "## Limits" in text


def test_an_owned_markdown_topic_gives_its_notes_as_written(learner_client, saved):
    assert learner_client.get(url(saved)).content.decode() == NOTES


def test_it_requires_log_in(client, db):
    response = client.get(url(TopicFactory()))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_refuses_the_wrong_method(learner_client, saved):
    assert learner_client.post(url(saved)).status_code == 405


def test_someone_elses_private_topic_is_404(learner_client, other_learner):
    assert learner_client.get(url(OwnedTopicFactory(owner=other_learner))).status_code == 404


def test_reuploading_a_download_gives_the_same_cards(learner_client, learner, imported_topics):
    site = imported_topics["lambda"]
    sync_topic_cards(site)
    learner_client.post("/notes/new/", {"text": OUTLINE, "action": "save"})
    for topic in [site, *Topic.objects.owned_by(learner)]:
        downloaded = learner_client.get(url(topic)).content
        response = learner_client.post(
            "/notes/new/", {"files": [SimpleUploadedFile(f"{topic.slug}.md", downloaded)], "action": "save"}
        )
        assert response.status_code == 302, response.context["form"].errors
        copy = Topic.objects.get(owner=learner, source_file=f"{topic.slug}.md")
        assert copy.slug != topic.slug and relative_keys(copy) == relative_keys(topic), topic.slug
        assert Card.objects.filter(topic=copy).count() > 0
