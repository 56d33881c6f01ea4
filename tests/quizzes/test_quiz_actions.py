"""An instructor's actions on a whole quiz: duplicate, delete or archive, restore; the archived
filter of their quiz list; and the builder's warning before publishing a quiz that draws short."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes.models import Attempt, Category, Quiz, Slot, Tag
from tests.classes.factories import ClassFactory
from tests.factories import TopicFactory, UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(instructor, learner) -> Quiz:
    """A published one-question quiz, assigned to the learner's class."""
    return QuizFactory(
        instructor=instructor, title="Lambda limits", questions=[QuestionFactory(author=instructor)], learners=[learner]
    )


def with_attempts(quiz: Quiz, count: int) -> None:
    """`count` learners each submit an attempt."""
    klass = quiz.classes.get()
    for _ in range(count):
        learner = UserFactory()
        klass.add_learner(learner)
        quiz.start_attempt(learner, timezone.now()).finalize(timezone.now())


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# --- duplicate ---------------------------------------------------------------------------------


def test_duplicating_copies_settings_and_slots_into_a_draft_with_no_classes(instructor_client, instructor):
    fixed = QuestionFactory(author=instructor)
    topic, category, tag = TopicFactory(), Category.objects.create(name="Lambda"), Tag.objects.create(name="hard")
    original = QuizFactory(
        instructor=instructor,
        title="Lambda limits",
        instructions="Be quick.",
        time_limit=timedelta(minutes=20),
        attempts_allowed=3,
        grading_method="average",
        pass_mark=70,
        feedback="close",
        shuffle_questions=True,
        closes_at=timezone.now() + timedelta(days=7),
        learners=[],
    )
    Slot.objects.create(quiz=original, question=fixed, points=Decimal("2.50"), position=2)
    drawn = Slot.objects.create(
        quiz=original, random_count=3, random_category=category, random_tag=tag, points=Decimal(1), position=1
    )
    drawn.random_topics.set([topic])
    original.archived_at = timezone.now()
    original.save()

    response = instructor_client.post(reverse("quizzes:duplicate", args=[original.pk]))

    copy = Quiz.objects.exclude(pk=original.pk).get()
    assert response.url == reverse("quizzes:edit", args=[copy.pk])
    assert copy.title == "Copy of Lambda limits" and copy.instructor == instructor
    assert (copy.instructions, copy.time_limit, copy.attempts_allowed, copy.grading_method) == (
        "Be quick.",
        timedelta(minutes=20),
        3,
        "average",
    )
    assert (copy.pass_mark, copy.feedback, copy.shuffle_questions, copy.closes_at) == (
        70,
        "close",
        True,
        original.closes_at,
    )
    assert copy.published_at is None and copy.archived_at is None and not copy.classes.exists()
    first, second = copy.slots.all()  # in the original's order
    assert (first.random_count, first.random_category, first.random_tag, first.points) == (3, category, tag, 1)
    assert list(first.random_topics.all()) == [topic]
    assert (second.question, second.points, second.random_count) == (fixed, Decimal("2.50"), None)
    assert original.slots.count() == 2 and list(drawn.random_topics.all()) == [topic]  # the original is untouched


def test_a_long_title_is_cut_to_fit_after_copy_of(instructor_client, instructor):
    original = QuizFactory(instructor=instructor, title="x" * 200)
    instructor_client.post(reverse("quizzes:duplicate", args=[original.pk]))
    title = Quiz.objects.exclude(pk=original.pk).get().title
    assert len(title) == 200 and title.startswith("Copy of xxx") and title.endswith("…")


def test_the_builder_opens_on_the_copy_and_says_so(instructor_client, quiz):
    response = instructor_client.post(reverse("quizzes:duplicate", args=[quiz.pk]), follow=True)
    assert "Duplicated: this is “Copy of Lambda limits”, a draft with no classes yet." in messages_of(response)
    assert response.context["quiz"].title == "Copy of Lambda limits"


def test_only_the_quizzes_instructor_duplicates_it(client, learner_client, other_instructor_client, quiz):
    url = reverse("quizzes:duplicate", args=[quiz.pk])
    assert client.post(url).url.startswith("/accounts/login/")
    assert learner_client.post(url).status_code == 403
    assert other_instructor_client.post(url).status_code == 404
    assert Quiz.objects.count() == 1


def test_duplicating_needs_a_post(instructor_client, quiz):
    assert instructor_client.get(reverse("quizzes:duplicate", args=[quiz.pk])).status_code == 405
    assert Quiz.objects.count() == 1


# --- delete or archive -------------------------------------------------------------------------------


