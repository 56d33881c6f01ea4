"""Shared helpers for the study tests: a fixed clock, answering, reading counts."""

from datetime import datetime, timezone

from studyapp.study import reviewing
from studyapp.study.models import StudySettings

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def answer(user, card, rating: int, at: datetime, version: int = 0) -> str:
    study = StudySettings.for_user(user)
    shown = reviewing.Shown(user.pk, card.pk, version, at)
    return reviewing.record_answer(user, study, shown, rating, at)
