"""Factories for the classes tests."""

from datetime import timedelta

import factory

from studyapp.classes.models import Class
from tests.factories import NOW, InstructorFactory


class ClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Class

    name = factory.Sequence(lambda n: f"Class {n}")
    instructor = factory.SubFactory(InstructorFactory)


class ClassExamFactory(factory.django.DjangoModelFactory):
    """A class's exam: by default on every topic of the class, a week after NOW, at 0.9 recall."""

    class Meta:
        model = "classes.ClassExam"
        skip_postgeneration_save = True

    klass = factory.SubFactory(ClassFactory)
    day = (NOW + timedelta(days=7)).date()
    target = 0.9
    all_topics = True

    @factory.post_generation
    def topics(exam, create, extracted, **kwargs):
        if extracted:
            exam.topics.set(extracted)
            exam.all_topics = False
            exam.save(update_fields=["all_topics"])
