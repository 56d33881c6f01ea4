"""A class's readiness for its next exam: each learner's predicted recall on the day, per topic, and the cards at risk.

Predictions are `planning.topic_readiness` and `planning.predicted_recall` (FSRS's forgetting curve with
each learner's own parameters); a card a learner never studied counts as 0. Seven queries, whatever the
number of learners, cards and reviews.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from studyapp.cards.models import Card
from studyapp.classes.models import Class, ClassExam
from studyapp.content.models import Topic
from studyapp.study.models import CardState, StudySettings
from studyapp.study.planning import CardMemory, predicted_recall, topic_readiness
from studyapp.study.scheduling import DEFAULT_DAY_START_HOUR, learner_day

from .figures import TOPIC_NOTES

WEAKEST_CARDS = 10


@dataclass
class LearnerReadiness:
    learner: object
    by_topic: list[float]  # in the order of Readiness.topics
    at_risk: list[Topic] = field(default_factory=list)  # topics below the target


@dataclass
class CardRisk:
    card_id: int
    front: str
    topic: Topic
    mean_recall: float
    studied_by: int


@dataclass
class Readiness:
    exam: ClassExam
    topics: list[Topic]
    learners: list[LearnerReadiness]
    weakest_cards: list[CardRisk]
    unstudied_cards: int  # cards no learner of the class has studied yet

    @property
    def at_risk(self) -> list[LearnerReadiness]:
        return [row for row in self.learners if row.at_risk]


def class_readiness(klass: Class, today: date) -> Readiness | None:
    """Readiness for the class's nearest exam after `today`, or None without one."""
    exam = klass.exams.upcoming(today).prefetch_related(Prefetch("topics", Topic.objects.defer(*TOPIC_NOTES))).first()
    if exam is None:
        return None
    topics = list(Topic.objects.seen_by_class(klass).defer(*TOPIC_NOTES) if exam.all_topics else exam.topics.all())
    members = [m.learner for m in klass.memberships.select_related("learner__profile")]
    settings = {
        row.user_id: row
        for row in StudySettings.objects.filter(user__in=members).only("user", "parameters", "day_start_hour")
    }
    cards = {
        pk: (topic_id, front)
        for pk, topic_id, front in Card.objects.filter(topic__in=topics, retired_at=None).values_list(
            "pk", "topic_id", "front"
        )
    }
    states = CardState.objects.filter(user__in=members, card_id__in=cards, reps__gt=0, suspended=False).values_list(
        "user_id", "card_id", "state", "stability", "last_review"
    )
    memories: dict[int, dict[int, CardMemory]] = defaultdict(dict)
    by_id = {learner.pk: learner for learner in members}
    for user_id, card_id, state, stability, last_review in states:
        learner = by_id[user_id]
        hour = settings[user_id].day_start_hour if user_id in settings else DEFAULT_DAY_START_HOUR
        last_day = learner_day(last_review, learner.profile.zone, hour)
        memories[user_id][card_id] = CardMemory(
            card_id, state, stability, last_review_day=last_day, topic_id=cards[card_id][0]
        )
    return _readiness(exam, topics, members, settings, cards, memories)


def _parameters(settings: dict, user_id: int):
    found = settings.get(user_id)
    return tuple(found.parameters) if found and found.parameters else None


def _readiness(exam, topics, members, settings, cards, memories) -> Readiness:
    rows = []
    recall_sums: dict[int, float] = defaultdict(float)
    studied_by: dict[int, int] = defaultdict(int)
    for learner in members:
        mine = memories.get(learner.pk, {})
        parameters = _parameters(settings, learner.pk)
        every = [mine.get(pk) or CardMemory(pk, topic_id=topic_id) for pk, (topic_id, _) in cards.items()]
        by_topic = topic_readiness(every, exam.day, parameters)
        for memory in mine.values():
            recall_sums[memory.card_id] += predicted_recall(memory, exam.day, parameters)
            studied_by[memory.card_id] += 1
        shares = [by_topic.get(topic.pk, 0.0) for topic in topics]
        at_risk = [topic for topic, share in zip(topics, shares) if topic.pk in by_topic and share < exam.target]
        rows.append(LearnerReadiness(learner, shares, at_risk))
    topic_of = {topic.pk: topic for topic in topics}
    risks = [
        CardRisk(pk, cards[pk][1], topic_of[cards[pk][0]], recall_sums[pk] / len(members), studied_by[pk])
        for pk in studied_by
    ]
    risks.sort(key=lambda risk: (risk.mean_recall, risk.card_id))
    unstudied = len(cards) - len(studied_by)
    return Readiness(exam, topics, rows, risks[:WEAKEST_CARDS], unstudied)
