"""The overrides page of a quiz (its instructor's only), its form's errors, htmx and full-page paths,
the deadlines it moves, and learners' pages showing the terms that apply to them."""

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes import override_views
from studyapp.quizzes.models import Attempt, Override, Quiz
from tests.classes.factories import ClassFactory
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory, minutes

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def quiz(instructor, learner, other_learner) -> Quiz:
    return QuizFactory(
        instructor=instructor,
        title="Lambda limits",
        questions=[QuestionFactory(author=instructor)],
        learners=[learner, other_learner],
        time_limit=minutes(30),
        attempts_allowed=1,
    )


@pytest.fixture
def override(quiz, learner) -> Override:
    return Override.objects.create(quiz=quiz, learner=learner, extra_time=minutes(15), reason="Reader needed")


def page_url(quiz: Quiz) -> str:
    return reverse("quizzes:overrides", args=[quiz.pk])


def edit_url(override: Override) -> str:
    return reverse("quizzes:override-edit", args=[override.quiz_id, override.pk])


def delete_url(override: Override) -> str:
    return reverse("quizzes:override-delete", args=[override.quiz_id, override.pk])


def for_learner(learner, **fields) -> dict:
    return {"who": f"learner-{learner.pk}", "reason": "Accommodation", **fields}


# --- who may open it ---------------------------------------------------------------------------


def test_the_page_is_for_the_quizs_instructor(instructor_client, other_instructor_client, learner_client, client, quiz):
    url = page_url(quiz)
    assert instructor_client.get(url).status_code == 200
    assert other_instructor_client.get(url).status_code == 404
    assert learner_client.get(url).status_code == 403
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_nobody_else_can_add_change_or_delete_an_override(
    other_instructor_client, learner_client, client, quiz, learner, override
):
    for someone, refused in ((other_instructor_client, 404), (learner_client, 403), (client, 302)):
        assert someone.post(page_url(quiz), for_learner(learner, attempts_allowed=3)).status_code == refused
        assert someone.post(edit_url(override), for_learner(learner, extra_minutes=60)).status_code == refused
        assert someone.post(delete_url(override)).status_code == refused
    override.refresh_from_db()
    assert override.extra_time == minutes(15) and Override.objects.count() == 1


def test_an_override_is_reached_only_through_its_own_quiz(instructor_client, instructor, quiz, override):
    another = QuizFactory(instructor=instructor)
    wrong = reverse("quizzes:override-edit", args=[another.pk, override.pk])
    assert instructor_client.get(wrong).status_code == 404
    assert instructor_client.post(reverse("quizzes:override-delete", args=[another.pk, override.pk])).status_code == 404
    assert Override.objects.filter(pk=override.pk).exists()


def test_the_builder_and_the_results_link_to_it(instructor_client, quiz):
    for name in ("quizzes:edit", "quizzes:results"):
        assert f'href="{page_url(quiz)}"' in instructor_client.get(reverse(name, args=[quiz.pk])).text


# --- the list and the form ---------------------------------------------------------------------


def test_the_list_says_who_what_and_why(instructor_client, quiz, override):
    klass = quiz.classes.get()
    Override.objects.create(quiz=quiz, klass=klass, attempts_allowed=2, reason="Second sitting")
    text = instructor_client.get(page_url(quiz)).text
    assert override.learner.username in text and "15 min extra time" in text and "Reader needed" in text
    assert klass.name in text and "2 attempts" in text and "Second sitting" in text
    assert f'href="{edit_url(override)}"' in text and f'hx-post="{delete_url(override)}"' in text


def test_the_form_offers_the_quizs_classes_and_their_members_only(instructor_client, instructor, quiz, learner):
    elsewhere = ClassFactory(instructor=instructor)
    outsider = UserFactory()
    elsewhere.add_learner(outsider)
    choices = instructor_client.get(page_url(quiz)).context["form"].fields["who"].choices
    offered = [value for _, group in choices[1:] for value, _ in group]
    assert f"class-{quiz.classes.get().pk}" in offered and f"learner-{learner.pk}" in offered
    assert f"class-{elsewhere.pk}" not in offered and f"learner-{outsider.pk}" not in offered


