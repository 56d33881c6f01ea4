"""Factories for the study tests' exam dates."""

import factory

from studyapp.study.models import ExamDate
from tests.factories import ExamFactory, UserFactory


class ExamDateFactory(ExamFactory):
    """A learner's own exam (see ExamFactory for its defaults)."""

    class Meta:
        model = ExamDate

    learner = factory.SubFactory(UserFactory)
