"""The bank's shelves: a question's category (a path, "A/B" inside "A") and tags, chosen or typed in
the question form; filtering the bank on them; the categories list; only current versions listed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.bank import save_question, shelves
from studyapp.quizzes.models import Category, Question, Tag
from tests.factories import TopicFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return TopicFactory()


def single(topic, **extra) -> dict:
    """A valid single-choice question as the form posts it."""
    note = "" if topic is None else f"{topic.slug}#"
    return {"note": note, "text": "What is it?", "option_0": "Right", "correct_0": "on", "option_1": "Wrong", **extra}


def create(client, data):
    return client.post(reverse("quizzes:question-create", args=["single"]), data)


def test_a_typed_category_path_is_made_with_the_categories_above_it(instructor_client, topic):
    response = create(instructor_client, single(topic, category=" Lambda /  Cold   starts/ "))
    question = Question.objects.get()
    assert response.url == question.get_absolute_url()
    assert question.category.name == "Lambda/Cold starts"
    assert list(Category.objects.values_list("name", flat=True)) == ["Lambda", "Lambda/Cold starts"]


def test_an_existing_category_is_chosen_not_made_again(instructor_client, topic):
    lambda_ = Category.objects.create(name="Lambda")
    create(instructor_client, single(topic, category="Lambda"))
    assert Question.objects.get().category == lambda_ and Category.objects.count() == 1


def test_tags_are_made_once_and_an_existing_tag_is_found_whatever_its_case(instructor_client, topic):
    hard = Tag.objects.create(name="Hard")
    create(instructor_client, single(topic, tags="hard, limits, , Limits ,timeouts"))
    question = Question.objects.get()
    assert sorted(t.name for t in question.tags.all()) == ["Hard", "limits", "timeouts"]
    assert hard in question.tags.all() and Tag.objects.count() == 3


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"category": "x" * 201}, "at most 200 characters"),
        ({"tags": "y" * 51}, "A tag can be at most 50 characters"),
        ({"tags": ", ".join(f"t{n}" for n in range(21))}, "Give at most 20 tags (these are 21)."),
    ],
)
def test_categories_and_tags_have_bounds(instructor_client, topic, extra, error):
    response = create(instructor_client, single(topic, **extra))
    assert response.status_code == 200 and error in response.text
    assert not Question.objects.exists() and not Category.objects.exists() and not Tag.objects.exists()


def test_a_question_can_be_on_no_note(instructor_client, topic):
    page = instructor_client.get(reverse("quizzes:question-create", args=["single"])).text
    assert '<option value="" selected>No note (a general question)</option>' in page
    create(instructor_client, single(None))
    question = Question.objects.get()
    assert question.topic is None and question.anchor == ""
    assert "On no note" in instructor_client.get(question.get_absolute_url()).text
    assert "No note" in instructor_client.get(reverse("quizzes:bank")).text


def test_editing_shows_the_category_and_tags_and_saves_their_change(instructor_client, instructor, topic):
    question = QuestionFactory(author=instructor, topic=topic, category=Category.objects.create(name="Lambda"))
    question.tags.add(Tag.objects.create(name="hard"), Tag.objects.create(name="limits"))
    url = reverse("quizzes:question-edit", args=[question.pk])
    form = instructor_client.get(url).context["form"]
    assert (form["category"].value(), form["tags"].value(), form["note"].value()) == (
        "Lambda",
        "hard, limits",
        f"{topic.slug}#",
    )
    instructor_client.post(url, single(topic, category="DynamoDB", tags="limits"))
    question.refresh_from_db()
    assert question.category.name == "DynamoDB" and [t.name for t in question.tags.all()] == ["limits"]


def test_saving_without_shelves_in_the_data_keeps_them(instructor, topic):
    question = QuestionFactory(author=instructor, topic=topic, category=Category.objects.create(name="Lambda"))
    question.tags.add(Tag.objects.create(name="hard"))
    save_question(question, {"note": (topic, ""), "text": "Changed?", "options": [("A", True), ("B", False)]})
    question.refresh_from_db()
    assert question.category.name == "Lambda" and [t.name for t in question.tags.all()] == ["hard"]


@pytest.fixture
def shelved(instructor):
    lambda_ = Category.objects.create(name="Lambda")
    cold = Category.objects.create(name="Lambda/Cold starts")
    edge = Category.objects.create(name="Lambda@Edge")  # starts like "Lambda", is not inside it
    hard = Tag.objects.create(name="hard")
    questions = {
        "lambda": QuestionFactory(author=instructor, category=lambda_, text="In Lambda?"),
        "cold": QuestionFactory(author=instructor, category=cold, text="In cold starts?"),
        "edge": QuestionFactory(author=instructor, category=edge, text="At the edge?"),
        "gone": QuestionFactory(author=instructor, category=cold, text="Discarded?", status="discarded"),
        "loose": QuestionFactory(author=instructor, text="On no shelf?"),
    }
    questions["cold"].tags.add(hard)
    questions["edge"].tags.add(hard)
    return questions


def listed(client, **params) -> set[str]:
    response = client.get(reverse("quizzes:bank"), params, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    return {q.text for q in response.context["questions"]}


def test_the_bank_filters_on_a_category_and_the_ones_inside_it(instructor_client, shelved):
    assert listed(instructor_client, category="Lambda") == {"In Lambda?", "In cold starts?"}
    assert listed(instructor_client, category="Lambda/Cold starts") == {"In cold starts?"}


def test_the_bank_filters_on_a_tag_and_on_both(instructor_client, shelved):
    assert listed(instructor_client, tag="hard") == {"In cold starts?", "At the edge?"}
    assert listed(instructor_client, tag="hard", category="Lambda") == {"In cold starts?"}


def test_an_unknown_category_is_a_filter_error(instructor_client, shelved):
    response = instructor_client.get(reverse("quizzes:bank"), {"category": "Nowhere"}, **HTMX)
    assert "Category: Select a valid choice." in response.text


def test_the_bank_shows_each_questions_category_and_tags(instructor_client, shelved):
    page = instructor_client.get(reverse("quizzes:bank")).text
    article = page[page.index(f'id="question-{shelved["cold"].pk}"') :]
    article = article[: article.index("</article>")]
    assert 'href="/quizzes/bank/?category=Lambda/Cold%20starts"' in article
    assert 'href="/quizzes/bank/?tag=hard"' in article


def test_the_categories_list_counts_the_questions_in_each_and_inside_it(instructor, shelved):
    Category.objects.create(name="DynamoDB")  # made last, listed first
    # Lambda: its own and the cold-start one (the discarded one is not listed, so not counted).
    assert [(s.category.name, s.questions) for s in shelves(instructor)] == [
        ("DynamoDB", 0),
        ("Lambda", 2),
        ("Lambda/Cold starts", 1),
        ("Lambda@Edge", 1),
    ]


def test_the_categories_list_counts_only_what_the_instructor_sees(instructor, other_instructor, shelved):
    private = TopicFactory(owner=instructor)
    QuestionFactory(author=instructor, topic=private, category=Category.objects.get(name="Lambda@Edge"))
    assert dict((s.category.name, s.questions) for s in shelves(instructor))["Lambda@Edge"] == 2
    assert dict((s.category.name, s.questions) for s in shelves(other_instructor))["Lambda@Edge"] == 1


def test_the_categories_list_is_one_query(instructor, shelved, django_assert_num_queries):
    with django_assert_num_queries(1):
        shelves(instructor)


def test_the_bank_page_lists_the_categories_with_links(instructor_client, shelved):
    page = instructor_client.get(reverse("quizzes:bank")).text
    assert '<a href="/quizzes/bank/?category=Lambda">Lambda</a> <span class="muted">2</span>' in page


def test_the_bank_lists_only_the_current_version(instructor_client, instructor, learner):
    question = QuestionFactory(author=instructor, text="First wording?")
    QuizFactory(instructor=instructor, questions=[question], learners=[learner]).start_attempt(learner, timezone.now())
    save_question(question, {"note": (question.topic, ""), "text": "Second wording?", "options": [("A", True)]})
    assert listed(instructor_client) == {"Second wording?"}
    assert "Version 2" in instructor_client.get(reverse("quizzes:bank")).text


def test_the_bank_takes_a_fixed_number_of_queries_with_shelves(
    instructor_client, instructor, django_assert_max_num_queries
):
    def add_shelved_question(n):
        question = QuestionFactory(author=instructor, category=Category.objects.create(name=f"C{n}/Inner"))
        question.tags.add(Tag.objects.create(name=f"t{n}"), Tag.objects.create(name=f"u{n}"))

    add_shelved_question(0)
    url = reverse("quizzes:bank")
    instructor_client.get(url)  # what the site caches (the navigation's badge) is cached from here on
    with django_assert_max_num_queries(30) as few:
        instructor_client.get(url)
    for n in range(1, 8):
        add_shelved_question(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        instructor_client.get(url)
