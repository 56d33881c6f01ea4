"""Factories for the quizzes tests: questions with options, quizzes with slots, attempts."""

from datetime import timedelta

import factory
from django.utils import timezone

from studyapp.quizzes.models import Option, Question, Quiz, Slot
from tests.classes.factories import ClassFactory
from tests.factories import InstructorFactory, TopicFactory


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question: option "Right" is correct, "Wrong A" and "Wrong B" are not."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    topic = factory.SubFactory(TopicFactory)
    kind = "single"
    text = factory.Sequence(lambda n: f"Question text {n}?")
    explanation = "Because the notes say so."
    author = factory.SubFactory(InstructorFactory)
    status = Question.Status.APPROVED

    @factory.post_generation
    def options(question, create, extracted, **kwargs):
        if question.kind not in ("single", "multiple", "true_false"):
            return
        rows = extracted
        if rows is None:
            rows = (
                [("True", True), ("False", False)]
                if question.kind == "true_false"
                else [("Right", True), ("Wrong A", False), ("Wrong B", False)]
            )
        for position, (text, correct) in enumerate(rows):
            Option.objects.create(question=question, text=text, is_correct=correct, position=position)


class QuizFactory(factory.django.DjangoModelFactory):
    """A published quiz assigned to one class of its instructor; `questions=[...]` adds slots."""

    class Meta:
        model = Quiz
        skip_postgeneration_save = True

    instructor = factory.SubFactory(InstructorFactory)
    title = factory.Sequence(lambda n: f"Quiz {n}")
    published_at = factory.LazyFunction(timezone.now)
    shuffle_options = False
    attempts_allowed = 1

    @factory.post_generation
    def questions(quiz, create, extracted, **kwargs):
        for position, question in enumerate(extracted or [], start=1):
            Slot.objects.create(quiz=quiz, question=question, position=position)

    @factory.post_generation
    def learners(quiz, create, extracted, **kwargs):
        """Learners put in a class of the quiz's instructor that the quiz is assigned to."""
        if extracted is None:
            return
        klass = ClassFactory(instructor=quiz.instructor)
        for learner in extracted:
            klass.add_learner(learner)
        quiz.classes.add(klass)


def minutes(n: int) -> timedelta:
    return timedelta(minutes=n)
