"""The demo history: FSRS-consistent, on learner days, and idempotent."""

import io

import pytest
from django.core.management import call_command

from studyapp.progress.demo import seed_history
from studyapp.study.models import CardState, ReviewLog, StudySettings
from tests.factories import NOW, UserFactory


@pytest.fixture
def cards(db):
    call_command("import_content", stdout=io.StringIO())


def test_it_gives_each_learner_weeks_of_history_once(cards):
    learners = [UserFactory(time_zone="Asia/Kolkata"), UserFactory(time_zone="America/New_York")]
    out = io.StringIO()
    written = seed_history(learners, NOW, out)
    assert written == ReviewLog.objects.count() > 200
    for learner in learners:
        study = StudySettings.for_user(learner)
        reviews = ReviewLog.objects.filter(user=learner)
        assert reviews.values("day").distinct().count() >= 14  # several weeks, most days
        assert all(r.day == study.day_of(r.reviewed_at) and r.reviewed_at <= NOW for r in reviews)
        # Each card state is the state after its card's latest review.
        for state in CardState.objects.filter(user=learner):
            last = reviews.filter(card=state.card).order_by("-reviewed_at").first()
            assert last.state_after == state.snapshot()
            assert state.reps == reviews.filter(card=state.card).count()
    assert "reviews of" in out.getvalue()

    again = io.StringIO()
    assert seed_history(learners, NOW, again) == 0
    assert ReviewLog.objects.count() == written
    assert "already has reviews" in again.getvalue()