def test_adding_one_without_javascript_redirects_to_the_list(instructor_client, quiz, learner):
    response = instructor_client.post(page_url(quiz), for_learner(learner, extra_minutes="15", attempts_allowed="2"))
    assert response.status_code == 302 and response["Location"] == page_url(quiz)
    override = Override.objects.get(quiz=quiz)
    assert (override.learner, override.extra_time, override.attempts_allowed) == (learner, minutes(15), 2)
    assert override.time_limit is None and override.time_multiplier is None
    assert f"Override for {learner.username} saved." in instructor_client.get(page_url(quiz)).text


def test_adding_one_with_htmx_swaps_the_list_and_an_empty_form(instructor_client, quiz, learner):
    response = instructor_client.post(page_url(quiz), for_learner(learner, time_multiplier="1.5"), **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert response.text.lstrip().startswith('<section id="override-list"')
    assert 'id="override-form"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "Time × 1.5" in response.text and "Add an override" in response.text
    assert Override.objects.get(quiz=quiz).time_multiplier == Decimal("1.5")


def test_a_class_gets_an_override_too(instructor_client, quiz):
    klass = quiz.classes.get()
    data = {"who": f"class-{klass.pk}", "time_limit_minutes": "45", "reason": "Lab hours"}
    assert instructor_client.post(page_url(quiz), data).status_code == 302
    override = Override.objects.get(quiz=quiz)
    assert (override.klass, override.learner, override.time_limit) == (klass, None, minutes(45))


def test_dates_are_typed_in_the_instructors_time_zone(instructor_client, instructor, quiz, learner):
    instructor.profile.time_zone = "Europe/Berlin"
    instructor.profile.save()
    data = for_learner(learner, opens_at="2030-06-01T09:00", closes_at="2030-06-08T18:30")
    instructor_client.post(page_url(quiz), data)
    override = Override.objects.get(quiz=quiz)
    # Berlin is two hours ahead of UTC in June (summer time).
    assert override.opens_at == datetime(2030, 6, 1, 7, 0, tzinfo=UTC)
    assert override.closes_at == datetime(2030, 6, 8, 16, 30, tzinfo=UTC)
    form = instructor_client.get(edit_url(override)).text
    assert 'value="2030-06-01T09:00"' in form and 'value="2030-06-08T18:30"' in form


# --- every error ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"opens_at": "2030-06-08T09:00", "closes_at": "2030-06-01T09:00"}, "closes_at", "must close after it opens"),
        ({"opens_at": "2030-06-08T09:00", "closes_at": "2030-06-08T09:00"}, "closes_at", "must close after it opens"),
        ({"reason": "Accommodation"}, "__all__", "Change at least one thing"),
        ({"time_limit_minutes": "45", "extra_minutes": "15"}, "extra_minutes", "one way only"),
        ({"extra_minutes": "15", "time_multiplier": "1.5"}, "time_multiplier", "one way only"),
        ({"attempts_allowed": "101"}, "attempts_allowed", "less than or equal to 100"),
        ({"attempts_allowed": "-1"}, "attempts_allowed", "greater than or equal to 0"),
        ({"time_limit_minutes": "0"}, "time_limit_minutes", "greater than or equal to 1"),
        ({"time_limit_minutes": "1441"}, "time_limit_minutes", "less than or equal to 1440"),
        ({"extra_minutes": "1441"}, "extra_minutes", "less than or equal to 1440"),
        ({"time_multiplier": "0.5"}, "time_multiplier", "greater than or equal to 1"),
        ({"time_multiplier": "11"}, "time_multiplier", "less than or equal to 10"),
        ({"time_multiplier": "1.555"}, "time_multiplier", "2 decimal places"),
        ({"opens_at": "99999-99-99"}, "opens_at", "valid date/time"),
        ({"extra_minutes": "5", "reason": ""}, "reason", "required"),
        ({"extra_minutes": "5", "reason": "x" * 301}, "reason", "at most 300 characters"),
        ({"who": "", "extra_minutes": "5"}, "who", "required"),
        ({"who": "learner-999999", "extra_minutes": "5"}, "who", "Choose a learner in one of this quiz"),
        ({"who": "anyone", "extra_minutes": "5"}, "who", "Choose a learner in one of this quiz"),
    ],
)
def test_each_mistake_is_shown_on_its_field(instructor_client, quiz, learner, fields, field, message):
    response = instructor_client.post(page_url(quiz), {**for_learner(learner), **fields})
    assert response.status_code == 200 and "<html" in response.text  # the whole page, the form in place
    assert any(message in error for error in response.context["form"].errors[field]), response.context["form"].errors
    assert not Override.objects.exists()


