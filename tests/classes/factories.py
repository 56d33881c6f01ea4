"""Factories for the classes tests."""

import factory

from studyapp.classes.models import Class
from tests.factories import ExamFactory, InstructorFactory


class ClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Class

    name = factory.Sequence(lambda n: f"Class {n}")
    instructor = factory.SubFactory(InstructorFactory)


class ClassExamFactory(ExamFactory):
    """A class's exam (see ExamFactory for its defaults)."""

    class Meta:
        model = "classes.ClassExam"

    klass = factory.SubFactory(ClassFactory)
