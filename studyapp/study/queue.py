"""What to study next: learning cards due now, then reviews due today, then new cards.

Every function here runs a fixed number of SQL queries, whatever the number
of cards or reviews: counts are SQL aggregates and the next card is one
ordered query with LIMIT 1 per queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum

from studyapp.cards.models import Card

from .models import CardState, ReviewLog, StudySettings

LEARN_AHEAD = timedelta(minutes=20)
NEW, LEARNING, REVIEW = "new", "learning", "review"


@dataclass
class Today:
    new_done: int
    reviews_done: int
    total: int
    correct: int
    seconds: int


@dataclass
class Counts:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass
class Next:
    card: Card | None
    state: CardState | None
    queue: str | None
    counts: Counts
    today: Today


def today_stats(user, day) -> Today:
    row = ReviewLog.objects.filter(user=user, day=day).aggregate(
        new_done=Count("id", filter=Q(kind_before=0)),
        reviews_done=Count("id", filter=Q(kind_before=CardState.State.REVIEW)),
        total=Count("id"),
        correct=Count("id", filter=Q(rating__gt=1)),
        ms=Sum("duration_ms"),
    )
    return Today(row["new_done"], row["reviews_done"], row["total"], row["correct"], (row["ms"] or 0) // 1000)


def _sibling_seen_today(user, day, card_ref: str, fact_ref: str) -> Exists:
    """True when another card of the same fact was answered today (siblings wait a day)."""
    return Exists(
        ReviewLog.objects.filter(user=user, day=day, card__fact_key=OuterRef(fact_ref)).exclude(
            card_id=OuterRef(card_ref)
        )
    )


def _states(user, now: datetime, topic_ids) -> QuerySet[CardState]:
    states = CardState.objects.for_user(user).studyable(now).filter(reps__gt=0)
    return states.filter(card__topic_id__in=topic_ids) if topic_ids else states


def _new_cards(user, now: datetime, day, topic_ids) -> QuerySet[Card]:
    started = CardState.objects.filter(user=user, card=OuterRef("pk")).filter(
        Q(reps__gt=0) | Q(suspended=True) | Q(buried_until__gt=now)
    )
    cards = Card.objects.active().filter(~Exists(started)).exclude(
        Exists(ReviewLog.objects.filter(user=user, day=day, card__fact_key=OuterRef("fact_key")))
    )
    return cards.filter(topic_id__in=topic_ids) if topic_ids else cards


def next_card(user, study: StudySettings, now: datetime, topic_ids=None) -> Next:
    day = study.day_of(now)
    day_end = study.day_end(now)
    today = today_stats(user, day)
    states = _states(user, now, topic_ids).annotate(sibling_today=_sibling_seen_today(user, day, "card_id", "card__fact_key"))
    learning_states = Q(state__in=[CardState.State.LEARNING, CardState.State.RELEARNING])
    review_due = Q(state=CardState.State.REVIEW, due__lt=day_end, sibling_today=False)
    row = states.aggregate(
        learning=Count("id", filter=learning_states & Q(due__lt=day_end)),
        review=Count("id", filter=review_due),
    )
    review_left = max(0, study.max_reviews_per_day - today.reviews_done)
    new_left = max(0, study.new_cards_per_day - today.new_done)
    new_cards = _new_cards(user, now, day, topic_ids)
    new_count = new_cards.values("fact_key").distinct().count() if new_left else 0
    counts = Counts(new=min(new_count, new_left), learning=row["learning"], review=min(row["review"], review_left))

    related = ("card__topic",)
    state = states.filter(learning_states, due__lte=now).select_related(*related).order_by("due").first()
    if state:
        return Next(state.card, state, LEARNING, counts, today)
    if counts.review:
        state = states.filter(review_due).select_related(*related).order_by("due", "id").first()
        if state:
            return Next(state.card, state, REVIEW, counts, today)
    if counts.new:
        asked_for = Exists(CardState.objects.filter(user=user, card=OuterRef("pk"), reps=0, due__lte=now))
        card = (
            new_cards.select_related("topic")
            .order_by(~asked_for, "topic__order", "position", "id")  # "review this again" first
            .first()
        )
        if card:
            return Next(card, None, NEW, counts, today)
    state = states.filter(learning_states, due__lte=now + LEARN_AHEAD).select_related(*related).order_by("due").first()
    if state:
        return Next(state.card, state, LEARNING, counts, today)
    return Next(None, None, None, counts, today)


def next_due(user, now: datetime, topic_ids=None) -> datetime | None:
    """When the next card of this scope comes due (for the friendly 'nothing due' screen)."""
    return _states(user, now, topic_ids).filter(due__gt=now).aggregate(next=Min("due"))["next"]


def due_count(user, study: StudySettings, now: datetime) -> int:
    """The number on the Study link: learning and review cards due by the end of today (capped)."""
    return next_card(user, study, now).counts.total
