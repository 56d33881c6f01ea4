"""Factories for the classes tests."""

import factory

from studyapp.classes.models import Class
from tests.factories import InstructorFactory


class ClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Class

    name = factory.Sequence(lambda n: f"Class {n}")
    instructor = factory.SubFactory(InstructorFactory)