def test_a_learner_outside_the_quizs_classes_is_refused(instructor_client, instructor, quiz):
    stranger = UserFactory()
    ClassFactory(instructor=instructor).add_learner(stranger)  # the instructor's, but not the quiz's
    response = instructor_client.post(page_url(quiz), for_learner(stranger, extra_minutes="10"))
    assert "Choose a learner in one of this quiz’s classes" in response.context["form"].errors["who"][0]
    assert not Override.objects.exists()


def test_the_close_may_not_come_before_the_quiz_opens(instructor_client, quiz, learner):
    quiz.opens_at = datetime(2030, 6, 8, 9, 0, tzinfo=UTC)
    quiz.save()
    response = instructor_client.post(page_url(quiz), for_learner(learner, closes_at="2030-06-01T09:00"))
    assert "(when the quiz opens)" in response.context["form"].errors["closes_at"][0]


def test_an_opening_after_the_quizs_close_needs_a_later_close(instructor_client, quiz, learner):
    quiz.closes_at = datetime(2030, 6, 1, 9, 0, tzinfo=UTC)
    quiz.save()
    response = instructor_client.post(page_url(quiz), for_learner(learner, opens_at="2030-06-02T09:00"))
    assert "give a later closing date too" in response.context["form"].errors["opens_at"][0]
    later = for_learner(learner, opens_at="2030-06-02T09:00", closes_at="2030-06-03T09:00")
    assert instructor_client.post(page_url(quiz), later).status_code == 302


def test_extra_time_needs_a_time_limit_to_lengthen(instructor_client, quiz, learner):
    quiz.time_limit = None
    quiz.save()
    for fields, field in (({"extra_minutes": "10"}, "extra_minutes"), ({"time_multiplier": "2"}, "time_multiplier")):
        response = instructor_client.post(page_url(quiz), for_learner(learner, **fields))
        assert "no time limit to lengthen" in response.context["form"].errors[field][0]
    # A limit set for the learner's class is one.
    Override.objects.create(quiz=quiz, klass=quiz.classes.get(), time_limit=minutes(20), reason="Class")
    assert instructor_client.post(page_url(quiz), for_learner(learner, extra_minutes="10")).status_code == 302


def test_a_second_override_for_the_same_learner_offers_to_edit_the_first(instructor_client, quiz, learner, override):
    response = instructor_client.post(page_url(quiz), for_learner(learner, attempts_allowed="3"))
    assert "already has an override of this quiz" in response.context["form"].errors["who"][0]
    assert f'href="{edit_url(override)}"' in response.text
    assert Override.objects.count() == 1


def test_a_second_override_for_the_same_class_is_refused(instructor_client, quiz):
    klass = quiz.classes.get()
    Override.objects.create(quiz=quiz, klass=klass, attempts_allowed=2, reason="Resit")
    response = instructor_client.post(
        page_url(quiz), {"who": f"class-{klass.pk}", "attempts_allowed": "3", "reason": "Again"}
    )
    assert "already has an override" in response.context["form"].errors["who"][0]


