from django.utils import timezone

from studyapp.cards.models import Card
from studyapp.content.models import Topic
from studyapp.study.models import CardState, ReviewLog
from tests.factories import CardStateFactory, OwnedTopicFactory, ReviewLogFactory, TopicFactory
from tests.notes.conftest import NOTES, OUTLINE

REWORDED = NOTES.replace("Timeout: 15 minutes", "Timeout: 900 seconds").replace(
    "- Layers per function: 5\n", "- Concurrency: 1,000 per Region\n"
)


def edit_url(topic):
    return f"/notes/{topic.slug}/edit/"


def preview_url(topic):
    return f"/notes/{topic.slug}/preview/"


def test_it_shows_the_notes_as_written(learner_client, saved):
    response = learner_client.get(edit_url(saved))
    assert response.status_code == 200
    assert "colour: red" in response.content.decode()
    assert b'hx-trigger="input changed delay:600ms"' in response.content


def test_it_requires_log_in(client, saved):
    response = client.get(edit_url(saved))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(preview_url(saved), {"text": REWORDED}).status_code == 302


def test_it_is_the_owners_alone(other_learner_client, saved):
    assert other_learner_client.get(edit_url(saved)).status_code == 404
    assert other_learner_client.post(edit_url(saved), {"text": REWORDED}).status_code == 404
    assert other_learner_client.post(preview_url(saved), {"text": REWORDED}).status_code == 404
    assert Topic.objects.get().source_text == NOTES


def test_site_topics_are_not_edited_here(learner_client, db):
    topic = TopicFactory()
    assert learner_client.get(edit_url(topic)).status_code == 404


def test_it_refuses_the_wrong_method(learner_client, saved):
    assert learner_client.put(edit_url(saved)).status_code == 405
    assert learner_client.get(preview_url(saved)).status_code == 405


def test_its_preview_says_which_cards_are_created_changed_and_retired(learner_client, saved):
    response = learner_client.post(preview_url(saved), {"text": REWORDED}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"<html" not in response.content
    plan = response.context["plan"]
    statuses = {(c.front, c.status) for c in plan.topics[0].changes}
    assert ("What is the timeout of My Lambda?", "changed") in statuses
    assert any(front.startswith("What is the concurrency") and s == "created" for front, s in statuses)
    assert ("How many layers per function does My Lambda allow?", "retired") in statuses
    # One card a fact: Timeout reworded, Concurrency new, Layers gone, Memory and Payload size as they were.
    assert b"Cards: 4 (1 new, 1 changed in place, 1 retired)" in response.content
    assert Topic.objects.get().source_text == NOTES  # nothing saved


def test_its_plain_preview_is_the_whole_page(learner_client, saved):
    response = learner_client.post(preview_url(saved), {"text": REWORDED})
    assert b"<html" in response.content and b"changed in place" in response.content


def test_saving_keeps_a_learners_history_on_a_changed_fact(learner_client, learner, saved):
    card = Card.objects.get(topic=saved, key="my-lambda/limits/timeout/fact")
    CardStateFactory(review=True, user=learner, card=card)
    ReviewLogFactory(user=learner, card=card, reviewed_at=timezone.now())
    response = learner_client.post(edit_url(saved), {"text": REWORDED})
    assert response.status_code == 302 and response["Location"] == saved.get_absolute_url()
    card.refresh_from_db()
    assert card.back == "900 seconds" and card.retired_at is None
    assert CardState.objects.get(user=learner).card_id == card.pk
    assert ReviewLog.objects.get(user=learner).card_id == card.pk
    retired = Card.objects.get(topic=saved, key="my-lambda/limits/layers-per-function/fact")
    assert retired.retired_at is not None
    saved.refresh_from_db()
    assert saved.source_text == REWORDED and saved.slug == "my-lambda"


def test_a_renamed_title_keeps_the_topic(learner_client, saved):
    learner_client.post(edit_url(saved), {"text": NOTES.replace("title: My Lambda", "title: Lambda, mine")})
    topic = Topic.objects.get()
    assert (topic.pk, topic.slug, topic.title) == (saved.pk, "my-lambda", "Lambda, mine")


def test_a_failed_save_keeps_the_text_typed(learner_client, saved):
    typed = "## Limits\n- Timeout:\x01 15\n"
    response = learner_client.post(edit_url(saved), {"text": typed})
    assert response.status_code == 200
    assert "pasted notes:2:" in response.context["form"].errors["text"][0]
    assert "- Timeout:" in response.content.decode()
    assert Topic.objects.get().source_text == NOTES


def test_its_htmx_preview_of_unreadable_notes_is_200(learner_client, saved):
    response = learner_client.post(preview_url(saved), {"text": "x\x01"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and b"form-errors" in response.content


def test_editing_one_topic_of_an_outline_edits_them_all_and_archives_a_gone_subject(learner_client, learner):
    learner_client.post("/notes/new/", {"text": OUTLINE, "action": "save"})
    lam = Topic.objects.get(title="Lambda basics")
    queue = Topic.objects.get(title="Queue basics")
    text = (
        OUTLINE.replace("Timeout: 15 minutes", "Timeout: 900 seconds").split("Queue basics")[0]
        + "Step basics\n  States\n    Max duration: 1 year\n"
    )
    response = learner_client.post(edit_url(lam), {"text": text})
    assert response.status_code == 302 and response["Location"] == lam.get_absolute_url()
    lam.refresh_from_db()
    queue.refresh_from_db()
    assert lam.source_text == text and not lam.archived
    assert queue.archived and Card.objects.filter(topic=queue, retired_at=None).count() == 0
    step = Topic.objects.get(title="Step basics")
    assert step.owner == learner and step.source_file == lam.source_file
    # the subject comes back: its topic and cards too
    learner_client.post(edit_url(lam), {"text": OUTLINE})
    queue.refresh_from_db()
    assert not queue.archived and Card.objects.filter(topic=queue, retired_at=None).exists()


def test_editing_respects_the_topic_limit(learner_client, learner, saved, settings):
    settings.NOTES_MAX_TOPICS_PER_USER = 1
    response = learner_client.post(edit_url(saved), {"text": OUTLINE})
    assert "the most anyone may keep is 1" in response.content.decode()
    assert learner_client.post(edit_url(saved), {"text": REWORDED}).status_code == 302


def test_someone_elses_owned_topic_is_404(learner_client, other_learner):
    topic = OwnedTopicFactory(owner=other_learner)
    assert learner_client.get(edit_url(topic)).status_code == 404
