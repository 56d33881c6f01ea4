"""The quiz builder: settings, questions from the bank, random draws, order, points, publish, classes."""

from datetime import timedelta

import pytest
from django.urls import reverse

from studyapp.quizzes.models import Quiz, Slot
from tests.classes.factories import ClassFactory
from tests.factories import TopicFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db

SETTINGS = {
    "title": "Lambda limits",
    "instructions": "Be quick.",
    "time_limit_minutes": "20",
    "attempts_allowed": "2",
    "grading_method": "average",
    "opens_at": "",
    "closes_at": "",
    "pass_mark": "70",
    "feedback": "submit",
    "shuffle_questions": "on",
}


@pytest.fixture
def quiz(instructor) -> Quiz:
    return QuizFactory(instructor=instructor, published_at=None)


def test_an_instructor_creates_a_quiz_and_lands_in_the_builder(instructor_client, instructor):
    response = instructor_client.post(reverse("quizzes:create"), SETTINGS)
    quiz = Quiz.objects.get(instructor=instructor)
    assert response.url == reverse("quizzes:edit", args=[quiz.pk])
    assert quiz.time_limit == timedelta(minutes=20) and quiz.grading_method == "average"
    assert quiz.shuffle_questions and not quiz.shuffle_options and not quiz.is_published


def test_learners_cannot_build_quizzes(learner_client, quiz):
    assert learner_client.get(reverse("quizzes:create")).status_code == 403
    assert learner_client.get(reverse("quizzes:edit", args=[quiz.pk])).status_code == 403


def test_the_builder_requires_login(client, quiz):
    response = client.get(reverse("quizzes:edit", args=[quiz.pk]))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_opening_and_closing_times_are_read_in_the_instructors_time_zone(instructor_client, instructor, quiz):
    instructor.profile.time_zone = "Europe/Berlin"
    instructor.profile.save()
    data = {**SETTINGS, "opens_at": "2030-01-10T09:00", "closes_at": "2030-01-10T10:30"}
    instructor_client.post(reverse("quizzes:settings", args=[quiz.pk]), data)
    quiz.refresh_from_db()
    assert quiz.opens_at.isoformat() == "2030-01-10T08:00:00+00:00"
    assert quiz.closes_at - quiz.opens_at == timedelta(minutes=90)


