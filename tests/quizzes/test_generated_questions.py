"""Generated questions where they are made: the bank's "generate" button, the demo quiz and
the notes preview. One topic at a time, with the sets of its notes."""

import io

import pytest
from django.urls import reverse

from studyapp.cards.sync import sync_topic_cards
from studyapp.quizzes.bank import store_generated
from studyapp.quizzes.demo import seed_quizzes
from studyapp.quizzes.generate import MULTIPLE, QuestionDraft
from studyapp.quizzes.models import Question
from tests.clients import new_client
from tests.factories import InstructorFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUES = """---
title: Queues
slug: queues
order: 9
summary: Figures of the same units as Lambda's.
---

## Limits

- Visibility timeout: 30 seconds
- Retention period: 4 days
- Message size: 256 KB
- Price: $0.40
"""

SETS_NOTES = """---
title: My serverless
---

## Integrations

- API Gateway
- Kinesis
- DynamoDB
- SNS

## Languages

- Python
- Java
- Ruby
"""


@pytest.fixture
def synced(imported_topics):
    for topic in imported_topics.values():
        sync_topic_cards(topic)
    return imported_topics


def options_by_question(author) -> dict[str, list[str]]:
    questions = Question.objects.filter(author=author).prefetch_related("options")
    return {q.source_key: sorted(o.text for o in q.options.all()) for q in questions}


def generate_as(instructor, slug: str) -> None:
    client = new_client()
    client.force_login(instructor)
    client.post(reverse("quizzes:generate"), {"topic": slug})


def test_generating_a_topic_adds_select_all_questions_on_its_notes_sets(instructor_client, instructor, synced):
    instructor_client.post(reverse("quizzes:generate"), {"topic": "lambda"})
    multiple = Question.objects.filter(author=instructor, kind=MULTIPLE)
    assert multiple.exists()
    for question in multiple:
        assert question.topic.slug == "lambda" and question.card is None
        assert question.source_key.startswith("lambda/") and question.source_key.endswith("/select-all")
        assert "Select all that apply" in question.text
        assert 2 <= question.options.filter(is_correct=True).count() <= 3
        assert question.options.filter(is_correct=False).count() == 2


def test_another_topic_never_changes_a_topics_generated_questions(instructor, synced):
    generate_as(instructor, "lambda")
    before = options_by_question(instructor)
    sync_topic_cards(TopicFactory(markdown=QUEUES))  # times, sizes and prices like Lambda's
    other = InstructorFactory()
    generate_as(other, "lambda")
    assert before and options_by_question(other) == before


def test_a_question_without_a_card_is_stored_under_the_topic_it_was_generated_for(instructor, synced):
    draft = QuestionDraft(
        "lambda/sets/set/select-all",
        None,
        MULTIPLE,
        "Which of these? Select all that apply.",
        [("A", True), ("B", True), ("C", False)],
    )
    with pytest.raises(ValueError):
        store_generated([draft], instructor)
    assert store_generated([draft], instructor, synced["lambda"]) == 1
    question = Question.objects.get(source_key="lambda/sets/set/select-all")
    assert question.topic == synced["lambda"] and question.card is None and question.options.count() == 3


def test_the_demo_quiz_mixes_figures_statements_and_sets_from_its_two_topics(synced):
    quiz = seed_quizzes(InstructorFactory(), [UserFactory() for _ in range(3)], io.StringIO())
    questions = [slot.question for slot in quiz.slots.select_related("question__topic")]
    assert len(questions) == 10
    assert {q.topic.slug for q in questions} == {"lambda", "dynamodb"}
    assert {q.kind for q in questions} == {"single", "true_false", "multiple"}


def test_the_notes_preview_shows_select_all_questions(learner_client):
    response = learner_client.post("/notes/new/", {"text": SETS_NOTES, "action": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Which of these are" in page and "Select all that apply." in page
