from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from studyapp.cards.models import Card
from studyapp.classes.models import Class
from studyapp.quizzes.models import Quiz
from studyapp.study.models import CardState, ReviewLog
from studyapp.study.scheduling import learner_day

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("bench_settings")]


def seed(**sizes):
    options = {
        "learners": 2,
        "cards_per_learner": 8,
        "reviews_per_learner": 40,
        "instructors": 1,
        "class_size": 2,
        "processes": 1,
        "unstarted_cards": 0,
    }
    call_command("seed_bench", **{**options, **sizes})


def test_it_seeds_learners_with_consistent_histories():
    seed()
    learners = User.objects.filter(username__startswith="bench-0")
    assert learners.count() == 2
    assert all(user.profile and user.study_settings for user in learners)
    assert learners[0].check_password("bench-password")
    assert ReviewLog.objects.count() == 80
    for state in CardState.objects.all():
        reviews = ReviewLog.objects.filter(user=state.user, card=state.card).order_by("reviewed_at")
        assert [r.version_before for r in reviews] == list(range(state.version))
        assert state.reps == state.version
        assert all(r.day == learner_day(r.reviewed_at, state.user.profile.zone, 4) for r in reviews)
    ratings = Counter(ReviewLog.objects.values_list("rating", flat=True))
    assert ratings[3] > ratings[1]  # mostly passes


def test_learners_come_back_from_breaks_of_different_lengths_with_work_waiting():
    from django.utils import timezone

    from studyapp.study.models import StudySettings
    from studyapp.study.queue import next_card

    seed(learners=3, cards_per_learner=20, reviews_per_learner=120, instructors=0)
    now = timezone.now()
    today = learner_day(now, timezone.get_fixed_timezone(0), 4)
    days_away = []
    for learner in User.objects.filter(username__startswith="bench-0").order_by("username"):
        last_day = ReviewLog.objects.filter(user=learner).order_by("-day").values_list("day", flat=True).first()
        days_away.append((today - last_day).days)
        upcoming = next_card(learner, StudySettings.for_user(learner), now)
        assert upcoming.card is not None and upcoming.counts.new > 0
    assert days_away == [1, 2, 3]


def test_it_adds_an_instructor_a_class_and_a_quiz():
    seed()
    klass = Class.objects.get()
    assert klass.instructor.username == "bench-teacher-000"
    assert klass.memberships.count() == 2
    assert Quiz.objects.get().classes.get() == klass


def test_it_adds_synthetic_cards_beyond_the_real_ones_and_leaves_the_unstarted_ones_new():
    seed(learners=1, cards_per_learner=200, reviews_per_learner=100, instructors=0, unstarted_cards=50)
    real = Card.objects.exclude(topic__slug="bench-synthetic").count()
    assert Card.objects.active().filter(topic__slug="bench-synthetic").count() == 250 - real
    assert CardState.objects.count() <= 200


def test_it_is_idempotent_and_refuses_another_size():
    seed()
    seed()
    assert ReviewLog.objects.count() == 80
    with pytest.raises(CommandError):
        seed(learners=3)
