"""Overrides: one learner's or one class's times, time limit and attempts, and their precedence."""

import random
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from studyapp.quizzes import models
from studyapp.quizzes.models import (
    Attempt,
    AttemptRefused,
    Override,
    delete_override,
    overrides_by_learner,
    resolve_terms,
    save_override,
    terms_for_quizzes,
)
from tests.classes.factories import ClassFactory
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory, minutes

pytestmark = pytest.mark.django_db


@pytest.fixture
def quiz(instructor, learner, other_learner):
    return QuizFactory(
        instructor=instructor,
        questions=[QuestionFactory(author=instructor)],
        learners=[learner, other_learner],
        time_limit=minutes(30),
        attempts_allowed=1,
    )


def klass_of(quiz):
    return quiz.classes.get()


def test_without_overrides_the_quiz_settings_apply(quiz, learner):
    terms = Override.terms_for(quiz, learner)
    assert (terms.time_limit, terms.attempts_allowed, terms.overrides) == (minutes(30), 1, ())


def test_a_class_override_applies_to_its_members_and_the_learners_own_wins_over_it(quiz, learner, other_learner):
    close = timezone.now() + timedelta(days=3)
    Override.objects.create(quiz=quiz, klass=klass_of(quiz), attempts_allowed=2, closes_at=close, reason="Retake")
    Override.objects.create(quiz=quiz, learner=learner, attempts_allowed=4, reason="Accommodation")
    mine, theirs = Override.terms_for(quiz, learner), Override.terms_for(quiz, other_learner)
    assert (mine.attempts_allowed, mine.closes_at) == (4, close)  # own attempts; the class's close date
    assert (theirs.attempts_allowed, theirs.closes_at) == (2, close)
    assert len(mine.overrides) == 2 and len(theirs.overrides) == 1


def test_of_two_class_overrides_the_most_lenient_value_of_each_field_applies(quiz, learner, instructor):
    other_class = ClassFactory(instructor=instructor)
    other_class.add_learner(learner)
    early, late = timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=5)
    Override.objects.create(quiz=quiz, klass=klass_of(quiz), closes_at=early, attempts_allowed=0, reason="a")
    Override.objects.create(quiz=quiz, klass=other_class, closes_at=late, attempts_allowed=3, reason="b")
    terms = Override.terms_for(quiz, learner)
    assert terms.closes_at == late and terms.attempts_allowed == 0  # 0 is unlimited: the most lenient


@pytest.mark.parametrize(
    ("change", "limit"),
    [
        ({"time_limit": minutes(45)}, minutes(45)),
        ({"extra_time": minutes(15)}, minutes(45)),
        ({"time_multiplier": Decimal("1.5")}, minutes(45)),
        ({"time_multiplier": Decimal("2")}, minutes(60)),
    ],
)
def test_a_time_limit_can_be_set_lengthened_or_multiplied(quiz, learner, change, limit):
    Override.objects.create(quiz=quiz, learner=learner, reason="Extra time", **change)
    assert Override.terms_for(quiz, learner).time_limit == limit


def test_a_learners_extra_minutes_add_to_their_classs_limit(quiz, learner):
    Override.objects.create(quiz=quiz, klass=klass_of(quiz), time_limit=minutes(40), reason="Class")
    Override.objects.create(quiz=quiz, learner=learner, extra_time=minutes(10), reason="Own")
    assert Override.terms_for(quiz, learner).time_limit == minutes(50)


def test_the_server_deadline_follows_the_learners_time_limit(quiz, learner, other_learner):
    Override.objects.create(quiz=quiz, learner=learner, extra_time=minutes(15), reason="Extra time")
    now = timezone.now()
    assert quiz.start_attempt(learner, now).deadline == now + minutes(45)
    assert quiz.start_attempt(other_learner, now).deadline == now + minutes(30)


def test_the_close_date_cuts_the_deadline_and_an_override_can_move_it(quiz, learner, other_learner):
    now = timezone.now()
    quiz.closes_at = now + minutes(10)
    quiz.save()
    Override.objects.create(quiz=quiz, learner=learner, closes_at=now + minutes(120), reason="Late start")
    mine, theirs = quiz.start_attempt(learner, now), quiz.start_attempt(other_learner, now)
    assert (mine.deadline, theirs.deadline) == (now + minutes(30), now + minutes(10))
    later = now + minutes(20)
    assert mine.accepts_answers(later) and not theirs.accepts_answers(later)


