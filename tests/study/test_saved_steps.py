"""Steps saved before steps were bounded are brought within the bounds, so reading them never fails."""

import importlib

import pytest
from django.apps import apps

from studyapp.study.models import StudySettings
from tests.factories import UserFactory

migration = importlib.import_module("studyapp.study.migrations.0007_bound_saved_steps")


@pytest.mark.parametrize(
    "saved, bounded",
    [
        ("1m 10m", "1m 10m"),
        ("1m 30d", "1m 7d"),
        ("99999999999d", "7d"),
        (" ".join(["1m"] * 12), " ".join(["1m"] * 10)),
        ("", ""),
    ],
)
def test_it_bounds_what_was_saved(saved, bounded):
    assert migration.bounded(saved) == bounded


@pytest.mark.django_db
def test_settings_saved_with_a_step_too_long_read_again_after_the_migration():
    settings = StudySettings.for_user(UserFactory())
    StudySettings.objects.filter(pk=settings.pk).update(learning_steps="1m 30d", relearning_steps="10m")
    with pytest.raises(ValueError):
        StudySettings.objects.get(pk=settings.pk).scheduler_settings()
    migration.bound_steps(apps, None)
    assert StudySettings.objects.get(pk=settings.pk).scheduler_settings().learning_steps[-1].days == 7
