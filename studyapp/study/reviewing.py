"""Answering, undoing, suspending and burying: the writes of a study session.

Each runs in one transaction. An answer writes its CardState only if the
state's version is still the one the card was shown at (a racing request that
answered first leaves nothing to update, or makes the insert of a first state
fail), and the unique constraint on the log's (user, card, version_before) is
the last word: a double submit or two racing tabs can never record two reviews
of one showing.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs
from django.core import signing
from django.db import IntegrityError, connection, transaction

from studyapp.accounts.models import Profile
from studyapp.cards.models import Card
from studyapp.content.models import Topic, visible_topic_ids_sql

from . import rows
from .exams import nearest_exam, upcoming_exams
from .load_balance import MAX_BALANCED_INTERVAL, balanced_due_day, fuzz_window
from .models import CardState, ReviewLog, StudySettings, exam_ahead_sql, exam_flag_params
from .planning import exam_interval
from .queue import CARD, TOPIC
from .scheduling import preview_cards, review, unfuzzed

TOKEN_SALT = "study.shown-card"
MAX_DURATION = timedelta(seconds=60)
RECORDED, DUPLICATE, STALE, GONE = "recorded", "duplicate", "stale", "gone"
# The shown card's fields that its answer page and its grade use: the queue's and its back.
SHOWN = rows.Brief(Card, (*CARD.names, "back"))


@dataclass(frozen=True)
class Shown:
    """A card as it was put on screen: to whom, which card, at which version, when."""

    user_id: int
    card_id: int
    version: int
    shown_at: datetime

    def token(self) -> str:
        data = [self.user_id, self.card_id, self.version, self.shown_at.timestamp()]
        return signing.dumps(data, salt=TOKEN_SALT, compress=False)

    @classmethod
    def from_token(cls, token: str, user) -> Shown | None:
        """The showing a token stands for, or None when it is forged or someone else's."""
        try:
            user_id, card_id, version, stamp = signing.loads(token, salt=TOKEN_SALT)
            shown = cls(int(user_id), int(card_id), int(version), datetime.fromtimestamp(float(stamp), tz=UTC))
        except (signing.BadSignature, ValueError, TypeError):
            return None
        return shown if shown.user_id == user.pk else None


# The learner's settings with the shown card, its state and topic, and whether
# the learner may still see that topic (the topic rule, see queue.QUEUE_SQL), in
# one statement: the answer page reads nothing else, and a grade nothing else
# before it writes.
ANSWER_SQL = """
SELECT {settings}, {profile}, {state}, {card}, {topic}, c.topic_id IN ({visible}) AS visible,
       {exam_ahead} AS exam_ahead
FROM {settings_table} st
JOIN {profile_table} p ON p.user_id = st.user_id
LEFT JOIN {card_table} c ON c.id = %(card_id)s
LEFT JOIN {topic_table} t ON t.id = c.topic_id
LEFT JOIN {state_table} s ON s.card_id = c.id AND s.user_id = st.user_id
WHERE st.user_id = %(user)s
"""


def record_answer(user, shown: Shown, rating: int, now: datetime) -> tuple[str, StudySettings]:
    """Record one answer; say whether it was recorded, a duplicate, stale, or its card is gone.

    Returns the learner's settings too, read with the card. The state is read
    and the new one computed before the transaction, which then only writes:
    `save_answer` checks the version, so nothing read can be out of date by
    then, and SQLite's write lock is held for two statements.
    """
    study, state, card = read_shown(user, shown, now)
    if card is None:
        return GONE, study
    if (state.version if state else 0) != shown.version:
        return _already_answered(user, card, shown), study
    if state is None:
        state = CardState(user=user, card=card, due=now)
    state.card = card
    log = _answer(study, state, shown, rating, now)
    try:
        with _answer_transaction():
            if not state.save_answer():
                return _already_answered(user, card, shown), study
            log.save(force_insert=True)
    except IntegrityError:
        # A racing request answered this card first (PostgreSQL reports it here
        # once that request has committed): the same showing, or a stale one?
        return _already_answered(user, card, shown), study
    return RECORDED, study


