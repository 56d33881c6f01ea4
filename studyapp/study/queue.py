"""What to study next: learning cards due now, then reviews due today, then new cards.

Every function here runs a fixed number of SQL queries, whatever the number
of cards or reviews: counts are SQL aggregates and the next card is one
ordered query with LIMIT 1 per queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db.models import Case, Count, Exists, Min, OuterRef, Q, QuerySet, Sum, Value, When

from studyapp.cards.models import Card

from .models import CardState, ReviewLog, StudySettings, due_badge_key

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


def next_card(user, study: StudySettings, now: datetime, topic_ids=None, *, counts_only: bool = False) -> Next:
    """The card to show now, with what is left today; `counts_only` skips picking the card."""
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
    # Counting stops at the day's allowance: no need to count every new card in the notes.
    new_count = new_cards.order_by().values("fact_key").distinct()[:new_left].count() if new_left else 0
    counts = Counts(new=min(new_count, new_left), learning=row["learning"], review=min(row["review"], review_left))
    if counts_only:
        return Next(None, None, None, counts, today)

    # One query for the best started card: learning due now, then reviews due
    # today, then learning cards due within LEARN_AHEAD (only when nothing else is left).
    learning_now = learning_states & Q(due__lte=now)
    wanted = learning_states & Q(due__lte=now + LEARN_AHEAD)
    if counts.review:
        wanted |= review_due
    state = (
        states.filter(wanted)
        .annotate(priority=Case(When(learning_now, then=Value(0)), When(review_due, then=Value(1)), default=Value(2)))
        .select_related("card__topic")
        .order_by("priority", "due", "id")
        .first()
    )
    if state and state.priority < 2:
        return Next(state.card, state, LEARNING if state.priority == 0 else REVIEW, counts, today)
    if counts.new:
        asked_for = Exists(CardState.objects.filter(user=user, card=OuterRef("pk"), reps=0, due__lte=now))
        card = (
            new_cards.select_related("topic")
            .order_by(~asked_for, "topic__order", "position", "id")  # "review this again" first
            .first()
        )
        if card:
            return Next(card, None, NEW, counts, today)
    if state:
        return Next(state.card, state, LEARNING, counts, today)
    return Next(None, None, None, counts, today)


def next_due(user, now: datetime, topic_ids=None) -> datetime | None:
    """When the next card of this scope comes due (for the friendly 'nothing due' screen)."""
    return _states(user, now, topic_ids).filter(due__gt=now).aggregate(next=Min("due"))["next"]


def due_count(user, study: StudySettings, now: datetime) -> int:
    """The number on the Study link: cards left to study today (new, learning and review)."""
    return next_card(user, study, now, counts_only=True).counts.total


BADGE_SECONDS = 60


def cached_due_count(user, now: datetime) -> int:
    """The Study link's number, kept for a minute so ordinary pages skip the queue's queries.

    Study writes call `forget_due_count`; another server process may show a
    number up to a minute old, which is fine for a badge.
    """
    due = cache.get(due_badge_key(user))
    if due is None:
        due = due_count(user, StudySettings.for_user(user), now)
        cache.set(due_badge_key(user), due, BADGE_SECONDS)
    return due


def forget_due_count(user) -> None:
    cache.delete(due_badge_key(user))
