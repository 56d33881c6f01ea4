"""Demo data for `seed_demo`: a class, a published ten-question quiz, and a few finished attempts.

Idempotent: a second run finds everything by name and adds nothing. Needs the
flashcards (`import_content`) for the generated questions.
"""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import chain, zip_longest

from django.db import transaction
from django.utils import timezone

from studyapp.cards.models import Card
from studyapp.classes.models import Class
from studyapp.content.models import Topic

from .bank import store_generated, topic_drafts
from .models import Feedback, GradingMethod, Question, Quiz, Slot

CLASS_NAME = "Serverless cohort"
QUIZ_TITLE = "Serverless limits and building blocks"
QUESTIONS = 10
DEMO_TOPICS = ("lambda", "dynamodb")  # what the quiz's instructions name
# How often each demo learner (in order) picks the right answer, so the results vary.
SKILL = [0.9, 0.6, 0.4]


@transaction.atomic
def seed_quizzes(instructor, learners, stdout) -> Quiz | None:
    klass, _ = Class.objects.get_or_create(
        name=CLASS_NAME, instructor=instructor, defaults={"description": "The demo class: every demo learner is in it."}
    )
    for learner in learners:
        klass.add_learner(learner)
    quiz = Quiz.objects.filter(instructor=instructor, title=QUIZ_TITLE).first()
    if quiz is None:
        questions = _approved_questions(instructor)
        if len(questions) < QUESTIONS:
            stdout.write("No quiz demo: import the content first (python manage.py import_content).")
            return None
        quiz = Quiz.objects.create(
            instructor=instructor,
            title=QUIZ_TITLE,
            time_limit=timedelta(minutes=15),
            attempts_allowed=2,
            grading_method=GradingMethod.HIGHEST,
            feedback=Feedback.SUBMIT,
            pass_mark=60,
            instructions="Ten questions on the **Lambda** and **DynamoDB** notes. "
            "You have 15 minutes and two attempts; the better one counts.",
            published_at=timezone.now(),
        )
        Slot.objects.bulk_create([Slot(quiz=quiz, question=q, position=i) for i, q in enumerate(questions, start=1)])
        quiz.classes.add(klass)
    _finished_attempts(quiz, learners)
    stdout.write(f"Quizzes: class “{klass.name}” (join code {klass.join_code}) and the quiz “{quiz.title}”.")
    return quiz


def _approved_questions(instructor) -> list[Question]:
    cards = Card.objects.active()
    for topic in Topic.objects.filter(pk__in=cards.values("topic")):
        store_generated(topic_drafts(topic, cards.filter(topic=topic)), instructor, topic)
    generated = list(
        Question.objects.filter(author=instructor, topic__slug__in=DEMO_TOPICS)
        .exclude(status=Question.Status.DISCARDED)
        .order_by("id")
    )
    chosen = _spread(generated, QUESTIONS)
    Question.objects.filter(pk__in=[q.pk for q in chosen]).update(status=Question.Status.APPROVED)
    return chosen


def _spread(questions: list[Question], count: int) -> list[Question]:
    """In turn from each topic and kind, so the quiz mixes figures, names, true/false and sets; one question
    per section of the notes, so that no question gives another's answer away (a gap to fill on a figure,
    then "true or false" on the same figure, or on the one beside it)."""
    groups: dict[tuple[int, str], list[Question]] = {}
    for question in questions:
        groups.setdefault((question.topic_id, question.kind), []).append(question)
    in_turn = (q for q in chain.from_iterable(zip_longest(*groups.values())) if q is not None)
    chosen: list[Question] = []
    sections: set[tuple] = set()
    for question in in_turn:
        section = (question.topic_id, question.anchor or question.pk)
        if section not in sections and len(chosen) < count:
            sections.add(section)
            chosen.append(question)
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
            response.set_answer([str(option.pk) for option in pick], started + timedelta(minutes=1))
            response.save(update_fields=["selected", "answered_at"])
        attempt.finalize(started + timedelta(minutes=rng.randint(4, 12), seconds=rng.randint(0, 59)))
