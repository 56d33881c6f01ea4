"""Shared helpers for the study tests: a fixed clock, answering, reading counts."""

from datetime import datetime, timezone

from studyapp.study import reviewing

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


def answer(user, card, rating: int, at: datetime, version: int = 0) -> str:
    shown = reviewing.Shown(user.pk, card.pk, version, at)
    outcome, _study = reviewing.record_answer(user, shown, rating, at)
    return outcome
