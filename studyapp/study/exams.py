"""Exam dates in study: which exams apply to a learner, and what they do to today's queue.

A learner's own exams (`ExamDate`) and the exams of the classes they are in (`classes.ClassExam`,
reached through `Topic.class_exams`, as content reaches the class–topic link: study imports
nothing beside it) all apply; for a card, the nearest upcoming exam among those that cover its
topic counts. The maths is `planning`'s; this module feeds it from the database:

* `exam_ahead_sql` — a flag read with the learner's settings, so a learner with no exam ahead
  costs no query more;
* `upcoming_exams` — the exams that apply, in one query, kept on the settings object for the
  rest of the request;
* `plan_for` — today's plan: reviews brought forward, new cards a day to finish in time, and the
  sentence the study screen and the dashboard show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, Value
from django.db.models.fields import CharField, IntegerField

from studyapp.cards.models import Card

from .models import ExamDate, ReviewLog, StudySettings, class_exam_model
from .planning import CardMemory, brought_forward, new_cards_pace
from .scheduling import learner_day

OWN, CLASS = 0, 1


@dataclass
class UpcomingExam:
    """One exam that applies to a learner, with the topics it covers."""

    source: int  # OWN or CLASS
    exam_id: int
    name: str  # the class's name; empty for the learner's own exam
    day: date
    target: float
    everything: bool = False  # the learner's own exam on all their topics
    site_topics: bool = False  # a class exam on all the class's topics: the site topics and `topic_ids`
    topic_ids: set[int] = field(default_factory=set)

    def covers(self, topic_id: int, site_topic: bool) -> bool:
        return self.everything or topic_id in self.topic_ids or (self.site_topics and site_topic)

    @property
    def label(self) -> str:
        return f"{self.name} exam" if self.name else "Exam"


def nearest_exam(exams: list[UpcomingExam], topic_id: int, site_topic: bool) -> UpcomingExam | None:
    """The exam that counts for a card of this topic: the nearest that covers it (`exams` are nearest first)."""
    return next((exam for exam in exams if exam.covers(topic_id, site_topic)), None)


# --------------------------------------------------------------------------
# Reading the exams
# --------------------------------------------------------------------------


def _coverage_rows(user, today: date):
    """(source, id, name, day, target, all_topics, topic id) of every exam after `today`, in one query."""
    columns = ("source", "pk", "name", "day", "target", "all_topics", "topic")
    text, number = CharField(), IntegerField()
    own = ExamDate.objects.upcoming_for(user, today).annotate(
        source=Value(OWN, output_field=number), name=Value("", output_field=text), topic=F("topics")
    )
    exams = class_exam_model().objects.filter(klass__memberships__learner=user).upcoming(today)
    named = exams.annotate(source=Value(CLASS, output_field=number), name=F("klass__name"))
    listed = named.filter(all_topics=False).annotate(topic=F("topics"))
    shared = named.filter(all_topics=True).annotate(topic=F("klass__topic_links__topic"))
    queries = [query.order_by().values_list(*columns) for query in (own, listed, shared)]
    return queries[0].union(*queries[1:], all=True)


def upcoming_exams(study: StudySettings, today: date) -> list[UpcomingExam]:
    """The exams after `today` that apply to the learner, nearest first; read once per request."""
    cached = getattr(study, "_upcoming_exams", None)
    if cached is not None and cached[0] == today:
        return cached[1]
    exams: dict[tuple[int, int], UpcomingExam] = {}
    if getattr(study, "exam_ahead", True):
        for source, pk, name, day, target, all_topics, topic in _coverage_rows(study.user, today):
            exam = exams.setdefault(
                (source, pk),
                UpcomingExam(
                    source, pk, name, day, target, all_topics and source == OWN, all_topics and source == CLASS
                ),
            )
            if topic is not None:
                exam.topic_ids.add(topic)
    found = sorted(exams.values(), key=lambda exam: (exam.day, -exam.target, exam.source, exam.exam_id))
    study._upcoming_exams = (today, found)
    return found


# --------------------------------------------------------------------------
# Today's plan
# --------------------------------------------------------------------------


@dataclass
class ExamProgress:
    """What one exam does today: reviews it brings forward, new cards left and a day to finish in time."""

    exam: UpcomingExam
    cards: int = 0  # the cards this exam is the nearest for
    brought: int = 0
    new_left: int = 0
    new_per_day: int = 0  # what the exam needs; the learner's own limit may give more
    own_per_day: int = 0

    def sentence(self) -> str:
        day = f"{self.exam.day:%A} {self.exam.day.day} {self.exam.day:%b}"
        parts = [f"{self.brought} review{'s' if self.brought != 1 else ''} brought forward"]
        if not self.new_left:
            parts.append("every card introduced")
        elif self.new_per_day > self.own_per_day:
            parts.append(f"{self.new_per_day} new cards a day to finish in time")
        else:
            parts.append(f"your {self.own_per_day} new cards a day finish in time")
        return f"{self.exam.label} on {day}: " + ", ".join(parts) + "."


@dataclass
class ExamPlan:
    """Today's queue under the exams: cards brought forward (most at risk first), the new-card limit, the topics."""

    progress: list[ExamProgress]
    brought_ids: list[int]
    new_per_day: int
    exam_topic_ids: list[int]
    exam_site_topics: bool = False  # a class exam covers the site topics: their new cards come first too

    @property
    def sentences(self) -> list[str]:
        """One per exam that is the nearest for some card (a nearer exam may cover all of another's)."""
        return [item.sentence() for item in self.progress if item.cards]


