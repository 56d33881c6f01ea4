"""What to study next: learning cards due now, then reviews due today, then new cards.

Every function here runs a fixed number of SQL queries, whatever the number
of cards or reviews: `next_card` is a single statement (counts as SQL
aggregates, each queue's best card by an ordered LIMIT 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import connection

from studyapp.cards.models import Card
from studyapp.content.models import Topic, visible_topic_ids_sql

from . import rows
from .exams import ExamPlan, plan_for
from .models import CardState, ReviewLog, StudySettings, due_badge_key

LEARN_AHEAD = timedelta(minutes=20)
NEW, LEARNING, REVIEW = "new", "learning", "review"
# The oldest SQLite this module's SQL runs on: AS MATERIALIZED below came in 3.35
# (Django 5.2 itself accepts 3.31). Checked at start-up by checks.check_sqlite_version.
SQLITE_NEEDED = (3, 35, 0)


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
    next_due: datetime | None = None  # when the next started card of this scope comes due


# The whole queue in one statement. The ORM version of these queries (today's
# figures, the two counts, the new-card count, the best card, the new card)
# cost more to build than to run, on every grade. The SQL is plain enough for
# SQLite and PostgreSQL alike; tests/study/test_queue.py pins its behaviour.
#
# The counts and the card shown come from the same rows (`queued` and `fresh`),
# and a queue's best card is offered only while its count is above zero, so
# the counter is the number of cards the session will show: each fact counts
# once (its other cards wait a day once one is answered, see `resting_facts`),
# and learning cards count once they fall within LEARN_AHEAD, as they are shown
# (tests/study/test_counts.py studies decks to the end against the counter).
#
# Cards come from the topics the learner may see: `visible` is the topic rule
# itself (Topic.objects.visible_to, compiled to SQL once per process), so an
# unshared topic's cards leave the queue and its counts, their history kept.
QUEUE_SQL = """
WITH
visible AS MATERIALIZED (
    {visible}
),
answered AS MATERIALIZED (
    -- today's answers, from the covering index alone
    SELECT card_id, kind_before, rating, duration_ms
    FROM {reviewlog} WHERE user_id = %(user)s AND day = %(day)s
),
answered_facts AS MATERIALIZED (
    -- the facts of the cards answered today: one card lookup per card, not per answer
    SELECT id AS card_id, fact_key FROM {card} WHERE id IN (SELECT card_id FROM answered)
),
today AS (
    SELECT COUNT(*) AS total,
           COUNT(*) FILTER (WHERE kind_before = %(kind_new)s) AS new_done,
           COUNT(*) FILTER (WHERE kind_before = %(review)s) AS reviews_done,
           COUNT(*) FILTER (WHERE rating > %(again)s) AS correct,
           COALESCE(SUM(duration_ms), 0) AS ms
    FROM answered
),
allowance AS (
    -- what the daily limits leave today
    SELECT CASE WHEN new_done < %(new_per_day)s THEN %(new_per_day)s - new_done ELSE 0 END AS new,
           CASE WHEN reviews_done < %(reviews_per_day)s THEN %(reviews_per_day)s - reviews_done ELSE 0 END AS reviews
    FROM today
),
started AS (
    SELECT s.id, s.card_id, s.due, c.fact_key, s.state IN (%(learning)s, %(relearning)s) AS learning
    FROM {cardstate} s
    JOIN {card} c ON c.id = s.card_id
    WHERE s.user_id = %(user)s AND s.reps > 0 AND NOT s.suspended
      AND (s.buried_until IS NULL OR s.buried_until <= %(now)s)
      AND {studyable} {scope}
),
resting_facts AS (
    -- Facts met today or being learned: their other review and new cards wait until another day.
    SELECT card_id, fact_key FROM answered_facts
    UNION ALL
    SELECT card_id, fact_key FROM started WHERE learning
),
queued AS (
    -- The started cards this session shows: learning cards due within LEARN_AHEAD,
    -- and review cards due today whose fact is not resting.
    -- An exam ahead brings some reviews forward to today (`brought`, planned by exams.plan_for).
    SELECT st.id, st.card_id, st.due, st.fact_key, st.learning, {brought} AS brought FROM started st
    WHERE CASE WHEN st.learning THEN st.due <= %(ahead)s
               ELSE (st.due < %(day_end)s OR {brought}) AND NOT EXISTS (
                   SELECT 1 FROM resting_facts r WHERE r.fact_key = st.fact_key AND r.card_id <> st.card_id
               )
          END
),
fresh AS (
    -- Cards not started, of facts neither resting nor due for review (which comes first);
    -- a state with no answers yet ("review this again") puts its card first.
    SELECT c.id, c.fact_key, t."order" AS topic_order, c.position, {exam_topic} AS exam_topic,
           c.id IN (
               SELECT card_id FROM {cardstate} WHERE user_id = %(user)s AND reps = 0 AND due <= %(now)s
           ) AS asked_for
    FROM {card} c JOIN {topic} t ON t.id = c.topic_id
    WHERE {studyable} {scope}
      AND c.id NOT IN (
          SELECT card_id FROM {cardstate}
          WHERE user_id = %(user)s AND (reps > 0 OR suspended OR buried_until > %(now)s)
      )
      AND c.fact_key NOT IN (SELECT fact_key FROM resting_facts)
      AND c.fact_key NOT IN (SELECT fact_key FROM queued WHERE NOT learning)
),
counts AS (
    -- Each fact once, up to what today's limits allow; every learning card in the window.
    SELECT q.learning,
           CASE WHEN q.review_facts < a.reviews THEN q.review_facts ELSE a.reviews END AS review,
           (SELECT COUNT(*) FROM (
               SELECT DISTINCT fact_key FROM fresh LIMIT (SELECT new FROM allowance)
           ) AS facts) AS new
    FROM (
        SELECT COUNT(*) FILTER (WHERE learning) AS learning,
               COUNT(DISTINCT fact_key) FILTER (WHERE NOT learning) AS review_facts
        FROM queued
    ) AS q CROSS JOIN allowance a
),
candidates AS (
    -- priority 0: learning due now, 1: review due today, 2: new, 3: learning due within LEARN_AHEAD
    SELECT * FROM (
        SELECT id AS state_id, card_id,
               CASE WHEN learning AND due <= %(now)s THEN 0 WHEN learning THEN 3 ELSE 1 END AS priority
        FROM queued
        WHERE learning OR (SELECT review FROM counts) > 0
        ORDER BY priority, brought DESC, due, id  -- reviews an exam brought forward first
        LIMIT 1
    ) AS best_started
    UNION ALL
    SELECT * FROM (
        SELECT CAST(NULL AS BIGINT) AS state_id, id AS card_id, 2 AS priority
        FROM fresh
        ORDER BY asked_for DESC, exam_topic DESC, topic_order, position, id  -- "review this again", then exams
        LIMIT 1
    ) AS best_new
    WHERE (SELECT new FROM counts) > 0
),
pick AS (SELECT * FROM candidates ORDER BY priority LIMIT 1)
SELECT today.total, today.new_done, today.reviews_done, today.correct, today.ms,
       counts.learning, counts.review, counts.new,
       (SELECT MIN(due) FROM started WHERE due > %(now)s) AS next_due, pick.priority,
       {columns}
