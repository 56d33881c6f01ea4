"""Shared helpers for the study tests: a fixed clock, answering, reading counts."""

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from studyapp.study import reviewing
from studyapp.study.models import StudySettings
from studyapp.study.scheduling import build_scheduler

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def no_fuzz(monkeypatch):
    """Intervals without fuzz, so expected states can be computed exactly."""
    monkeypatch.setattr(
        StudySettings, "scheduler", lambda self: build_scheduler(replace(self.scheduler_settings(), enable_fuzzing=False))
    )


def answer(user, card, rating: int, at: datetime, version: int = 0) -> str:
    study = StudySettings.for_user(user)
    shown = reviewing.Shown(user.pk, card.pk, version, at)
    return reviewing.record_answer(user, study, shown, rating, at)