def test_invalid_settings_come_back_with_errors_in_the_htmx_form(instructor_client, quiz):
    data = {**SETTINGS, "opens_at": "2030-01-10T09:00", "closes_at": "2030-01-10T08:00"}
    response = instructor_client.post(reverse("quizzes:settings", args=[quiz.pk]), data, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "must close after it opens" in response.text
    data = {**SETTINGS, "feedback": "close"}
    assert (
        "needs a closing time" in instructor_client.post(reverse("quizzes:settings", args=[quiz.pk]), data, **HTMX).text
    )


def test_the_settings_save_by_htmx(instructor_client, quiz):
    response = instructor_client.post(reverse("quizzes:settings", args=[quiz.pk]), SETTINGS, **HTMX)
    assert "Settings saved." in response.text
    quiz.refresh_from_db()
    assert quiz.title == "Lambda limits" and quiz.pass_mark == 70


def test_the_bank_search_filters_by_text_topic_and_type(instructor_client, quiz):
    topic = TopicFactory()
    wanted = QuestionFactory(text="Lambda memory ceiling?", topic=topic)
    QuestionFactory(text="DynamoDB read units?", topic=topic)
    QuestionFactory(text="Lambda short one", kind="short", accepted_answers=["x"], topic=topic)
    draft = QuestionFactory(text="Lambda draft", status="draft")
    url = reverse("quizzes:edit", args=[quiz.pk])
    response = instructor_client.get(url, {"q": "lambda", "kind": "single", "topic": topic.slug}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert wanted.text in response.text
    assert "DynamoDB read units" not in response.text and "Lambda short one" not in response.text
    assert draft.text not in instructor_client.get(url, {"q": "lambda"}).text  # not approved: not usable yet


def test_the_bank_search_says_which_questions_the_quiz_holds_and_reads_only_the_picker(
    instructor_client, quiz, django_assert_max_num_queries
):
    held, free = QuestionFactory(text="Held one?"), QuestionFactory(text="Free one?")
    Slot.objects.create(quiz=quiz, question=held, position=1)
    url = reverse("quizzes:edit", args=[quiz.pk])
    # session, user, role, quiz, its classes (usable topics), the question ids it holds, the picker's questions
    # with their options and tags
    with django_assert_max_num_queries(9):
        response = instructor_client.get(url, {"q": "one"}, **HTMX)
    rows = response.text.split('class="picker-row"')[1:]
    assert "In the quiz" in next(row for row in rows if held.text in row)
    assert "In the quiz" not in next(row for row in rows if free.text in row)


def test_adding_moving_pointing_and_removing_questions(instructor_client, quiz):
    first, second = QuestionFactory(text="First?"), QuestionFactory(text="Second?")
    for question in (first, second):
        response = instructor_client.post(
            reverse("quizzes:slot-add", args=[quiz.pk]), {"question": question.pk}, **HTMX
        )
        assert response.status_code == 200 and 'id="slots"' in response.text
    # twice: once only
    instructor_client.post(reverse("quizzes:slot-add", args=[quiz.pk]), {"question": first.pk}, **HTMX)
    slots = list(quiz.slots.all())
    assert [s.question for s in slots] == [first, second]
    instructor_client.post(reverse("quizzes:slot-move", args=[quiz.pk, slots[1].pk, "up"]), **HTMX)
    assert [s.question for s in quiz.slots.all()] == [second, first]
    instructor_client.post(reverse("quizzes:slot-points", args=[quiz.pk, slots[0].pk]), {"points": "2.5"}, **HTMX)
    assert quiz.plan().max_points == 3.5
    instructor_client.post(reverse("quizzes:slot-remove", args=[quiz.pk, slots[0].pk]), **HTMX)
    assert [s.question for s in quiz.slots.all()] == [second]


def test_a_draft_question_cannot_be_added(instructor_client, quiz):
    draft = QuestionFactory(status="draft")
    assert (
        instructor_client.post(reverse("quizzes:slot-add", args=[quiz.pk]), {"question": draft.pk}).status_code == 404
    )


def test_a_random_draw_from_topics(instructor_client, quiz):
    topic = TopicFactory()
    for _ in range(3):
        QuestionFactory(topic=topic)
    response = instructor_client.post(
        reverse("quizzes:slot-random", args=[quiz.pk]), {"count": "3", "topics": [topic.pk], "points": "2"}, **HTMX
    )
    assert "3 random questions" in response.text
    slot = quiz.slots.get()
    assert slot.random_count == 3 and list(slot.random_topics.all()) == [topic]
    plan = quiz.plan()
    assert plan.question_count == 3 and plan.max_points == 6


def test_an_invalid_random_draw_re_renders_its_form(instructor_client, quiz):
    response = instructor_client.post(
        reverse("quizzes:slot-random", args=[quiz.pk]), {"count": "0", "points": "1"}, **HTMX
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#random-form"
    assert not quiz.slots.exists()


def test_publishing_needs_a_question_and_assigning_takes_only_own_classes(instructor_client, instructor, quiz):
    response = instructor_client.post(reverse("quizzes:publish", args=[quiz.pk]), {"action": "publish"}, **HTMX)
    assert "Add at least one question" in response.text
    Slot.objects.create(quiz=quiz, question=QuestionFactory(), position=1)
    instructor_client.post(reverse("quizzes:publish", args=[quiz.pk]), {"action": "publish"})
    quiz.refresh_from_db()
    assert quiz.is_published
    mine, theirs = ClassFactory(instructor=instructor), ClassFactory()
    instructor_client.post(reverse("quizzes:assign", args=[quiz.pk]), {"classes": [mine.pk, theirs.pk]}, **HTMX)
    assert list(quiz.classes.all()) == []  # an invalid choice saves nothing
    response = instructor_client.post(reverse("quizzes:assign", args=[quiz.pk]), {"classes": [mine.pk]}, **HTMX)
    assert "Classes saved." in response.text and list(quiz.classes.all()) == [mine]


def test_another_instructor_cannot_see_or_change_the_quiz_or_its_results(other_instructor_client, quiz):
    slot = Slot.objects.create(quiz=quiz, question=QuestionFactory(), position=1)
    for url in (
        reverse("quizzes:edit", args=[quiz.pk]),
        reverse("quizzes:results", args=[quiz.pk]),
        reverse("quizzes:results-csv", args=[quiz.pk]),
        reverse("quizzes:detail", args=[quiz.pk]),
    ):
        assert other_instructor_client.get(url).status_code == 404, url
    posts = [
        (reverse("quizzes:settings", args=[quiz.pk]), SETTINGS),
        (reverse("quizzes:slot-add", args=[quiz.pk]), {"question": QuestionFactory().pk}),
        (reverse("quizzes:slot-random", args=[quiz.pk]), {"count": "1", "topics": [TopicFactory().pk], "points": "1"}),
        (reverse("quizzes:slot-points", args=[quiz.pk, slot.pk]), {"points": "9"}),
        (reverse("quizzes:slot-move", args=[quiz.pk, slot.pk, "up"]), {}),
        (reverse("quizzes:slot-remove", args=[quiz.pk, slot.pk]), {}),
        (reverse("quizzes:publish", args=[quiz.pk]), {"action": "publish"}),
        (reverse("quizzes:assign", args=[quiz.pk]), {"classes": []}),
    ]
    for url, data in posts:
        assert other_instructor_client.post(url, data, **HTMX).status_code == 404, url
    quiz.refresh_from_db()
    assert quiz.title.startswith("Quiz") and not quiz.is_published and quiz.slots.count() == 1
    assert quiz.slots.get().points == 1


def test_builder_changes_need_a_post(instructor_client, quiz):
    assert instructor_client.get(reverse("quizzes:settings", args=[quiz.pk])).status_code == 405
    assert instructor_client.get(reverse("quizzes:publish", args=[quiz.pk])).status_code == 405


def test_an_invalid_class_choice_without_htmx_shows_the_error_and_no_success_message(instructor_client, quiz):
    theirs = ClassFactory()
    mine = ClassFactory(instructor=quiz.instructor)
    response = instructor_client.post(reverse("quizzes:assign", args=[quiz.pk]), {"classes": [theirs.pk]}, follow=True)
    assert response.status_code == 200 and response.redirect_chain == []
    assert "Classes saved." not in response.text
    assert f"Select a valid choice. {theirs.pk} is not one of the available choices." in response.text
    assert 'id="id_classes_error"' in response.text
    assert list(quiz.classes.all()) == []
    response = instructor_client.post(reverse("quizzes:assign", args=[quiz.pk]), {"classes": [mine.pk]}, follow=True)
    assert "Classes saved." in response.text and list(quiz.classes.all()) == [mine]


def test_an_invalid_class_choice_by_htmx_shows_the_field_error(instructor_client, quiz):
    ClassFactory(instructor=quiz.instructor)
    theirs = ClassFactory()
    response = instructor_client.post(reverse("quizzes:assign", args=[quiz.pk]), {"classes": [theirs.pk]}, **HTMX)
    assert response.status_code == 200 and "Classes saved." not in response.text
    assert "Select a valid choice." in response.text and 'id="id_classes_error"' in response.text


# --- random slots from a category or a tag; the picker's versions and questions on no note -----


@pytest.fixture
def shelves():
    """Category Lambda (3 approved, one of them in Lambda/Cold starts and tagged hard), a draft in it,
    and a question tagged hard in no category."""
    from studyapp.quizzes.models import Category, Tag

    lambda_, cold = Category.objects.create(name="Lambda"), Category.objects.create(name="Lambda/Cold starts")
    hard = Tag.objects.create(name="hard")
    QuestionFactory(category=lambda_)
    QuestionFactory(category=lambda_)
    QuestionFactory(category=cold).tags.add(hard)
    QuestionFactory(category=lambda_, status="draft")
    QuestionFactory().tags.add(hard)
    return lambda_, hard


def random_slot(client, quiz, **data):
    return client.post(reverse("quizzes:slot-random", args=[quiz.pk]), {"count": "2", "points": "1", **data}, **HTMX)


def test_a_random_draw_from_a_category(instructor_client, quiz, shelves):
    lambda_, _ = shelves
    response = random_slot(instructor_client, quiz, count="3", category=lambda_.pk)
    assert "<strong>3 random questions</strong> from category Lambda</p>" in response.text
    slot = quiz.slots.get()
    assert (slot.random_category, slot.random_tag, list(slot.random_topics.all())) == (lambda_, None, [])
    assert quiz.plan().question_count == 3


def test_a_random_draw_from_a_tag(instructor_client, quiz, shelves):
    _, hard = shelves
    response = random_slot(instructor_client, quiz, tag=hard.pk)
    assert "<strong>2 random questions</strong> tagged hard</p>" in response.text
    assert quiz.slots.get().random_tag == hard and quiz.plan().question_count == 2


def test_a_category_and_a_tag_narrow_each_other(instructor_client, quiz, shelves):
    lambda_, hard = shelves
    response = random_slot(instructor_client, quiz, count="2", category=lambda_.pk, tag=hard.pk)
    assert "Category “Lambda” tagged “hard” has 1 approved question: draw at most 1." in response.text
    response = random_slot(instructor_client, quiz, count="1", category=lambda_.pk, tag=hard.pk)
    assert "<strong>1 random question</strong> from category Lambda tagged hard</p>" in response.text


def test_the_errors_name_the_category_or_tag(instructor_client, quiz, shelves):
    lambda_, hard = shelves
    response = random_slot(instructor_client, quiz, count="4", category=lambda_.pk)
    assert response["HX-Retarget"] == "#random-form"
    assert "Category “Lambda” has 3 approved questions: draw at most 3." in response.text
    # The category and tag are shown open when they carry the draw.
    assert '<details class="random-shelves" open>' in response.text
    assert (
        "Tag “hard” has 2 approved questions: draw at most 2."
        in random_slot(instructor_client, quiz, count="3", tag=hard.pk).text
    )
    assert not quiz.slots.exists()


def test_topics_and_a_tag_name_both_in_the_error(instructor_client, quiz, shelves):
    _, hard = shelves
    topic = TopicFactory(title="Step Functions")
    QuestionFactory(topic=topic)
    response = random_slot(instructor_client, quiz, count="1", topics=[topic.pk], tag=hard.pk)
    assert "Step Functions tagged “hard” has no approved questions yet" in response.text


def test_a_random_draw_needs_a_topic_a_category_or_a_tag(instructor_client, quiz, shelves):
    response = random_slot(instructor_client, quiz)
    assert "Choose at least one topic, a category or a tag to draw from." in response.text
    assert not quiz.slots.exists()


def test_an_unknown_category_is_refused(instructor_client, quiz, shelves):
    response = random_slot(instructor_client, quiz, category="999999")
    assert "Select a valid choice." in response.text and not quiz.slots.exists()
    assert "Choose at least one topic" not in response.text  # one error is enough


def test_the_picker_offers_the_current_version_only(instructor_client, instructor, quiz, learner):
    from studyapp.quizzes.bank import save_question

    question = QuestionFactory(text="Old wording?")
    other = QuizFactory(questions=[question], learners=[learner])
    other.start_attempt(learner, other.published_at)
    save_question(question, {"note": (question.topic, ""), "text": "New wording?", "options": [("A", True)]})
    page = instructor_client.get(reverse("quizzes:edit", args=[quiz.pk])).text
    assert "New wording?" in page and "Old wording?" not in page


def test_a_question_on_no_note_can_be_added(instructor_client, quiz):
    loose = QuestionFactory(topic=None, text="General question?")
    assert loose.text in instructor_client.get(reverse("quizzes:edit", args=[quiz.pk])).text
    response = instructor_client.post(reverse("quizzes:slot-add", args=[quiz.pk]), {"question": loose.pk}, **HTMX)
    assert "Question added." in response.text and "No note" in response.text
    assert quiz.slots.get().question == loose


def test_the_builder_with_category_and_tag_slots_takes_a_fixed_number_of_queries(
    instructor_client, quiz, django_assert_max_num_queries
):
    from studyapp.quizzes.models import Category, Tag

    def add_shelf_slots(n):
        category, tag = Category.objects.create(name=f"C{n}"), Tag.objects.create(name=f"t{n}")
        QuestionFactory(category=category).tags.add(tag)
        Slot.objects.create(quiz=quiz, random_count=1, random_category=category, position=2 * n)
        Slot.objects.create(quiz=quiz, random_count=1, random_tag=tag, position=2 * n + 1)

    add_shelf_slots(0)
    url = reverse("quizzes:edit", args=[quiz.pk])
    instructor_client.get(url)  # what the site caches (the navigation's badge) is cached from here on
    with django_assert_max_num_queries(40) as few:
        instructor_client.get(url)
    for n in range(1, 6):
        add_shelf_slots(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = instructor_client.get(url).text
    assert "from category C5" in page and "tagged t5" in page
