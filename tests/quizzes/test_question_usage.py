"""A question's page: its version and history, old versions read-only, the quizzes and random slots
that use it, and how learners did on it (answers and facility), in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.bank import random_slots_drawing, save_question, usage_of
from studyapp.quizzes.models import Category, Question, Slot, Tag
from tests.factories import TopicFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


def take(quiz, learner, right: bool, *, preview: bool = False):
    """One finished attempt at a one-question quiz, answered right or wrong."""
    started = timezone.now() - timedelta(hours=1)
    attempt = quiz.start_attempt(learner, started, preview=preview)
    response = attempt.responses.select_related("question").get()
    option = response.question.options.filter(is_correct=right).first()
    response.set_answer([str(option.pk)], started)
    response.save()
    attempt.finalize(started + timedelta(minutes=5))
    return attempt


def edit(question: Question, text: str) -> Question:
    return save_question(
        question, {"note": (question.topic, ""), "text": text, "options": [("Right", True), ("No", False)]}
    )


@pytest.fixture
def versions(instructor):
    """Version 1 answered right and wrong (50%), version 2 answered right (100%), version 3 not yet;
    plus a preview of version 3, which is never counted."""
    question = QuestionFactory(author=instructor, text="First wording?")
    first_pk = question.pk
    quiz = QuizFactory(instructor=instructor, questions=[question], attempts_allowed=0, title="Lambda check")
    take(quiz, UserFactory(), True)
    take(quiz, UserFactory(), False)
    second = edit(question, "Second wording?")
    second_pk = second.pk
    take(quiz, UserFactory(), True)
    third = edit(second, "Third wording?")
    take(quiz, instructor, False, preview=True)
    return quiz, Question.objects.get(pk=first_pk), Question.objects.get(pk=second_pk), third


def test_the_page_shows_the_version_and_every_version_with_its_attempts(instructor_client, versions):
    _, first, second, third = versions
    response = instructor_client.get(third.get_absolute_url())
    assert "Version 3" in response.text
    rows = [(v.version, v.text, v.attempts, v.is_current) for v in response.context["versions"]]
    # Only a preview drew version 3: previews are not counted.
    assert rows == [(3, "Third wording?", 0, True), (2, "Second wording?", 1, False), (1, "First wording?", 2, False)]
    assert f'href="{first.get_absolute_url()}"' in response.text
    assert f'href="{second.get_absolute_url()}"' in response.text


def test_an_old_version_is_read_only(instructor_client, versions):
    _, first, _, third = versions
    page = instructor_client.get(first.get_absolute_url()).text
    assert "This is version 1, kept read-only" in page and f'href="{third.get_absolute_url()}"' in page
    assert reverse("quizzes:question-edit", args=[first.pk]) not in page
    assert reverse("quizzes:question-status", args=[first.pk, "discarded"]) not in page


def test_an_old_versions_edit_url_leads_to_the_current_versions_edit_page(instructor_client, versions):
    _, first, _, third = versions
    response = instructor_client.get(reverse("quizzes:question-edit", args=[first.pk]), follow=True)
    assert response.redirect_chain == [(reverse("quizzes:question-edit", args=[third.pk]), 302)]
    assert (
        "Version 1 is kept as attempts saw it and cannot be changed: this is the current version, 3." in response.text
    )
    posted = instructor_client.post(reverse("quizzes:question-edit", args=[first.pk]), {"text": "Sneaky?"})
    assert posted.url == reverse("quizzes:question-edit", args=[third.pk])
    first.refresh_from_db()
    assert first.text == "First wording?"


def test_answers_and_facility_across_all_versions_and_for_this_one(instructor, versions):
    _, first, second, third = versions
    # All versions: right, wrong, right = 2 of 3 = 66.7%; version 1: 1 of 2 = 50%; version 2: 1 of 1.
    usage = usage_of(third, instructor)
    assert (usage.answered, round(usage.facility, 1), usage.answered_here, usage.facility_here) == (3, 66.7, 0, None)
    usage = usage_of(first, instructor)
    assert (usage.answered_here, usage.facility_here) == (2, 50.0)
    assert (usage_of(second, instructor).answered_here, usage_of(second, instructor).facility_here) == (1, 100.0)


def test_the_page_says_the_figures(instructor_client, versions):
    _, first, _, third = versions
    assert "Answered 3 times in learners' attempts, all versions together: facility 67%" in (
        instructor_client.get(third.get_absolute_url()).text
    )
    assert "This version: answered 2 times, facility 50%." in instructor_client.get(first.get_absolute_url()).text


def test_the_quizzes_using_it_own_linked_and_others_counted(instructor_client, instructor, other_instructor):
    question = QuestionFactory(author=instructor)
    mine = QuizFactory(instructor=instructor, questions=[question], title="My Lambda quiz")
    QuizFactory(instructor=other_instructor, questions=[question], title="Their secret quiz")
    QuizFactory(instructor=other_instructor, questions=[question])
    QuizFactory(instructor=instructor, title="Unrelated")
    page = instructor_client.get(question.get_absolute_url()).text
    assert (
        f'In\n        <a href="{reverse("quizzes:edit", args=[mine.pk])}">My Lambda quiz</a> and 2 quizzes of other'
        in page
    )
    assert "Their secret quiz" not in page and "Unrelated" not in page


@pytest.fixture
def shelved(instructor):
    """A question on a topic, in "Lambda/Cold starts", tagged hard; and random slots around it."""
    topic, other_topic = TopicFactory(), TopicFactory()
    lambda_ = Category.objects.create(name="Lambda")
    cold = Category.objects.create(name="Lambda/Cold starts")
    edge = Category.objects.create(name="Lambda@Edge")
    hard, easy = Tag.objects.create(name="hard"), Tag.objects.create(name="easy")
    question = QuestionFactory(author=instructor, topic=topic, category=cold)
    question.tags.add(hard)
    quiz = QuizFactory(instructor=instructor)

    def slot(topics=(), **sources):
        created = Slot.objects.create(quiz=quiz, random_count=1, position=Slot.objects.count() + 1, **sources)
        created.random_topics.set(topics)
        return created

    drawing = {
        slot([topic]),
        slot([topic, other_topic]),
        slot(random_category=lambda_),  # the category above its own
        slot(random_category=cold, random_tag=hard),
        slot(random_tag=hard),
        slot([topic], random_category=lambda_, random_tag=hard),
    }
    not_drawing = [
        slot([other_topic]),
        slot(random_category=edge),
        slot(random_tag=easy),
        slot([topic], random_tag=easy),  # each source narrows
        slot([other_topic], random_category=cold),
    ]
    Slot.objects.create(quiz=quiz, question=QuestionFactory(), position=99)  # a fixed slot
    return question, {s.pk for s in drawing}, not_drawing


def test_the_random_slots_that_may_draw_it(shelved):
    question, drawing, _ = shelved
    assert set(random_slots_drawing(question).values_list("pk", flat=True)) == drawing


def test_a_question_on_no_note_in_no_category_is_drawn_only_by_its_tag(instructor, shelved):
    loose = QuestionFactory(author=instructor, topic=None)
    loose.tags.add(Tag.objects.get(name="hard"))
    slots = Slot.objects.filter(pk__in=random_slots_drawing(loose)).values_list("random_tag__name", "random_category")
    assert list(slots) == [("hard", None)]


def test_the_page_says_how_many_random_slots_may_draw_it(instructor_client, shelved):
    question, _, _ = shelved
    assert "May be drawn by 6 random slots." in instructor_client.get(question.get_absolute_url()).text
    Question.objects.filter(pk=question.pk).update(status="draft")
    assert "6 random slots draw from its category, tags or topic once it is approved." in (
        instructor_client.get(question.get_absolute_url()).text
    )


def test_the_page_takes_a_fixed_number_of_queries(instructor_client, instructor, django_assert_max_num_queries):
    question = QuestionFactory(author=instructor, category=Category.objects.create(name="Lambda"))
    question.tags.add(Tag.objects.create(name="hard"))
    quiz = QuizFactory(instructor=instructor, questions=[question], attempts_allowed=0)
    take(quiz, UserFactory(), True)
    question = edit(question, "Second?")
    instructor_client.get(question.get_absolute_url())  # what the site caches is cached from here on
    with django_assert_max_num_queries(30) as few:
        instructor_client.get(question.get_absolute_url())
    for n in range(4):
        take(quiz, UserFactory(), n % 2 == 0)
        question = edit(question, f"Version {n + 3}?")
        QuizFactory(instructor=instructor, questions=[question])
        QuizFactory(questions=[question])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = instructor_client.get(question.get_absolute_url())
    assert len(response.context["versions"]) == 6


def test_another_instructor_reads_the_usage_but_sees_only_their_own_quizzes_named(other_instructor_client, instructor):
    question = QuestionFactory(author=instructor)
    QuizFactory(instructor=instructor, questions=[question], title="The author's quiz")
    page = other_instructor_client.get(question.get_absolute_url()).text
    assert "1 quiz of other instructors" in page and "The author's quiz" not in page