def test_an_override_can_open_a_closed_quiz_for_one_learner(quiz, learner, other_learner):
    now = timezone.now()
    quiz.opens_at, quiz.closes_at = now - timedelta(days=2), now - timedelta(days=1)
    quiz.save()
    Override.objects.create(quiz=quiz, learner=learner, closes_at=now + timedelta(days=1), reason="Was ill")
    assert quiz.start_attempt(learner, now).deadline == now + minutes(30)
    with pytest.raises(AttemptRefused, match="closed"):
        quiz.start_attempt(other_learner, now)


def test_the_attempt_limit_follows_the_override(quiz, learner, other_learner):
    Override.objects.create(quiz=quiz, learner=learner, attempts_allowed=2, reason="Second try")
    now = timezone.now()
    for _ in range(2):
        quiz.start_attempt(learner, now, random.Random(1)).finalize(now)
    with pytest.raises(AttemptRefused, match="all your attempts"):
        quiz.start_attempt(learner, now)
    quiz.start_attempt(other_learner, now).finalize(now)
    with pytest.raises(AttemptRefused, match="all your attempts"):
        quiz.start_attempt(other_learner, now)


def test_an_override_is_for_a_learner_or_a_class_never_both(quiz, learner):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Override.objects.create(quiz=quiz, learner=learner, klass=klass_of(quiz), reason="Both")


# --- Resolving many at once ------------------------------------------------------------------


def test_terms_resolved_from_loaded_overrides_are_those_of_terms_for(quiz, learner, other_learner, instructor):
    klass, other_class = klass_of(quiz), ClassFactory(instructor=instructor)
    other_class.add_learner(learner)
    quiz.classes.add(other_class)
    close = timezone.now() + timedelta(days=4)
    Override.objects.create(quiz=quiz, klass=klass, time_limit=minutes(40), reason="Class")
    Override.objects.create(quiz=quiz, klass=other_class, closes_at=close, attempts_allowed=3, reason="Other class")
    Override.objects.create(quiz=quiz, learner=learner, extra_time=minutes(10), reason="Own")
    loaded = overrides_by_learner(quiz, [learner.pk, other_learner.pk])
    for person in (learner, other_learner):
        assert resolve_terms(quiz, person.pk, loaded[person.pk]) == Override.terms_for(quiz, person)
    mine = resolve_terms(quiz, learner.pk, loaded[learner.pk])
    # Own extra 10 minutes on the class's 40; the other class's close and attempts.
    assert (mine.time_limit, mine.closes_at, mine.attempts_allowed) == (minutes(50), close, 3)
    assert [o.reason for o in loaded[learner.pk]] == ["Own", "Class", "Other class"]
    assert [o.reason for o in loaded[other_learner.pk]] == ["Class"]


def test_each_listed_quiz_gets_the_learners_own_terms_from_one_query(
    instructor, learner, other_learner, django_assert_num_queries
):
    quizzes = [
        QuizFactory(instructor=instructor, learners=[learner, other_learner], time_limit=minutes(20)) for _ in range(3)
    ]
    Override.objects.create(quiz=quizzes[0], learner=learner, time_multiplier=Decimal("1.5"), reason="Own")
    Override.objects.create(quiz=quizzes[1], klass=klass_of(quizzes[1]), attempts_allowed=5, reason="Class")
    Override.objects.create(quiz=quizzes[2], learner=other_learner, attempts_allowed=9, reason="Someone else")
    with django_assert_num_queries(1):
        terms = terms_for_quizzes(quizzes, learner)
    assert [(terms[q.pk].time_limit, terms[q.pk].attempts_allowed) for q in quizzes] == [
        (minutes(30), 1),  # 20 minutes × 1.5
        (minutes(20), 5),
        (minutes(20), 1),  # another learner's override changes nothing for this one
    ]


# --- Deadlines of attempts under way ---------------------------------------------------------


