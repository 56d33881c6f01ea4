"""Histories for the progress tests: a class of learners, and thousands of answers for query-count tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from studyapp.classes.models import Class, Membership
from studyapp.study.models import StudySettings
from tests.factories import NOW, ReviewLogFactory


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
        rows.append(
            ReviewLogFactory.build(
                user=user,
                card=cards[i % len(cards)],
                reviewed_at=at,
                rating=1 + i % 4,
                kind_before=kind,
                interval_before_days=None if kind == 0 else (i % 40) + 0.5,
                study=study,
            )
        )
    ReviewLogFactory.save_all(rows)