def _memories(user, study: StudySettings, now: datetime, exams: list[UpcomingExam]):
    """Each card of the learner's that an exam covers, with its memory and whether it was first answered today."""
    covered = Q()
    for exam in exams:
        covered |= Q(pk__isnull=False) if exam.everything else Q(topic_id__in=exam.topic_ids)
        if exam.site_topics:
            covered |= Q(topic__owner__isnull=True)
    today = study.day_of(now)
    first_today = ReviewLog.objects.filter(user=user, day=today, kind_before=ReviewLog.KIND_NEW, card=OuterRef("pk"))
    cards = (
        Card.objects.visible_to(user)
        .filter(covered)
        .annotate(mine=FilteredRelation("states", condition=Q(states__user=user)), new_today=Exists(first_today))
        .values_list(
            "pk",
            "topic_id",
            "topic__owner_id",
            "new_today",
            *(f"mine__{name}" for name in ("reps", "suspended", "state", "stability", "difficulty", "due")),
            "mine__last_review",
            "mine__step",
        )
    )
    for pk, topic, owner, new_today, reps, suspended, state, stability, difficulty, due, last, step in cards:
        if suspended:
            continue
        memory = CardMemory(pk, topic_id=topic)
        if reps:
            zone, hour = study.zone, study.day_start_hour
            memory = CardMemory(
                pk,
                state,
                stability,
                difficulty,
                learner_day(due, zone, hour),
                learner_day(last, zone, hour),
                step,
                topic,
            )
        yield memory, owner is None, new_today


def plan_for(user, study: StudySettings, now: datetime) -> ExamPlan | None:
    """Today's plan under the learner's upcoming exams, or None without any (two queries with, none without)."""
    today = study.day_of(now)
    exams = upcoming_exams(study, today)
    if not exams:
        return None
    progress = {id(exam): ExamProgress(exam) for exam in exams}
    studied: dict[int, list[CardMemory]] = defaultdict(list)
    for memory, site_topic, new_today in _memories(user, study, now, exams):
        exam = nearest_exam(exams, memory.topic_id, site_topic)
        if exam is None:
            continue
        progress[id(exam)].cards += 1
        if not memory.studied or new_today:
            progress[id(exam)].new_left += 1  # counted from the day's start, so the pace holds all day
        if memory.studied:
            studied[id(exam)].append(memory)
    parameters = study.scheduler_settings().parameters
    brought: list[int] = []
    for exam in exams:
        item = progress[id(exam)]
        forward = brought_forward(studied[id(exam)], today, exam.day, exam.target, parameters)
        item.brought = len(forward)
        brought.extend(memory.card_id for memory in forward)
        item.new_per_day = new_cards_pace(item.new_left, today, exam.day, 0)
        item.own_per_day = study.new_cards_per_day
    need = sum(item.new_per_day for item in progress.values())
    topic_ids = sorted({topic for exam in exams for topic in exam.topic_ids})
    return ExamPlan(
        progress=[progress[id(exam)] for exam in exams],
        brought_ids=brought,
        new_per_day=max(study.new_cards_per_day, need),
        exam_topic_ids=topic_ids,
        exam_site_topics=any(exam.site_topics for exam in exams),
    )
