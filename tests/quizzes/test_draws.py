"""Random draws: a slot never promises more questions than its topics' approved pool can give."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.draws import Draw, plan_draws
from studyapp.quizzes.models import Question, Quiz, Slot
from tests.factories import TopicFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


# --- the plan (pure) ---------------------------------------------------------------------------


def test_it_plans_what_each_pool_can_give():
    assert plan_draws([Draw(2, frozenset()), Draw(2, frozenset({1, 2, 3}))]) == [0, 2]


def test_it_shares_one_pool_between_two_draws_in_order():
    pool = frozenset({1, 2, 3})
    assert plan_draws([Draw(2, pool), Draw(2, pool)]) == [2, 1]


def test_it_lets_a_narrow_draw_pick_before_a_broad_one():
    # Drawn first, the broad slot could take the narrow slot's only two questions.
    assert plan_draws([Draw(1, frozenset({1, 2, 3})), Draw(2, frozenset({2, 3}))]) == [1, 2]


def test_it_counts_only_what_it_can_promise_when_pools_overlap():
    # The first draw picks question 2 half the time: the second is promised only 1 of its 2.
    assert plan_draws([Draw(1, frozenset({1, 2})), Draw(2, frozenset({2, 3}))]) == [1, 1]


# --- the slot form -----------------------------------------------------------------------------


@pytest.fixture
def quiz(instructor) -> Quiz:
    return QuizFactory(instructor=instructor, published_at=None)


def random_slot(client, quiz, topics, count, **extra):
    data = {"count": str(count), "topics": [t.pk for t in topics], "points": "1"}
    return client.post(reverse("quizzes:slot-random", args=[quiz.pk]), data, **extra)


def test_it_refuses_a_draw_from_a_topic_without_approved_questions(instructor_client, quiz):
    topic = TopicFactory()
    QuestionFactory(topic=topic, status=Question.Status.DRAFT)
    response = random_slot(instructor_client, quiz, [topic], 2, **HTMX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#random-form"
    assert f"{topic.title} has no approved questions" in response.text
    assert not quiz.slots.exists()


def test_it_refuses_a_draw_larger_than_the_approved_pool_and_says_how_many_there_are(instructor_client, quiz):
    topic = TopicFactory()
    QuestionFactory(topic=topic)
    QuestionFactory(topic=topic, status=Question.Status.DISCARDED)
    response = random_slot(instructor_client, quiz, [topic], 2)
    assert response.status_code == 200
    assert f"{topic.title} has 1 approved question: draw at most 1." in response.text
    assert response.context["random_form"].errors["count"]
    assert not quiz.slots.exists()


def test_it_counts_the_quizs_other_questions_against_the_pool(instructor_client, quiz):
    topic = TopicFactory()
    fixed, _ = QuestionFactory(topic=topic), QuestionFactory(topic=topic)
    Slot.objects.create(quiz=quiz, question=fixed, position=1)
    response = random_slot(instructor_client, quiz, [topic], 2, **HTMX)
    assert "has 2 approved questions, and the quiz's other questions use 1 of them: draw at most 1." in unescape(
        response.text
    )
    assert quiz.slots.count() == 1
    random_slot(instructor_client, quiz, [topic], 1, **HTMX)
    assert quiz.slots.count() == 2


def test_a_draw_the_pool_can_give_is_added(instructor_client, quiz):
    topic = TopicFactory()
    for _ in range(3):
        QuestionFactory(topic=topic)
    response = random_slot(instructor_client, quiz, [topic], 3, **HTMX)
    assert "3 random questions" in response.text and "(3 · 3 points)" in response.text


# --- a pool that shrinks later -----------------------------------------------------------------


@pytest.fixture
def shrunk(quiz):
    """A random slot of 2 at 2 points each, whose topic has since lost one of its two approved questions."""
    topic = TopicFactory()
    QuestionFactory(topic=topic)  # the one it keeps
    gone = QuestionFactory(topic=topic)
    slot = Slot.objects.create(quiz=quiz, random_count=2, points=2, position=1)
    slot.random_topics.set([topic])
    Question.objects.filter(pk=gone.pk).update(status=Question.Status.DISCARDED)
    return quiz


def test_the_builder_warns_about_a_short_draw_and_counts_what_learners_get(instructor_client, shrunk):
    page = instructor_client.get(reverse("quizzes:edit", args=[shrunk.pk])).text
    assert "(1 · 2 points)" in page
    assert "Only 1 approved question is left for this draw: each attempt gets 1, not 2." in page


def test_learners_get_what_the_builder_counts(shrunk):
    learner = UserFactory()
    shrunk.published_at = timezone.now()
    attempt = shrunk.start_attempt(learner, timezone.now())
    assert attempt.responses.count() == 1 and attempt.max_score == 2
    assert attempt.missing_questions == 1


def test_publishing_a_quiz_with_a_short_draw_is_refused(instructor_client, shrunk):
    url = reverse("quizzes:publish", args=[shrunk.pk])
    response = instructor_client.post(url, {"action": "publish"}, **HTMX)
    assert "Question 1 draws 2 at random but can give only 1" in response.text
    response = instructor_client.post(url, {"action": "publish"}, follow=True)
    assert "Question 1 draws 2 at random but can give only 1" in response.text
    shrunk.refresh_from_db()
    assert not shrunk.is_published


def test_the_results_say_when_attempts_were_drawn_short(instructor_client, shrunk):
    shrunk.published_at = timezone.now()
    shrunk.save()
    now = timezone.now()
    shrunk.start_attempt(UserFactory(), now).finalize(now)
    page = instructor_client.get(reverse("quizzes:results", args=[shrunk.pk])).text
    assert "1 attempt got fewer questions than the quiz asks for" in page


def test_the_results_say_nothing_when_every_draw_was_full(instructor_client, quiz):
    quiz.slots.create(question=QuestionFactory(), position=1)
    Quiz.objects.filter(pk=quiz.pk).update(published_at=timezone.now())
    quiz.refresh_from_db()
    now = timezone.now()
    quiz.start_attempt(UserFactory(), now).finalize(now)
    assert "fewer questions" not in instructor_client.get(reverse("quizzes:results", args=[quiz.pk])).text


def test_the_builder_plans_in_a_fixed_number_of_queries(instructor_client, quiz, django_assert_max_num_queries):
    def add_random_slot(position):
        topic = TopicFactory()
        QuestionFactory(topic=topic)
        slot = Slot.objects.create(quiz=quiz, random_count=1, position=position)
        slot.random_topics.set([topic])

    add_random_slot(1)
    url = reverse("quizzes:edit", args=[quiz.pk])
    with django_assert_max_num_queries(40) as small:
        instructor_client.get(url)
    for position in range(2, 7):
        add_random_slot(position)
    with django_assert_max_num_queries(len(small.captured_queries)):
        instructor_client.get(url)