def test_deleting_asks_first(instructor_client, quiz):
    response = instructor_client.get(reverse("quizzes:delete", args=[quiz.pk]))
    assert response.status_code == 200 and "Delete “Lambda limits”?" in response.text
    assert Quiz.objects.filter(pk=quiz.pk).exists()


def test_a_quiz_without_attempts_is_deleted(instructor_client, instructor, quiz):
    quiz.start_attempt(instructor, timezone.now(), preview=True)  # a preview is no attempt
    response = instructor_client.post(reverse("quizzes:delete", args=[quiz.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("quizzes:list")
    assert messages_of(response) == ["Deleted."]
    assert not Quiz.objects.exists() and not Attempt.objects.exists()


def test_a_quiz_with_attempts_is_archived_and_keeps_its_results(instructor_client, learner, quiz):
    with_attempts(quiz, 2)
    page = instructor_client.get(reverse("quizzes:delete", args=[quiz.pk]))
    assert "Archive “Lambda limits”?" in page.text and "Learners made 2 attempts" in page.text
    response = instructor_client.post(reverse("quizzes:delete", args=[quiz.pk]), follow=True)
    assert messages_of(response) == ["Archived: it had 2 attempts; its results stay under Archived."]
    quiz.refresh_from_db()
    assert quiz.archived_at is not None and quiz.is_published
    assert not Quiz.objects.assigned_to(learner).exists()  # learners no longer see it
    results = instructor_client.get(reverse("quizzes:results", args=[quiz.pk]))
    assert results.status_code == 200 and results.context["results"].counted_attempts == 2


def test_one_attempt_is_said_in_the_singular(instructor_client, quiz):
    with_attempts(quiz, 1)
    response = instructor_client.post(reverse("quizzes:delete", args=[quiz.pk]), follow=True)
    assert messages_of(response) == ["Archived: it had 1 attempt; its results stay under Archived."]


def test_only_the_quizzes_instructor_deletes_it(client, learner_client, other_instructor_client, quiz):
    url = reverse("quizzes:delete", args=[quiz.pk])
    assert client.post(url).url.startswith("/accounts/login/")
    assert learner_client.get(url).status_code == 403 and learner_client.post(url).status_code == 403
    assert other_instructor_client.get(url).status_code == 404 and other_instructor_client.post(url).status_code == 404
    quiz.refresh_from_db()
    assert quiz.archived_at is None


# --- the list and restoring --------------------------------------------------------------------------


def test_the_list_hides_archived_quizzes_behind_their_filter(instructor_client, instructor, quiz):
    assert "Archived (" not in instructor_client.get(reverse("quizzes:list")).text  # none yet: no filter
    QuizFactory(instructor=instructor, title="Old quiz", archived_at=timezone.now())
    current = instructor_client.get(reverse("quizzes:list"))
    assert [q.title for q in current.context["teaching"].quizzes] == ["Lambda limits"]
    assert "Archived (1)" in current.text
    archived = instructor_client.get(reverse("quizzes:list") + "?archived=1")
    assert [q.title for q in archived.context["teaching"].quizzes] == ["Old quiz"]
    assert "Restore" in archived.text


def test_the_list_counts_learners_submitted_attempts(instructor_client, instructor, quiz):
    with_attempts(quiz, 2)
    quiz.start_attempt(instructor, timezone.now(), preview=True).finalize(timezone.now())
    response = instructor_client.get(reverse("quizzes:list"))
    assert [(q.attempt_count, q.class_count) for q in response.context["teaching"].quizzes] == [(2, 1)]


def test_restoring_brings_a_quiz_back(instructor_client, learner, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(archived_at=timezone.now())
    back = reverse("quizzes:list") + "?archived=1"
    response = instructor_client.post(reverse("quizzes:unarchive", args=[quiz.pk]), {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert messages_of(response) == ["Restored “Lambda limits”: learners in its classes see it again."]
    quiz.refresh_from_db()
    assert quiz.archived_at is None and list(Quiz.objects.assigned_to(learner)) == [quiz]


def test_restoring_a_draft_says_learners_still_do_not_see_it(instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(archived_at=timezone.now(), published_at=None)
    response = instructor_client.post(reverse("quizzes:unarchive", args=[quiz.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("quizzes:edit", args=[quiz.pk])
    assert messages_of(response) == ["Restored “Lambda limits”: it is a draft: learners do not see it."]


def test_restoring_goes_nowhere_off_the_site(instructor_client, quiz):
    response = instructor_client.post(reverse("quizzes:unarchive", args=[quiz.pk]), {"next": "https://example.com/"})
    assert response.url == reverse("quizzes:edit", args=[quiz.pk])


def test_only_the_quizzes_instructor_restores_it(client, learner_client, other_instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(archived_at=timezone.now())
    url = reverse("quizzes:unarchive", args=[quiz.pk])
    assert client.post(url).url.startswith("/accounts/login/")
    assert learner_client.post(url).status_code == 403
    assert other_instructor_client.post(url).status_code == 404
    assert other_instructor_client.get(url).status_code == 405
    quiz.refresh_from_db()
    assert quiz.archived_at is not None


# --- the builder: its buttons, and the warning before publishing ---------------------------------------


def test_the_builder_offers_preview_duplicate_and_delete(instructor_client, quiz):
    page = instructor_client.get(reverse("quizzes:edit", args=[quiz.pk])).text
    for name in ("preview", "duplicate", "delete"):
        assert reverse(f"quizzes:{name}", args=[quiz.pk]) in page
    assert reverse("quizzes:unarchive", args=[quiz.pk]) not in page


def test_an_archived_quizzes_builder_offers_restore_instead_of_delete(instructor_client, quiz):
    Quiz.objects.filter(pk=quiz.pk).update(archived_at=timezone.now())
    page = instructor_client.get(reverse("quizzes:edit", args=[quiz.pk])).text
    assert (
        reverse("quizzes:unarchive", args=[quiz.pk]) in page and reverse("quizzes:delete", args=[quiz.pk]) not in page
    )
    assert "Archived: learners no longer see this quiz" in page


@pytest.fixture
def short_quiz(instructor) -> Quiz:
    """A draft whose random slot asks for 3 questions of a topic with 1 approved question."""
    topic = TopicFactory()
    QuestionFactory(author=instructor, topic=topic)
    QuestionFactory(author=instructor, topic=topic, status="draft")
    quiz = QuizFactory(instructor=instructor, published_at=None, questions=[QuestionFactory(author=instructor)])
    slot = Slot.objects.create(quiz=quiz, random_count=3, position=2)
    slot.random_topics.set([topic])
    quiz.classes.add(ClassFactory(instructor=instructor))
    return quiz


WARNING = "Question 2 draws 3 at random but can give only 1"


def test_the_builder_warns_before_publishing_a_quiz_that_draws_short(instructor_client, short_quiz, quiz):
    page = instructor_client.get(reverse("quizzes:edit", args=[short_quiz.pk])).text
    assert "This quiz cannot be published yet." in page and WARNING in page
    assert "cannot be published yet" not in instructor_client.get(reverse("quizzes:edit", args=[quiz.pk])).text


def test_the_warning_follows_the_slots_as_they_change_by_htmx(instructor_client, short_quiz):
    slot = short_quiz.slots.get(random_count=3)
    points = instructor_client.post(
        reverse("quizzes:slot-points", args=[short_quiz.pk, slot.pk]), {"points": "2"}, **HTMX
    )
    assert "<html" not in points.text and WARNING in points.text
    removed = instructor_client.post(reverse("quizzes:slot-remove", args=[short_quiz.pk, slot.pk]), **HTMX)
    assert "<html" not in removed.text and "Removed from the quiz." in removed.text
    assert "cannot be published yet" not in removed.text


def test_a_published_quiz_that_now_draws_short_warns_of_fewer_questions(instructor_client, short_quiz):
    Quiz.objects.filter(pk=short_quiz.pk).update(published_at=timezone.now())
    page = instructor_client.get(reverse("quizzes:edit", args=[short_quiz.pk])).text
    assert "Learners starting now get fewer questions than this quiz asks for." in page and WARNING in page


def test_publishing_a_quiz_that_draws_short_is_refused_by_htmx_as_the_builder_warned(instructor_client, short_quiz):
    assert WARNING in instructor_client.get(reverse("quizzes:edit", args=[short_quiz.pk])).text
    response = instructor_client.post(reverse("quizzes:publish", args=[short_quiz.pk]), {"action": "publish"}, **HTMX)
    assert "<html" not in response.text and 'id="publish"' in response.text and WARNING in response.text
    short_quiz.refresh_from_db()
    assert not short_quiz.is_published


def test_publishing_a_quiz_that_draws_short_is_refused_without_javascript(instructor_client, short_quiz):
    url = reverse("quizzes:publish", args=[short_quiz.pk])
    response = instructor_client.post(url, {"action": "publish"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("quizzes:edit", args=[short_quiz.pk])
    assert any(WARNING in message for message in messages_of(response))
    assert 'class="message message-error"' in response.text
    assert "This quiz cannot be published yet." in response.text  # and the warning, still there
    short_quiz.refresh_from_db()
    assert not short_quiz.is_published
