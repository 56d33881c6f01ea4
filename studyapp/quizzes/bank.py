"""Storing bank questions: from the question form, and from generated drafts."""

from __future__ import annotations

import random
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Q

from studyapp.cards.generate import item_sets
from studyapp.cards.models import Card
from studyapp.content.models import Topic

from .generate import TRUE_FALSE, CardData, QuestionDraft, generate_questions
from .models import Option, Question, Slot


@transaction.atomic
def save_question(question: Question, data: dict, *, approve: bool = False) -> Question:
    """Save a question from QuestionForm's cleaned data and return the row that holds it now.

    A question already drawn in an attempt is not changed: the edit becomes its next version
    (`new_version`), so the attempt keeps what was asked. Otherwise options are updated in
    place (by position)."""
    if question.pk and question.responses.exists():
        question = new_version(question)
    question.topic, question.anchor = data["note"]
    question.text, question.explanation = data["text"].strip(), data.get("explanation", "").strip()
    question.accepted_answers = data.get("accepted_answers") or []
    question.numeric_answer = data.get("numeric_answer")
    question.tolerance = data.get("tolerance") or 0
    if approve:
        question.status = Question.Status.APPROVED
    question.save()
    rows = data.get("options") or []
    existing = list(question.options.all())
    for position, (text, correct) in enumerate(rows):
        if position < len(existing):
            option = existing[position]
            option.text, option.is_correct, option.position = text, correct, position
            option.save()
        else:
            Option.objects.create(question=question, text=text, is_correct=correct, position=position)
    for option in existing[len(rows) :]:
        option.delete()
    return question


def new_version(question: Question) -> Question:
    """A copy of `question` as its next version, its options and tags copied; the quizzes that use
    it use the new version from now on. The old row stays for the attempts that drew it."""
    family = question.family_id or question.pk
    latest = Question.objects.filter(Q(pk=family) | Q(family=family)).aggregate(Max("version"))["version__max"]
    options, tags = list(question.options.all()), list(question.tags.all())
    old_pk, source_key = question.pk, question.source_key
    Question.objects.filter(pk=old_pk).update(is_current=False, source_key="")  # the key moves to the new row
    question.pk = question.id = None
    question._state.adding = True
    question.family_id, question.version, question.is_current, question.source_key = (
        family,
        latest + 1,
        True,
        source_key,
    )
    question.save()
    question.tags.set(tags)
    Option.objects.bulk_create(
        [
            Option(
                question=question,
                text=o.text,
                is_correct=o.is_correct,
                credit=o.credit,
                feedback=o.feedback,
                position=o.position,
            )
            for o in options
        ]
    )
    Slot.objects.filter(question_id=old_pk).update(question=question)
    return question


def topic_drafts(topic: Topic, cards: Iterable[Card]) -> list[QuestionDraft]:
    """Generated questions of one topic, from its cards in `cards` and the sets of its notes.
    Per topic, so another topic's cards never become options (nor change them)."""
    data = [
        CardData(c.pk, c.key, c.fact_key, c.kind, c.front, c.back, c.section, c.anchor)
        for c in cards
        if c.topic_id == topic.pk
    ]
    return generate_questions(data, item_sets(topic.slug, topic.short_title, topic.parsed_outline()))


@transaction.atomic
def store_generated(drafts: list[QuestionDraft], author, topic: Topic | None = None) -> int:
    """Add drafts not generated for this author before (discarded ones stay discarded).

    A draft from a card belongs to the card's topic; a draft without a card (a question on a
    set of the notes) belongs to `topic`, the topic the drafts were generated for."""
    if topic is None and any(d.card_id is None for d in drafts):
        raise ValueError("Questions without a card need the topic they were generated for.")
    known = set(
        Question.objects.filter(author=author, source_key__in=[d.source_key for d in drafts]).values_list(
            "source_key", flat=True
        )
    )
    cards = Card.objects.in_bulk({d.card_id for d in drafts if d.card_id is not None})
    created = 0
    for draft in drafts:
        card = cards.get(draft.card_id)
        if draft.source_key in known or (draft.card_id is not None and card is None):
            continue
        question = Question.objects.create(
            topic_id=card.topic_id if card else topic.pk,
            anchor=draft.anchor,
            card=card,
            kind=draft.kind,
            text=draft.text,
            explanation=draft.explanation,
            status=Question.Status.DRAFT,
            author=author,
            source_key=draft.source_key,
        )
        options = list(draft.options)
        if draft.kind != TRUE_FALSE:
            random.Random(draft.source_key).shuffle(options)  # the answer is not always first
        Option.objects.bulk_create(
            [
                Option(question=question, text=text, is_correct=correct, position=i)
                for i, (text, correct) in enumerate(options)
            ]
        )
        known.add(draft.source_key)
        created += 1
    return created
