"""The question bank: hand-written questions of every type, generated drafts, review and ownership."""

import pytest
from django.urls import reverse

from studyapp.cards.sync import sync_topic_cards
from studyapp.quizzes.models import Question
from tests.quizzes.factories import QuestionFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def lambda_topic(imported_topics):
    topic = imported_topics["lambda"]
    sync_topic_cards(topic)
    return topic


def base(topic, **extra) -> dict:
    return {"note": f"{topic.slug}#limits", "text": "What is it?", "explanation": "See **the notes**.", **extra}


def test_an_instructor_writes_a_single_choice_question(instructor_client, instructor, lambda_topic):
    data = base(lambda_topic, option_0="900 seconds", correct_0="on", option_1="300 seconds", option_2="60 seconds")
    response = instructor_client.post(reverse("quizzes:question-create", args=["single"]), data)
    question = Question.objects.get()
    assert response.url == question.get_absolute_url()
    assert question.author == instructor and question.status == "approved" and question.anchor == "limits"
    assert [(o.text, o.is_correct) for o in question.options.all()] == [
        ("900 seconds", True),
        ("300 seconds", False),
        ("60 seconds", False),
    ]
    assert question.note_url() == "/topics/lambda/#limits"


@pytest.mark.parametrize(
    ("kind", "extra", "check"),
    [
        (
            "multiple",
            {"option_0": "SQS", "correct_0": "on", "option_1": "SNS", "correct_1": "on", "option_2": "RDS"},
            lambda q: [o.is_correct for o in q.options.all()] == [True, True, False],
        ),
        ("true_false", {"true_statement": "false"}, lambda q: q.correct_answer_text() == "False"),
        (
            "short",
            {"accepted_answers": "Node.js\nJavaScript\n"},
            lambda q: q.accepted_answers == ["Node.js", "JavaScript"],
        ),
        (
            "numeric",
            {"numeric_answer": "1,000", "tolerance": "5"},
            lambda q: (q.numeric_answer, q.tolerance) == (1000, 5),
        ),
    ],
)
def test_every_type_can_be_written(instructor_client, lambda_topic, kind, extra, check):
    response = instructor_client.post(reverse("quizzes:question-create", args=[kind]), base(lambda_topic, **extra))
    assert response.status_code == 302
    assert check(Question.objects.get(kind=kind))


@pytest.mark.parametrize(
    ("kind", "extra", "error"),
    [
        ("single", {"option_0": "A", "correct_0": "on", "option_1": "B", "correct_1": "on"}, "exactly one option"),
        ("single", {"option_0": "A", "correct_0": "on"}, "at least two options"),
        ("multiple", {"option_0": "A", "option_1": "B"}, "at least one option"),
        ("short", {"accepted_answers": ""}, "at least one accepted answer"),
        ("numeric", {"numeric_answer": "lots"}, "Enter a number"),
    ],
)
def test_a_question_without_a_right_answer_is_refused(instructor_client, lambda_topic, kind, extra, error):
    response = instructor_client.post(reverse("quizzes:question-create", args=[kind]), base(lambda_topic, **extra))
    assert response.status_code == 200 and error in response.text
    assert not Question.objects.exists()


def test_the_explanation_markdown_is_sanitized(instructor_client, lambda_topic):
    question = QuestionFactory(topic=lambda_topic, explanation="Hi <script>alert(1)</script> [x](javascript:alert(2))")
    page = instructor_client.get(question.get_absolute_url()).text
    assert "<script>alert(1)" not in page and "javascript:alert" not in page


def test_generating_makes_drafts_once_and_never_brings_back_a_discarded_one(
    instructor_client, instructor, lambda_topic
):
    response = instructor_client.post(reverse("quizzes:generate"), {"topic": "lambda"})
    assert response.url == reverse("quizzes:bank") + "?status=draft&topic=lambda"
    drafts = Question.objects.filter(author=instructor)
    count = drafts.count()
    assert count >= 10 and set(drafts.values_list("status", flat=True)) == {"draft"}
    assert all(q.topic == lambda_topic for q in drafts)
    assert all(q.card_id for q in drafts.exclude(kind="multiple"))  # a set's question tests no one card
    discarded = drafts.first()
    instructor_client.post(reverse("quizzes:question-status", args=[discarded.pk, "discarded"]))
    instructor_client.post(reverse("quizzes:generate"), {"topic": "lambda"})
    assert Question.objects.filter(author=instructor).count() == count
    discarded.refresh_from_db()
    assert discarded.status == "discarded"