def test_an_attempt_under_way_gains_the_extra_minutes_and_loses_them_with_the_override(quiz, learner):
    started = timezone.now() - minutes(5)
    attempt = quiz.start_attempt(learner, started)
    assert attempt.deadline == started + minutes(30)
    override = Override(quiz=quiz, learner=learner, extra_time=minutes(15), reason="Extra time")
    assert save_override(override) == 1
    attempt.refresh_from_db()
    assert attempt.deadline == started + minutes(45)
    assert delete_override(override) == 1
    attempt.refresh_from_db()
    assert attempt.deadline == started + minutes(30)


def test_a_class_override_moves_its_members_attempts_only(quiz, learner, other_learner, instructor):
    klass, outsider = klass_of(quiz), UserFactory()
    elsewhere = ClassFactory(instructor=instructor)
    elsewhere.add_learner(outsider)
    quiz.classes.add(elsewhere)
    started = timezone.now()
    mine, outsiders = quiz.start_attempt(learner, started), quiz.start_attempt(outsider, started)
    finished = quiz.start_attempt(other_learner, started)
    finished.finalize(started + minutes(1))
    moved = save_override(Override(quiz=quiz, klass=klass, time_limit=minutes(60), reason="Class"))
    assert moved == 1  # the other member's attempt is finished: it keeps its deadline
    for attempt in (mine, outsiders, finished):
        attempt.refresh_from_db()
    assert (mine.deadline, outsiders.deadline, finished.deadline) == (
        started + minutes(60),
        started + minutes(30),
        started + minutes(30),
    )


def test_editing_an_override_moves_the_deadline_again(quiz, learner):
    started = timezone.now()
    attempt = quiz.start_attempt(learner, started)
    override = Override(quiz=quiz, learner=learner, extra_time=minutes(15), reason="Extra time")
    save_override(override)
    override.extra_time = minutes(5)
    save_override(override)
    attempt.refresh_from_db()
    assert attempt.deadline == started + minutes(35)


def test_an_earlier_close_cuts_the_deadline_of_an_attempt_under_way(quiz, learner):
    started = timezone.now() - minutes(5)
    attempt = quiz.start_attempt(learner, started)
    close = started + minutes(10)
    save_override(Override(quiz=quiz, learner=learner, closes_at=close, reason="Leaves early"))
    attempt.refresh_from_db()
    assert attempt.deadline == close


def test_an_attempt_whose_new_deadline_has_passed_is_submitted_by_the_next_read(quiz, learner):
    started = timezone.now() - minutes(20)
    attempt = quiz.start_attempt(learner, started)
    save_override(Override(quiz=quiz, learner=learner, time_limit=minutes(10), reason="Shorter by mistake"))
    attempt.refresh_from_db()
    assert attempt.deadline == started + minutes(10) and attempt.submitted_at is None
    assert Attempt.objects.filter(learner=learner).finalize_expired(timezone.now()) == 1
    attempt.refresh_from_db()
    assert attempt.submitted_at == started + minutes(10) and attempt.auto_submitted


@pytest.mark.postgresql  # SQLite lets one transaction write at a time: two saves cannot interleave there
@pytest.mark.django_db(transaction=True)
def test_a_learners_and_a_classs_override_saved_at_once_both_reach_the_deadline(instructor, learner, monkeypatch):
    quiz = QuizFactory(
        instructor=instructor,
        questions=[QuestionFactory(author=instructor)],
        learners=[learner],
        time_limit=minutes(30),
    )
    started = timezone.now()
    attempt = quiz.start_attempt(learner, started)
    # Both overrides are stored before either moves the deadline: each must still see the other's.
    barrier = threading.Barrier(2, timeout=30)
    reschedule = models.reschedule_attempts

    def after_both_saved(override):
        barrier.wait()
        return reschedule(override)

    monkeypatch.setattr(models, "reschedule_attempts", after_both_saved)
    errors = []

    def save(override):
        try:
            save_override(override)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    overrides = [
        Override(quiz=quiz, klass=klass_of(quiz), time_limit=minutes(40), reason="Class"),
        Override(quiz=quiz, learner=learner, extra_time=minutes(10), reason="Own"),
    ]
    threads = [threading.Thread(target=save, args=[override]) for override in overrides]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    attempt.refresh_from_db()
    assert attempt.deadline == started + minutes(50)  # own 10 extra minutes on the class's 40