def test_an_invalid_form_under_htmx_comes_back_in_place_of_the_form(instructor_client, quiz, learner):
    response = instructor_client.post(page_url(quiz), for_learner(learner, attempts_allowed="500"), **HTMX)
    assert response.status_code == 200  # htmx swaps only successful responses
    assert response["HX-Retarget"] == "#override-form" and response["HX-Reswap"] == "outerHTML"
    assert response.text.lstrip().startswith('<section id="override-form"') and "<html" not in response.text
    assert "hx-swap-oob" not in response.text and "less than or equal to 100" in response.text


# --- editing and deleting ------------------------------------------------------------------------


def test_the_edit_form_comes_as_a_page_or_as_a_fragment(instructor_client, quiz, override):
    page = instructor_client.get(edit_url(override))
    assert "<html" in page.text and f"Edit the override for {override.learner.username}" in page.text
    assert 'name="extra_minutes" value="15"' in page.text
    fragment = instructor_client.get(edit_url(override), **HTMX)
    assert fragment.text.lstrip().startswith('<section id="override-form"') and "<html" not in fragment.text
    assert f'hx-post="{edit_url(override)}"' in fragment.text


def test_editing_keeps_the_learner_and_changes_the_rest(instructor_client, quiz, override, other_learner):
    data = {"who": f"learner-{other_learner.pk}", "extra_minutes": "20", "attempts_allowed": "0", "reason": "Longer"}
    assert instructor_client.post(edit_url(override), data).status_code == 302
    override.refresh_from_db()
    assert (override.learner_id, override.extra_time, override.attempts_allowed) == (
        override.learner_id,
        minutes(20),
        0,
    )
    assert override.learner != other_learner and override.reason == "Longer"


def test_an_invalid_edit_under_htmx_keeps_the_edit_form(instructor_client, override):
    data = {"extra_minutes": "20", "time_limit_minutes": "40", "reason": "Both"}
    response = instructor_client.post(edit_url(override), data, **HTMX)
    assert response["HX-Retarget"] == "#override-form" and "one way only" in response.text
    assert f'hx-post="{edit_url(override)}"' in response.text
    override.refresh_from_db()
    assert override.time_limit is None


def test_cancelling_an_edit_under_htmx_brings_back_the_empty_form(instructor_client, quiz, override):
    response = instructor_client.get(page_url(quiz), **HTMX)
    assert response.text.lstrip().startswith('<section id="override-form"') and "Add an override" in response.text


def test_deleting_asks_first_without_javascript(instructor_client, quiz, override):
    response = instructor_client.get(delete_url(override))
    assert response.status_code == 200 and f"Delete the override for {override.learner.username}?" in response.text
    assert f'action="{delete_url(override)}"' in response.text and 'method="post"' in response.text
    assert Override.objects.filter(pk=override.pk).exists()
    response = instructor_client.post(delete_url(override))
    assert response.status_code == 302 and not Override.objects.exists()


def test_deleting_under_htmx_swaps_the_list(instructor_client, quiz, override):
    response = instructor_client.post(delete_url(override), **HTMX)
    assert response.text.lstrip().startswith('<section id="override-list"') and "No overrides" in response.text
    assert 'hx-swap-oob="true"' in response.text and not Override.objects.exists()


def test_the_delete_button_asks_in_the_browser_under_htmx(instructor_client, quiz, override):
    text = instructor_client.get(page_url(quiz)).text
    assert f'hx-confirm="Delete the override for {override.learner.username}?' in text


# --- deadlines of attempts under way -------------------------------------------------------------