def test_the_author_approves_a_draft_by_htmx(instructor_client, instructor):
    draft = QuestionFactory(author=instructor, status="draft")
    response = instructor_client.post(reverse("quizzes:question-status", args=[draft.pk, "approved"]), **HTMX)
    assert response.status_code == 200 and f'id="question-{draft.pk}"' in response.text
    draft.refresh_from_db()
    assert draft.status == "approved"


def test_editing_a_draft_can_approve_it(instructor_client, instructor, lambda_topic):
    draft = QuestionFactory(author=instructor, status="draft", topic=lambda_topic)
    data = base(lambda_topic, option_0="Right", correct_0="on", option_1="Wrong", approve="1")
    instructor_client.post(reverse("quizzes:question-edit", args=[draft.pk]), data)
    draft.refresh_from_db()
    assert draft.status == "approved" and [o.text for o in draft.options.all()] == ["Right", "Wrong"]


def test_other_instructors_read_a_question_but_cannot_change_it(other_instructor_client, instructor, lambda_topic):
    question = QuestionFactory(author=instructor, topic=lambda_topic)
    assert other_instructor_client.get(question.get_absolute_url()).status_code == 200
    assert question.text in other_instructor_client.get(reverse("quizzes:bank")).text
    assert other_instructor_client.get(reverse("quizzes:question-edit", args=[question.pk])).status_code == 403
    assert (
        other_instructor_client.post(reverse("quizzes:question-status", args=[question.pk, "discarded"])).status_code
        == 403
    )
    question.refresh_from_db()
    assert question.status == "approved"


def test_learners_and_visitors_cannot_open_the_bank(client, learner_client):
    assert learner_client.get(reverse("quizzes:bank")).status_code == 403
    client.logout()
    assert client.get(reverse("quizzes:bank")).status_code == 302


def test_the_bank_filters_by_htmx(instructor_client, instructor):
    QuestionFactory(text="About Lambda")
    QuestionFactory(text="About DynamoDB", author=instructor)
    response = instructor_client.get(reverse("quizzes:bank"), {"q": "dynamo"}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "About DynamoDB" in response.text and "About Lambda" not in response.text
    assert "About Lambda" not in instructor_client.get(reverse("quizzes:bank"), {"mine": "on"}).text


def test_status_changes_need_a_post(instructor_client, instructor):
    question = QuestionFactory(author=instructor)
    assert instructor_client.get(reverse("quizzes:question-status", args=[question.pk, "discarded"])).status_code == 405


def test_approving_a_draft_by_htmx_updates_the_review_banner_out_of_band(instructor_client, instructor):
    first, second = (QuestionFactory(author=instructor, status="draft") for _ in range(2))
    assert "2 of your questions await review" in instructor_client.get(reverse("quizzes:bank")).text
    response = instructor_client.post(reverse("quizzes:question-status", args=[first.pk, "approved"]), **HTMX)
    assert 'id="drafts-notice" hx-swap-oob="true"' in response.text
    assert "1 of your questions awaits review" in response.text
    response = instructor_client.post(reverse("quizzes:question-status", args=[second.pk, "approved"]), **HTMX)
    assert 'id="drafts-notice" hx-swap-oob="true"' in response.text and "await" not in response.text
    # Restored for review, the banner comes back.
    response = instructor_client.post(reverse("quizzes:question-status", args=[second.pk, "draft"]), **HTMX)
    assert "1 of your questions awaits review" in response.text


def test_the_review_banner_has_its_target_on_every_page_that_changes_a_status(instructor_client, instructor):
    draft = QuestionFactory(author=instructor, status="draft")
    for url in (reverse("quizzes:bank"), draft.get_absolute_url()):
        assert 'id="drafts-notice"' in instructor_client.get(url).text, url


def test_the_generate_picker_keeps_the_chosen_topic(instructor_client, instructor, lambda_topic, imported_topics):
    first = min(imported_topics.values(), key=lambda t: t.order)
    assert first != lambda_topic  # otherwise the test could not tell
    response = instructor_client.post(reverse("quizzes:generate"), {"topic": "lambda"}, follow=True)
    form = response.context["generate_form"]
    assert form["topic"].value() == "lambda"
    assert 'value="lambda" selected' in response.text