def test_feedback_after_the_close_waits_until_the_quiz_has_closed_for_everyone(quiz, learner, other_learner):
    """A learner who finished must not see the answers while another, given a later close, may still be at work."""
    now = timezone.now()
    quiz.feedback, quiz.closes_at = models.Feedback.CLOSE, now + minutes(60)
    quiz.save()
    finished = quiz.start_attempt(learner, now)
    finished.finalize(now + minutes(5))
    extension = Override(quiz=quiz, learner=other_learner, closes_at=now + minutes(180), reason="Reader")
    save_override(extension)
    quiz.refresh_from_db()
    assert quiz.results_at == now + minutes(180)
    assert not quiz.feedback_shown(finished, now + minutes(90))  # the quiz's own close has passed, the extension's not
    assert quiz.feedback_shown(finished, now + minutes(180))
    delete_override(extension)
    quiz.refresh_from_db()
    assert quiz.results_at == now + minutes(60)
    assert quiz.feedback_shown(finished, now + minutes(90))


def test_the_quiz_page_and_list_say_when_results_held_for_an_extension_will_show(
    quiz, learner, other_learner, learner_client
):
    """Closed for this learner, not yet for another: the score shows when the extension ends, and they are told when."""
    now = timezone.now()
    quiz.feedback, quiz.closes_at = models.Feedback.CLOSE, now + minutes(60)
    quiz.save()
    quiz.start_attempt(learner, now).finalize(now + minutes(5))
    save_override(Override(quiz=quiz, learner=other_learner, closes_at=now + minutes(180), reason="Reader"))
    local = timezone.localtime(now + minutes(180), learner.profile.zone)
    for url in (reverse("quizzes:detail", args=[quiz.pk]), reverse("quizzes:list")):
        html = learner_client.get(url).text
        assert f'After <time datetime="{local.isoformat()}">{local:%-d %b %Y, %H:%M}</time>' in html, url


def test_an_override_closing_earlier_or_later_moves_the_close_for_everyone_as_it_should(quiz, learner, instructor):
    now = timezone.now()
    quiz.closes_at = now + minutes(60)
    quiz.save()
    save_override(Override(quiz=quiz, learner=learner, closes_at=now + minutes(30), reason="Leaves early"))
    quiz.refresh_from_db()
    assert quiz.results_at == now + minutes(60)
    booked_late = Override(quiz=quiz, klass=klass_of(quiz), closes_at=now + minutes(120), reason="Exam hall")
    save_override(booked_late)
    quiz.refresh_from_db()
    assert quiz.results_at == now + minutes(120)
    booked_late.closes_at = now + minutes(90)  # edited
    save_override(booked_late)
    quiz.refresh_from_db()
    assert quiz.results_at == now + minutes(90)
    # The instructor moves the quiz's own close past every override, however it is written.
    models.Quiz.objects.filter(pk=quiz.pk).update(closes_at=now + minutes(240))
    quiz.refresh_from_db()
    assert quiz.results_at == now + minutes(240)
    models.Quiz.objects.filter(pk=quiz.pk).update(closes_at=None)
    quiz.refresh_from_db()
    assert quiz.results_at is None  # a quiz that never closes for everyone never shows feedback "after it closes"


def test_the_migration_gives_existing_quizzes_their_latest_override_close(quiz, learner, other_learner):
    from importlib import import_module

    from django.apps import apps

    now = timezone.now()
    Override.objects.create(quiz=quiz, learner=learner, closes_at=now + minutes(120), reason="Reader")
    Override.objects.create(quiz=quiz, learner=other_learner, closes_at=now + minutes(90), reason="Late start")
    without = QuizFactory(instructor=quiz.instructor, questions=[])
    models.Quiz.objects.update(overrides_close_at=None)  # as before the migration
    import_module("studyapp.quizzes.migrations.0006_overrides_close").fill_overrides_close(apps, None)
    quiz.refresh_from_db()
    without.refresh_from_db()
    assert (quiz.overrides_close_at, without.overrides_close_at) == (now + minutes(120), None)