FROM today CROSS JOIN counts
LEFT JOIN pick ON 1 = 1
LEFT JOIN {cardstate} s ON s.id = pick.state_id
LEFT JOIN {card} c ON c.id = pick.card_id
LEFT JOIN {topic} t ON t.id = c.topic_id
"""
# "A card can be studied": in use (not retired) and of a topic the learner may see. The SQL of
# CardQuerySet.visible_to (cards.models), which the ORM uses everywhere else; a test checks that
# both give the same cards (tests/study/test_queue_rule.py).
STUDYABLE_SQL = "c.retired_at IS NULL AND c.topic_id IN (SELECT id FROM visible)"
# Enum values the SQL compares with, from the models (passed as parameters).
ENUM_PARAMS = {
    "kind_new": ReviewLog.KIND_NEW,
    "review": CardState.State.REVIEW.value,
    "learning": CardState.State.LEARNING.value,
    "relearning": CardState.State.RELEARNING.value,
    "again": ReviewLog.Rating.AGAIN.value,
}

# A card and its topic as the study screen's front needs them: not the back, the
# generated originals or the topic's page, which are large and read only elsewhere.
CARD = rows.Brief(
    Card, ("id", "key", "fact_key", "topic", "kind", "front", "section", "anchor", "position", "retired_at")
)
TOPIC = rows.Brief(Topic, ("id", "slug", "title", "short_title", "order", "owner"))
QUEUE_OF_PRIORITY = {0: LEARNING, 1: REVIEW, 2: NEW, 3: LEARNING}


NEVER = "0 = 1"  # the SQL of an empty plan: no card brought forward, no exam topic


def _plan_sql(plan: ExamPlan | None, params: dict) -> tuple[str, str]:
    """The queue's two exam fragments: cards brought forward, and topics whose new cards come first."""
    if plan is None:
        return NEVER, NEVER
    params.update({f"brought_{n}": pk for n, pk in enumerate(plan.brought_ids)})
    params.update({f"exam_topic_{n}": pk for n, pk in enumerate(plan.exam_topic_ids)})
    brought = _in_list("st.card_id", "brought", len(plan.brought_ids))
    exam_topic = _in_list("c.topic_id", "exam_topic", len(plan.exam_topic_ids))
    if plan.exam_site_topics:
        exam_topic = f"({exam_topic} OR t.owner_id IS NULL)"
    return brought, exam_topic