def test_saving_an_override_gives_the_attempt_under_way_its_extra_minutes(
    instructor_client, learner_client, quiz, learner
):
    started = timezone.now() - minutes(10)
    attempt = quiz.start_attempt(learner, started)
    response = instructor_client.post(page_url(quiz), for_learner(learner, extra_minutes="15"), **HTMX)
    assert "1 attempt under way now ends at its new time." in response.text
    attempt.refresh_from_db()
    assert attempt.deadline == started + minutes(45)
    # The countdown reads the deadline: 45 minutes from the start, 10 of them gone.
    seconds_left = learner_client.get(attempt.get_absolute_url()).context["seconds_left"]
    assert 34 * 60 < seconds_left <= 35 * 60


def test_deleting_the_override_takes_the_minutes_away(instructor_client, quiz, learner, override):
    started = timezone.now()
    attempt = quiz.start_attempt(learner, started)
    assert attempt.deadline == started + minutes(45)
    instructor_client.post(delete_url(override))
    attempt.refresh_from_db()
    assert attempt.deadline == started + minutes(30)


def test_a_deadline_moved_into_the_past_submits_the_attempt_at_the_next_read(
    instructor_client, learner_client, quiz, learner
):
    started = timezone.now() - minutes(20)
    attempt = quiz.start_attempt(learner, started)
    instructor_client.post(page_url(quiz), for_learner(learner, time_limit_minutes="15"))
    response = learner_client.get(attempt.get_absolute_url())
    assert response["Location"] == reverse("quizzes:attempt-review", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.submitted_at == started + minutes(15) and attempt.auto_submitted


# --- learners see their own terms ----------------------------------------------------------------


def test_the_list_shows_each_learner_their_own_dates_time_and_attempts(
    learner_client, other_learner_client, quiz, learner
):
    closes = timezone.now() + timedelta(days=2)
    quiz.closes_at = closes
    quiz.save()
    Override.objects.create(
        quiz=quiz,
        learner=learner,
        closes_at=closes + timedelta(days=5),
        extra_time=minutes(15),
        attempts_allowed=3,
        reason="Accommodation",
    )
    mine = learner_client.get(reverse("quizzes:list"))
    [row] = mine.context["rows"]
    assert (row.terms.closes_at, row.terms.time_limit, row.attempts_left) == (
        closes + timedelta(days=5),
        minutes(45),
        3,
    )
    assert "45 min" in mine.text and "3 of 3" in mine.text
    [theirs] = other_learner_client.get(reverse("quizzes:list")).context["rows"]
    assert (theirs.terms.closes_at, theirs.terms.time_limit, theirs.attempts_left) == (closes, minutes(30), 1)


def test_the_start_button_follows_the_learners_own_dates(learner_client, other_learner_client, quiz, learner):
    now = timezone.now()
    quiz.opens_at, quiz.closes_at = now - timedelta(days=3), now - timedelta(days=1)
    quiz.save()
    Override.objects.create(quiz=quiz, learner=learner, closes_at=now + timedelta(days=1), reason="Was ill")
    start = reverse("quizzes:start", args=[quiz.pk])
    page = learner_client.get(quiz.get_absolute_url())
    assert page.context["status"].can_start and f'action="{start}"' in page.text
    assert "set these dates, time or attempts for you." in page.text
    [row] = learner_client.get(reverse("quizzes:list")).context["rows"]
    assert row.can_start and row.label == "Not started"
    closed = other_learner_client.get(quiz.get_absolute_url())
    assert not closed.context["status"].can_start and "This quiz is closed." in closed.text
    assert learner_client.post(start)["Location"].startswith("/quizzes/attempts/")


def test_a_learner_with_another_attempt_sees_it_left_and_can_start_it(learner_client, quiz, learner):
    now = timezone.now()
    quiz.start_attempt(learner, now).finalize(now)
    assert not learner_client.get(quiz.get_absolute_url()).context["status"].can_start
    Override.objects.create(quiz=quiz, learner=learner, attempts_allowed=2, reason="Second try")
    page = learner_client.get(quiz.get_absolute_url())
    assert "2 allowed, 1 left" in page.text and "Start attempt 2" in page.text


def test_a_class_override_shows_on_its_members_quiz_page(learner_client, quiz):
    Override.objects.create(quiz=quiz, klass=quiz.classes.get(), time_limit=minutes(50), reason="Lab")
    page = learner_client.get(quiz.get_absolute_url())
    assert page.context["status"].terms.time_limit == minutes(50) and "50 min" in page.text
    assert "for your class." in page.text and "Lab" not in page.text  # the reason is for instructors


def test_the_list_takes_as_many_queries_however_many_quizzes_have_overrides(
    learner_client, learner, instructor, django_assert_max_num_queries
):
    def quiz_with_override():
        quiz = QuizFactory(instructor=instructor, questions=[QuestionFactory()], learners=[learner])
        Override.objects.create(quiz=quiz, learner=learner, attempts_allowed=2, reason="More")
        Override.objects.create(quiz=quiz, klass=quiz.classes.get(), extra_time=minutes(5), reason="Class")

    quiz_with_override()
    with django_assert_max_num_queries(25) as small:
        learner_client.get(reverse("quizzes:list"))
    for _ in range(4):
        quiz_with_override()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = learner_client.get(reverse("quizzes:list"))
    assert [row.attempts_left for row in response.context["rows"]] == [2] * 5


# --- the results page marks who has one ----------------------------------------------------------


def test_results_mark_the_learners_with_an_override_and_why(instructor_client, quiz, learner, other_learner, override):
    response = instructor_client.get(reverse("quizzes:results", args=[quiz.pk]))
    rows = {row.username: row for row in response.context["results"].learners}
    assert rows[learner.username].overrides == [override] and rows[other_learner.username].overrides == []
    assert "15 min extra time — Reader needed" in response.text


def test_results_mark_a_class_override_on_each_member(instructor_client, quiz, learner, other_learner):
    klass = quiz.classes.get()
    Override.objects.create(quiz=quiz, klass=klass, attempts_allowed=3, reason="Resit week")
    response = instructor_client.get(reverse("quizzes:results", args=[quiz.pk]))
    assert response.text.count(f"3 attempts ({klass.name}) — Resit week") == 2


def test_the_results_page_takes_as_many_queries_however_many_overrides(
    instructor_client, instructor, quiz, django_assert_max_num_queries
):
    url = reverse("quizzes:results", args=[quiz.pk])
    with django_assert_max_num_queries(30) as small:
        instructor_client.get(url)
    for _ in range(4):
        klass = ClassFactory(instructor=instructor)
        quiz.classes.add(klass)
        Override.objects.create(quiz=quiz, klass=klass, attempts_allowed=2, reason="Class")
        for _ in range(2):
            member = UserFactory()
            klass.add_learner(member)
            Override.objects.create(quiz=quiz, learner=member, extra_time=minutes(5), reason="Own")
            quiz.start_attempt(member, timezone.now())
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = instructor_client.get(url)
    assert response.text.count("Class override") == 8


# --- two tabs at once ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_overrides_added_at_once_for_one_learner_keep_one_and_say_so(instructor, learner, monkeypatch):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip(
            "SQLite's in-memory test database is shared by threads without locking; runs on a file or PostgreSQL"
        )
    quiz = QuizFactory(instructor=instructor, learners=[learner], time_limit=minutes(30))
    # Both forms are checked (no override yet) before either is stored.
    barrier = threading.Barrier(2, timeout=30)
    save_override = override_views.save_override

    def after_both_checked(override):
        barrier.wait()
        return save_override(override)

    monkeypatch.setattr(override_views, "save_override", after_both_checked)
    statuses, errors = [], []

    def add(minutes_extra: str):
        tab = Client()
        tab.force_login(instructor)
        try:
            statuses.append(tab.post(page_url(quiz), for_learner(learner, extra_minutes=minutes_extra)).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=[extra]) for extra in ("10", "20")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert sorted(statuses) == [200, 302]  # one saved; the other's form says why not
    assert Override.objects.filter(quiz=quiz, learner=learner).count() == 1
    assert Attempt.objects.count() == 0
