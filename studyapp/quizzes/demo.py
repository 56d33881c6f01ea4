"""Demo data for `seed_demo`: a class, a published ten-question quiz, and a few finished attempts.

Idempotent: a second run finds everything by name and adds nothing. Needs the
flashcards (`import_content`) for the generated questions.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from studyapp.cards.models import Card
from studyapp.classes.models import Class

from .bank import store_generated
from .generate import CardData, generate_questions
from .models import Feedback, GradingMethod, Question, Quiz, Slot

CLASS_NAME = "Serverless cohort"
QUIZ_TITLE = "Serverless limits and building blocks"
QUESTIONS = 10
# How often each demo learner (in order) picks the right answer, so the results vary.
SKILL = [0.9, 0.6, 0.4]


@transaction.atomic
def seed_quizzes(instructor, learners, stdout) -> Quiz | None:
    klass, _ = Class.objects.get_or_create(
        name=CLASS_NAME, instructor=instructor, defaults={"description": "The demo class: every demo learner is in it."})
    for learner in learners:
        klass.add_learner(learner)
    quiz = Quiz.objects.filter(instructor=instructor, title=QUIZ_TITLE).first()
    if quiz is None:
        questions = _approved_questions(instructor)
        if len(questions) < QUESTIONS:
            stdout.write("No quiz demo: import the content first (python manage.py import_content).")
            return None
        quiz = Quiz.objects.create(
            instructor=instructor, title=QUIZ_TITLE, time_limit=timedelta(minutes=15), attempts_allowed=2,
            grading_method=GradingMethod.HIGHEST, feedback=Feedback.SUBMIT, pass_mark=60,
            instructions="Ten questions on the **Lambda** and **DynamoDB** notes. You have 15 minutes and two attempts; "
                         "the better one counts.",
            published_at=timezone.now(),
        )
        Slot.objects.bulk_create([Slot(quiz=quiz, question=q, position=i) for i, q in enumerate(questions, start=1)])
        quiz.classes.add(klass)
    _finished_attempts(quiz, learners)
    stdout.write(f"Quizzes: class “{klass.name}” (join code {klass.join_code}) and the quiz “{quiz.title}”.")
    return quiz


def _approved_questions(instructor) -> list[Question]:
    cards = [CardData(c.pk, c.key, c.fact_key, c.kind, c.front, c.back, c.section, c.anchor)
             for c in Card.objects.active()]
    store_generated(generate_questions(cards), instructor)
    generated = list(Question.objects.filter(author=instructor, source_key__startswith="lambda/")
                     .exclude(status=Question.Status.DISCARDED).order_by("id"))
    generated += list(Question.objects.filter(author=instructor, source_key__startswith="dynamodb/")
                      .exclude(status=Question.Status.DISCARDED).order_by("id"))
    # A spread: every other one, so fact and true/false questions mix.
    chosen = (generated[::2] + generated[1::2])[:QUESTIONS]
    Question.objects.filter(pk__in=[q.pk for q in chosen]).update(status=Question.Status.APPROVED)
    return chosen


def _finished_attempts(quiz: Quiz, learners) -> None:
    now = timezone.now()
    for index, (learner, skill) in enumerate(zip(learners, SKILL)):
        if quiz.attempts.filter(learner=learner).exists():
            continue
        rng = random.Random(f"demo-{learner.username}")
        started = now - timedelta(days=2 - index * 0.5, minutes=rng.randint(0, 240))
        attempt = quiz.start_attempt(learner, started, rng)
        responses = list(attempt.responses.select_related("question").prefetch_related("question__options"))
        for response in responses:
            options = response.ordered_options()
            right = [o for o in options if o.is_correct]
            wrong = [o for o in options if not o.is_correct]
            pick = right if (rng.random() < skill or not wrong) else [rng.choice(wrong)]
            response.set_answer([str(pick[0].pk)], started + timedelta(minutes=1))
            response.save(update_fields=["selected", "answered_at"])
        attempt.finalize(started + timedelta(minutes=rng.randint(4, 12), seconds=rng.randint(0, 59)))