def _in_list(column: str, name: str, count: int) -> str:
    if not count:
        return NEVER
    return f"{column} IN (" + ", ".join(f"%({name}_{n})s" for n in range(count)) + ")"


def next_card(user, study: StudySettings, now: datetime, topic_ids=None, plan: ExamPlan | None = None) -> Next:
    """The card to show now, with what is left today and today's figures, in one SQL query.

    `plan` (exams.plan_for) brings reviews forward for an exam, puts its topics' new cards
    first and raises the day's new cards to the exam's pace.
    """
    adapt = connection.ops.adapt_datetimefield_value
    params = {
        "user": user.pk,
        "day": connection.ops.adapt_datefield_value(study.day_of(now)),
        "now": adapt(now),
        "ahead": adapt(now + LEARN_AHEAD),
        "day_end": adapt(study.day_end(now)),
        "new_per_day": plan.new_per_day if plan else study.new_cards_per_day,
        "reviews_per_day": study.max_reviews_per_day,
        **ENUM_PARAMS,
    }
    scope = ""
    if topic_ids:
        names = [f"topic_{n}" for n in range(len(topic_ids))]
        scope = "AND c.topic_id IN (" + ", ".join(f"%({name})s" for name in names) + ")"
        params.update(zip(names, topic_ids))
    selected = ", ".join([rows.columns(CardState, "s"), rows.columns(CARD, "c"), rows.columns(TOPIC, "t")])
    brought, exam_topic = _plan_sql(plan, params)
    sql = QUEUE_SQL.format(
        brought=brought,
        exam_topic=exam_topic,
        visible=visible_topic_ids_sql("user"),
        scope=scope,
        columns=selected,
        studyable=STUDYABLE_SQL,
        **rows.tables(reviewlog=ReviewLog, card=Card, cardstate=CardState, topic=Topic),
    )
    row = rows.fetch_one(sql, params)
    total, new_done, reviews_done, correct, ms, learning, review, new, next_due, priority = row[:10]
    today = Today(new_done, reviews_done, total, correct, int(ms) // 1000)
    counts = Counts(new=new, learning=learning, review=review)
    next_due = rows.field_value(CardState, "due", next_due)
    if priority is None:
        return Next(None, None, None, counts, today, next_due)
    state, card, topic = rows.instances(row[10:], CardState, CARD, TOPIC)
    card.topic = topic
    if state is not None:
        state.card = card
    return Next(card, state, QUEUE_OF_PRIORITY[priority], counts, today, next_due)


BADGE_SECONDS = 60


def whole_queue(user, study: StudySettings, now: datetime, plan: ExamPlan | None) -> Next:
    """The next card of every topic the user sees, under `plan` (`plan_for`: their exams), as the Study link
    counts it. The count is kept for the link, so the page that asked does not count the queue twice."""
    upcoming = next_card(user, study, now, plan=plan)
    cache.set(due_badge_key(user), upcoming.counts.total, BADGE_SECONDS)
    return upcoming


def cached_due_count(user, now: datetime) -> int:
    """The Study link's number: cards left to study today (new, learning and review), kept for a minute so
    ordinary pages skip the queue's queries.

    Study writes call `forget_due_count`; another server process may show a
    number up to a minute old, which is fine for a badge.
    """
    due = cache.get(due_badge_key(user))
    if due is None:
        study = StudySettings.for_user(user, now)
        due = whole_queue(user, study, now, plan_for(user, study, now)).counts.total
    return due


def forget_due_count(user) -> None:
    cache.delete(due_badge_key(user))
