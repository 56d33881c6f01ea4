"""Factories for the study tests' exam dates."""

from datetime import timedelta

import factory

from studyapp.study.models import ExamDate
from tests.factories import NOW, UserFactory


class ExamDateFactory(factory.django.DjangoModelFactory):
    """A learner's own exam: by default on every topic, a week after NOW, at 0.9 recall."""

    class Meta:
        model = ExamDate
        skip_postgeneration_save = True

    learner = factory.SubFactory(UserFactory)
    day = (NOW + timedelta(days=7)).date()
    target = 0.9
    all_topics = True

    @factory.post_generation
    def topics(exam, create, extracted, **kwargs):
        if extracted:
            exam.topics.set(extracted)
            exam.all_topics = False
            exam.save(update_fields=["all_topics"])
