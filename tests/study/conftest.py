from dataclasses import replace

import pytest

from studyapp.study.models import StudySettings
from studyapp.study.scheduling import build_scheduler


@pytest.fixture
def no_fuzz(monkeypatch):
    """Intervals without fuzz, so expected states can be computed exactly."""
    monkeypatch.setattr(
        StudySettings,
        "scheduler",
        lambda self: build_scheduler(replace(self.scheduler_settings(), enable_fuzzing=False)),
    )