def read_shown(user, shown: Shown, now: datetime) -> tuple[StudySettings, CardState | None, Card | None]:
    """The learner's settings, the shown card (its back included) and their state of it, in one
    statement. The card is None when it is retired, or its topic was archived or unshared since."""
    row = _read_answer(user, shown.card_id, now)
    if row is None:  # no settings yet: made on first use, then read again
        StudySettings.for_user(user, now)
        row = _read_answer(user, shown.card_id, now)
    study, profile, state, card, topic = rows.instances(row[:-2], StudySettings, Profile, CardState, SHOWN, TOPIC)
    study.belonging_to(user, profile)
    visible, study.exam_ahead = row[-2], bool(row[-1])
    if card is None or card.retired_at or not visible:
        return study, state, None
    card.topic = topic
    return study, state, card


@contextmanager
def _answer_transaction():
    """The transaction an answer is written in.

    PostgreSQL: the COMMIT returns before the WAL is flushed to disk. A crash
    of the database server may then lose the last moment's answers (at most
    three `wal_writer_delay`s, 0.6 s by default): those cards come back to be
    answered again, and nothing is left inconsistent. SQLite's
    `synchronous=NORMAL` in WAL mode makes the same trade for every write;
    here it is made for answers alone. Waiting for the flush cost about a
    tenth of the grade's throughput.

    SQLite: its own write lock, taken at BEGIN IMMEDIATE (settings), queues
    concurrent answers. A lock file that queued answering processes before it
    gained about 1.6 %, below the benchmark's run-to-run spread, and was
    removed (docs/performance.md).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        yield


def _read_answer(user, card_id: int, now: datetime):
    sql = ANSWER_SQL.format(
        exam_ahead=exam_ahead_sql(),
        settings=rows.columns(StudySettings, "st"),
        profile=rows.columns(Profile, "p"),
        state=rows.columns(CardState, "s"),
        card=rows.columns(SHOWN, "c"),
        topic=rows.columns(TOPIC, "t"),
        visible=visible_topic_ids_sql("user"),
        **rows.tables(
            settings_table=StudySettings,
            profile_table=Profile,
            card_table=Card,
            topic_table=Topic,
            state_table=CardState,
        ),
    )
    return rows.fetch_one(sql, {"user": user.pk, "card_id": card_id, **exam_flag_params(now)})


def _answer(study: StudySettings, state: CardState, shown: Shown, rating: int, now: datetime) -> ReviewLog:
    """Apply the answer to `state` (not saved) and return its log row (not saved)."""
    first_answer = state.reps == 0
    before = None if first_answer else state.snapshot()
    kind_before = ReviewLog.KIND_NEW if first_answer else state.state
    interval_before = state.interval if not first_answer else None
    duration_ms = int(min(max(now - shown.shown_at, timedelta(0)), MAX_DURATION).total_seconds() * 1000)
    new_card = planned_review(study, state, rating, now, duration_ms)
    state.apply(new_card, rating)
    return ReviewLog(
        user_id=state.user_id,
        card=state.card,
        rating=rating,
        reviewed_at=now,
        day=study.day_of(now),
        duration_ms=duration_ms,
        state_before=before,
        kind_before=kind_before,
        interval_before_days=interval_before.total_seconds() / 86400 if interval_before else None,
        state_after=state.snapshot(),
        interval_days=(state.due - now).total_seconds() / 86400,
        version_before=shown.version,
        shown_at=shown.shown_at,
    )


def planned_review(study: StudySettings, state: CardState, rating: int, now: datetime, duration_ms: int):
    """The card after this answer, its review day picked for even days and cut short for an exam ahead.

    Spreading reviews evenly (the learner's setting) replaces the scheduler's random fuzz with the
    lightest day of the same fuzz window (load_balance); an exam covering the card's topic then
    shortens an interval that would run past it (planning.exam_interval). Each costs at most one
    query, and only for an answer that leaves the card in review.
    """
    scheduler = unfuzzed(study.scheduler()) if study.spread_reviews else study.scheduler()
    card, _ = review(scheduler, state.to_fsrs(), rating, now, duration_ms)
    if card.state != fsrs.State.Review:
        return card
    today, proposed = study.day_of(now), study.day_of(card.due)
    day = proposed
    interval = (proposed - today).days
    lower, upper = fuzz_window(interval)
    if study.spread_reviews and lower < upper and interval <= MAX_BALANCED_INTERVAL:
        load = CardState.objects.review_load(state.user_id, study, today + timedelta(days=lower), upper - lower + 1)
        day = balanced_due_day(proposed, interval, load, study.easy_days())
    exam = _exam_ahead_of(study, state.card, today)
    if exam is not None:
        day = _before_the_exam(study, exam, card.stability, today, day)
    card.due += timedelta(days=(day - proposed).days)
    return card


def previewed_intervals(study: StudySettings, state: CardState | None, card: Card, now: datetime) -> dict:
    """The interval each rating would give the shown card, as its grade button says it.

    The model's interval without fuzz (scheduling.preview_cards: fuzz and even days only move a review
    within a few days of it), cut short for an exam ahead as the answer itself would be
    (planned_review), so a button never promises months when the exam comes in days.
    """
    fsrs_card = state.to_fsrs() if state and state.reps else fsrs.Card(card_id=card.pk)
    today = study.day_of(now)
    exam = _exam_ahead_of(study, card, today)
    intervals = {}
    for rating, after in preview_cards(study.scheduler(), fsrs_card, now).items():
        due = after.due
        if exam is not None and after.state == fsrs.State.Review:
            proposed = study.day_of(due)
            due += timedelta(days=(_before_the_exam(study, exam, after.stability, today, proposed) - proposed).days)
        intervals[rating] = due - now
    return intervals


def _exam_ahead_of(study: StudySettings, card: Card, today):
    """The nearest exam ahead that covers the card's topic, or None (no query when none is ahead)."""
    if not study.exam_ahead:
        return None
    return nearest_exam(upcoming_exams(study, today), card.topic_id, card.topic.owner_id is None)


