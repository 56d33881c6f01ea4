"""The bank's work beyond one form: storing questions (from the question form and from generated
drafts), their shelves (categories and tags), bulk changes, and what a question's page reports
(its versions, the quizzes that use it, how learners did)."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Avg, Count, Exists, F, FloatField, Max, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from studyapp.cards.generate import item_sets
from studyapp.cards.models import Card
from studyapp.content.models import Topic

from .generate import TRUE_FALSE, CardData, QuestionDraft, generate_questions
from .models import Category, Option, Question, Quiz, Response, Slot, Tag, touch_quizzes


@transaction.atomic
def save_question(question: Question, data: dict, *, approve: bool = False) -> Question:
    """Save a question from QuestionForm's cleaned data and return the row that holds it now.

    A question already drawn in an attempt is not changed: the edit becomes its next version
    (`new_version`), so the attempt keeps what was asked. Otherwise options are updated in
    place (by position)."""
    if question.pk and question.responses.exists():
        question = new_version(question)
    question.topic, question.anchor = data["note"]
    if "category" in data:
        question.category = category_at(data["category"])
    question.text, question.explanation = data["text"].strip(), data.get("explanation", "").strip()
    question.accepted_answers = data.get("accepted_answers") or []
    question.numeric_answer = data.get("numeric_answer")
    question.tolerance = data.get("tolerance") or 0
    if approve:
        question.status = Question.Status.APPROVED
    question.save()
    if "tags" in data:
        question.tags.set(tags_named(data["tags"]))
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


def category_at(path: str) -> Category | None:
    """The category at `path` ("Lambda/Cold starts"), made with the ones above it when new; None for ""."""
    if not path:
        return None
    levels = path.split("/")
    category = None
    for depth in range(1, len(levels) + 1):
        category, _ = Category.objects.get_or_create(name="/".join(levels[:depth]))
    return category


def tags_named(names: list[str]) -> list[Tag]:
    """The tags with these names, made when new; an existing tag is found whatever its case."""
    if not names:
        return []
    found = {tag.name.casefold(): tag for tag in Tag.objects.filter(reduce(or_, (Q(name__iexact=n) for n in names)))}
    return [found.get(name.casefold()) or Tag.objects.get_or_create(name=name)[0] for name in names]


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
    # `update` sends no signal: their starts plan afresh.
    touch_quizzes(Quiz.objects.filter(slots__question=question).values_list("pk", flat=True))
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


# --- bulk changes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkOutcome:
    changed: int  # the author's own questions, changed
    skipped: int  # other instructors' questions among those ticked, left as they were


@transaction.atomic
def apply_bulk(author, ids: list[int], action: str, *, tag: str = "", category: str = "") -> BulkOutcome:
    """Approve, discard, tag or move the current questions among `ids` that `author` wrote, in one
    transaction; ids of questions they cannot see (or old versions) are ignored."""
    ticked = Question.objects.visible_to(author).current().filter(pk__in=ids)
    own = ticked.filter(author=author)
    own_ids = list(own.values_list("pk", flat=True))
    skipped = ticked.exclude(author=author).count()
    now = timezone.now()
    if action in ("approve", "discard"):
        status = Question.Status.APPROVED if action == "approve" else Question.Status.DISCARDED
        Question.objects.filter(pk__in=own_ids).update(status=status, updated_at=now)
    elif action == "tag" and own_ids:
        (found,) = tags_named([tag])
        links = [Question.tags.through(question_id=pk, tag_id=found.pk) for pk in own_ids]
        Question.tags.through.objects.bulk_create(links, ignore_conflicts=True)
    elif action == "move" and own_ids:
        Question.objects.filter(pk__in=own_ids).update(category=category_at(category), updated_at=now)
    return BulkOutcome(len(own_ids), skipped)


# --- shelves -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shelf:
    category: Category
    questions: int  # in it or inside it: what filtering on it lists


def shelves(user) -> list[Shelf]:
    """Every category with how many of the bank's questions (current, not discarded, that `user`
    sees) are in it or inside it: one aggregate query, the nesting summed here."""
    listed = Q(questions__is_current=True) & ~Q(questions__status=Question.Status.DISCARDED)
    visible = Q(questions__in=Question.objects.visible_to(user).values("pk"))
    # By name, so each category comes just before those inside it (grouped queries ignore Meta.ordering).
    categories = list(Category.objects.annotate(direct=Count("questions", filter=listed & visible)).order_by("name"))
    return [
        Shelf(
            category,
            sum(c.direct for c in categories if c.name == category.name or c.name.startswith(f"{category.name}/")),
        )
        for category in categories
    ]


# --- a question's page: versions and usage -------------------------------------------------------


def versions_of(question: Question, user) -> list[Question]:
    """Every version of the question that `user` sees, newest first, each with `attempts`: how
    many learners' attempts drew it (previews are not counted)."""
    family = question.family_id_or_own
    real = Q(responses__attempt__is_preview=False)
    return list(
        Question.objects.visible_to(user)
        .filter(Q(pk=family) | Q(family=family))
        .select_related("author")
        .annotate(attempts=Count("responses", filter=real))
        .order_by("-version")
    )


