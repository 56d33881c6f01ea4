"""Hand-made histories for the progress tests: review rows and card states written directly."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from studyapp.classes.models import Class, Membership
from studyapp.study.models import CardState, ReviewLog, StudySettings

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)  # a Tuesday


def review(user, card, at: datetime, rating: int = 3, *, kind_before: int = 2, interval_before: float | None = 5.0,
           duration_ms: int = 8000, study: StudySettings | None = None) -> ReviewLog:
    """An unsaved review row (save with save_reviews), its learner day computed as record_answer does."""
    study = study or StudySettings.for_user(user)
    return ReviewLog(
        user=user, card=card, rating=rating, reviewed_at=at, day=study.day_of(at), duration_ms=duration_ms,
        kind_before=kind_before, interval_before_days=None if kind_before == 0 else interval_before,
        state_before=None, state_after={}, interval_days=1.0,
        version_before=0, shown_at=at,
    )


def save_reviews(rows: list[ReviewLog]) -> list[ReviewLog]:
    # version_before must be unique per (user, card): number the rows of each card in order.
    seen: dict = {}
    for row in rows:
        key = (row.user_id, row.card_id)
        row.version_before = seen[key] = seen.get(key, -1) + 1
    return ReviewLog.objects.bulk_create(rows)


def state(user, card, *, stability: float = 10.0, last_review: datetime = NOW, due: datetime | None = None,
          state: int = CardState.State.REVIEW, reps: int = 3, lapses: int = 0, **extra) -> CardState:
    return CardState.objects.create(
        user=user, card=card, state=state, stability=stability, difficulty=5.0, last_review=last_review,
        due=due or last_review + timedelta(days=stability), reps=reps, lapses=lapses, version=reps, **extra,
    )


def make_class(instructor, learners, name="Serverless 101") -> Class:
    klass = Class.objects.create(name=name, instructor=instructor)
    Membership.objects.bulk_create([Membership(klass=klass, learner=learner) for learner in learners])
    return klass


def bulk_history(user, cards, n: int, end: datetime = NOW, *, per_day: int = 25) -> None:
    """n reviews spread backwards over the days before end, on cards in turn (for query-count tests)."""
    study = StudySettings.for_user(user)
    rows = []
    for i in range(n):
        at = end - timedelta(days=i // per_day, minutes=i % per_day + 1)
        kind = (0, 1, 2, 3)[i % 4]
        rows.append(review(user, cards[i % len(cards)], at, rating=1 + i % 4, kind_before=kind,
                           interval_before=(i % 40) + 0.5, study=study))
    save_reviews(rows)
