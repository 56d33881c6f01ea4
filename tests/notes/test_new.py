from django.core.files.uploadedfile import SimpleUploadedFile

from studyapp.cards.models import Card
from studyapp.content.models import SourceFormat, Topic
from tests.factories import OwnedTopicFactory, TopicFactory
from tests.notes.conftest import NOTES, OUTLINE

URL = "/notes/new/"


def test_it_shows_the_form(learner_client):
    response = learner_client.get(URL)
    assert response.status_code == 200
    assert b'name="text"' in response.content and b'name="files"' in response.content


def test_it_requires_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(URL, {"text": NOTES, "action": "save"}).status_code == 302
    assert not Topic.objects.exists()


def test_it_refuses_the_wrong_method(learner_client):
    assert learner_client.put(URL).status_code == 405


def test_it_previews_topics_cards_questions_and_warnings_without_saving(learner_client):
    response = learner_client.post(URL, {"text": NOTES, "action": "preview"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "My Lambda" in page
    assert "What is the timeout of My Lambda?" in page and "15 minutes" in page  # a card, front and back
    assert "line 3: unknown front matter key" in page  # a warning, by line
    assert "Quiz questions:" in page and "(answer)" in page
    assert "<h2" in page and "Limits" in page  # the rendered page
    assert not Topic.objects.exists()


def test_its_htmx_preview_is_a_fragment(learner_client):
    response = learner_client.post(URL, {"text": NOTES, "action": "preview"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content and b"What is the timeout of My Lambda?" in response.content


def test_its_htmx_preview_of_unreadable_notes_is_200_with_the_error(learner_client):
    response = learner_client.post(URL, {"text": "## Limits\n- Timeout:\x01 15\n"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content and b"pasted notes:2:" in response.content


def test_unreadable_notes_show_file_and_line_and_keep_the_text(learner_client):
    text = "## Limits\n- Timeout:\x01 15\n"
    response = learner_client.post(URL, {"text": text, "action": "save"})
    assert response.status_code == 200
    assert "pasted notes:2:" in response.context["form"].errors["text"][0]
    assert "Timeout:" in response.content.decode()  # the textarea keeps what was typed
    assert not Topic.objects.exists()


def test_empty_notes_are_refused(learner_client):
    response = learner_client.post(URL, {"text": "  ", "action": "save"})
    assert "Paste some notes or choose a file." in response.content.decode()


def test_it_saves_an_owned_topic_with_its_source_and_cards(learner_client, learner):
    response = learner_client.post(URL, {"text": NOTES, "action": "save"})
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.owner == learner and topic.slug == "my-lambda"
    assert topic.source_text == NOTES and topic.source_format == SourceFormat.MARKDOWN
    assert topic.source_file.startswith("pasted notes, ")
    assert "<h2" in topic.html
    assert Card.objects.filter(topic=topic).count() == 4  # one card for each of the four Label: value facts
    assert Card.objects.filter(topic=topic, key="my-lambda/limits/timeout/fact").exists()


def test_its_slugs_never_clash_with_other_topics(learner_client, learner):
    TopicFactory(markdown="---\ntitle: X\nslug: my-lambda\norder: 1\nsummary: s\n---\n\n## A\n\n- B: 1\n")
    learner_client.post(URL, {"text": NOTES, "action": "save"})
    learner_client.post(URL, {"text": NOTES, "action": "save"})
    slugs = sorted(Topic.objects.owned_by(learner).values_list("slug", flat=True))
    assert slugs == ["my-lambda-2", "my-lambda-3"]
    assert Card.objects.filter(topic__slug="my-lambda-2", key__startswith="my-lambda-2/").count() == 4


def test_an_outline_of_several_subjects_makes_topics_that_stay_together(learner_client, learner):
    learner_client.post(URL, {"text": OUTLINE, "action": "save"})
    topics = list(Topic.objects.owned_by(learner).order_by("order"))
    assert [t.title for t in topics] == ["Lambda basics", "Queue basics"]
    assert len({t.source_file for t in topics}) == 1 and all(t.source_text == OUTLINE for t in topics)
    assert all(t.source_format == SourceFormat.OUTLINE for t in topics)


def test_it_reads_several_uploaded_files(learner_client, learner):
    files = [
        SimpleUploadedFile("lambda.md", NOTES.encode()),
        SimpleUploadedFile("queues.txt", b"Queues\n  Basics\n    Retention: 4 days\n"),
    ]
    response = learner_client.post(URL, {"files": files, "action": "save"})
    assert response.status_code == 302
    assert sorted(Topic.objects.owned_by(learner).values_list("source_file", flat=True)) == ["lambda.md", "queues.txt"]


def test_it_refuses_other_files(learner_client):
    response = learner_client.post(URL, {"files": [SimpleUploadedFile("notes.pdf", b"%PDF")], "action": "save"})
    assert "only .md and .txt" in response.context["form"].errors["files"][0]


def test_it_refuses_a_file_that_is_not_utf8_with_its_line(learner_client):
    response = learner_client.post(URL, {"files": [SimpleUploadedFile("a.md", b"# A\n\xff\n")], "action": "save"})
    assert "a.md:2: not valid UTF-8" in response.context["form"].errors["files"][0]


def test_it_refuses_a_text_over_the_size_limit(learner_client, settings):
    settings.NOTES_MAX_BYTES = 100
    response = learner_client.post(URL, {"text": NOTES, "action": "save"})
    assert "the most is 100 bytes" in response.context["form"].errors["text"][0]
    response = learner_client.post(URL, {"files": [SimpleUploadedFile("a.md", NOTES.encode())], "action": "save"})
    assert "a.md is" in response.context["form"].errors["files"][0]
    assert not Topic.objects.exists()


def test_it_refuses_topics_over_the_limit_and_saves_none(learner_client, learner, settings):
    settings.NOTES_MAX_TOPICS_PER_USER = 2
    OwnedTopicFactory(owner=learner)
    OwnedTopicFactory(owner=learner, archived=True)  # archived topics do not count
    response = learner_client.post(URL, {"text": OUTLINE, "action": "save"})
    assert response.status_code == 200
    assert "the most anyone may keep is 2" in response.content.decode()
    assert Topic.objects.owned_by(learner).count() == 2
    assert learner_client.post(URL, {"text": NOTES, "action": "save"}).status_code == 302


def test_a_failure_mid_save_leaves_nothing(learner_client, learner, monkeypatch):
    from studyapp.notes import authoring

    calls = []

    def failing_sync(topic):
        calls.append(topic)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return sync(topic)

    sync = authoring.sync_topic_cards
    monkeypatch.setattr(authoring, "sync_topic_cards", failing_sync)
    learner_client.raise_request_exception = False
    response = learner_client.post(URL, {"text": OUTLINE, "action": "save"})
    assert response.status_code == 500
    assert not Topic.objects.exists() and not Card.objects.exists()


def test_a_second_upload_of_a_file_name_is_told_apart_but_read_under_its_name(learner_client, learner):
    for _ in range(2):
        learner_client.post(URL, {"files": [SimpleUploadedFile("lambda.md", NOTES.encode())], "action": "save"})
    assert sorted(Topic.objects.owned_by(learner).values_list("source_file", flat=True)) == [
        "lambda.md",
        "lambda.md (2)",
    ]
    response = learner_client.post(
        URL, {"files": [SimpleUploadedFile("lambda.md", b"# A\n- B:\x01 1\n")], "action": "save"}
    )
    assert response.context["form"].errors["files"][0].startswith("lambda.md:2:")