@dataclass(frozen=True)
class Usage:
    own_quizzes: list[Quiz]  # the asker's quizzes with this version in a fixed slot
    other_quizzes: int  # other instructors' quizzes with it
    random_slots: int  # random slots whose pool it is in
    answered: int  # graded answers to any version, in learners' finished attempts
    facility: float | None  # their mean score, percent of the points
    answered_here: int  # the same, for this version
    facility_here: float | None


def usage_of(question: Question, user) -> Usage:
    """Where the question is used and how learners did, in three queries whatever the numbers."""
    quizzes = list(
        Quiz.objects.filter(slots__question=question).distinct().only("pk", "title", "instructor_id").order_by("title")
    )
    figures = _answers(question)
    return Usage(
        own_quizzes=[quiz for quiz in quizzes if quiz.instructor_id == user.pk],
        other_quizzes=sum(1 for quiz in quizzes if quiz.instructor_id != user.pk),
        random_slots=random_slots_drawing(question).count(),
        **figures,
    )


def _answers(question: Question) -> dict:
    family = question.family_id_or_own
    graded = Response.objects.filter(
        Q(question_id=family) | Q(question__family_id=family),
        attempt__is_preview=False,
        attempt__submitted_at__isnull=False,
        score__isnull=False,
    )
    percent = Cast(F("score"), FloatField()) * 100.0 / Cast(F("points"), FloatField())
    here = Q(question_id=question.pk)
    return graded.aggregate(
        answered=Count("pk"),
        facility=Avg(percent),
        answered_here=Count("pk", filter=here),
        facility_here=Avg(percent, filter=here),
    )


def random_slots_drawing(question: Question):
    """The random slots whose pool holds this question (by `Pool.matches`: each source given must match)."""
    through = Slot.random_topics.through
    has_topics = Exists(through.objects.filter(slot=OuterRef("pk")))
    on_its_topic = Exists(through.objects.filter(slot=OuterRef("pk"), topic_id=question.topic_id))
    topic_ok = Q(~has_topics) | Q(on_its_topic) if question.topic_id else Q(~has_topics)
    if question.category_id:
        levels = question.category.name.split("/")
        above = ["/".join(levels[:depth]) for depth in range(1, len(levels) + 1)]
        category_ok = Q(random_category__isnull=True) | Q(random_category__name__in=above)
    else:
        category_ok = Q(random_category__isnull=True)
    its_tags = Question.tags.through.objects.filter(question_id=question.pk).values("tag_id")
    tag_ok = Q(random_tag__isnull=True) | Q(random_tag__in=its_tags)
    drawing = Q(has_topics) | Q(random_category__isnull=False) | Q(random_tag__isnull=False)
    return Slot.objects.filter(drawing, topic_ok, category_ok, tag_ok, question__isnull=True)