def _before_the_exam(study: StudySettings, exam, stability: float, today, day):
    """`day`, cut short when the card would meet the exam below its target (planning.exam_interval)."""
    parameters = study.scheduler_settings().parameters
    return exam_interval(stability, today, day, exam.day, exam.target, parameters, today=today)


def _already_answered(user, card: Card, shown: Shown) -> str:
    same = ReviewLog.objects.filter(user=user, card=card, version_before=shown.version, shown_at=shown.shown_at)
    return DUPLICATE if same.exists() else STALE


def undo_last(user, study: StudySettings, now: datetime) -> Card | None:
    """Take back today's latest answer: restore the card's state and delete the log row."""
    with transaction.atomic():
        last = (
            ReviewLog.objects.select_related("card__topic")
            .filter(user=user, day=study.day_of(now))
            .order_by("-reviewed_at", "-id")
            .first()
        )
        if last is None:
            return None
        state = CardState.objects.select_for_update().get(user=user, card_id=last.card_id)
        if state.version != last.version_before + 1:
            return None  # changed since (e.g. in another tab): nothing safe to undo
        if last.state_before is None:
            state.delete()
        else:
            state.restore(last.state_before)
            state.save()
        last.delete()
    return last.card


def set_aside(user, study: StudySettings, shown: Shown, now: datetime, *, suspend: bool) -> bool:
    """Suspend (until the learner lifts it) or bury (until tomorrow) the shown card."""
    card = Card.objects.visible_to(user).filter(pk=shown.card_id).first()
    if card is None:
        return False
    with transaction.atomic():
        state, _ = CardState.objects.select_for_update().get_or_create(user=user, card=card, defaults={"due": now})
        if suspend:
            state.suspended = True
        else:
            state.buried_until = study.day_end(now)
        state.save(update_fields=["suspended", "buried_until"])
        StudySettings.note_states_changed(user)
    return True
