"""The figures of the progress pages: each one SQL aggregate, in a fixed number of queries.

Nothing here loops over review rows in Python: days are grouped by the
learner-local ``ReviewLog.day`` column written at review time, forecast days by
UTC bounds computed in Python (one conditional count per day), and predicted
recall is FSRS's forgetting curve evaluated in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    Avg,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from fsrs.scheduler import DEFAULT_PARAMETERS

from studyapp.cards.models import Card
from studyapp.classes.models import Class, Membership
from studyapp.content.models import Topic
from studyapp.quizzes.grades_for_progress import class_quiz_grades
from studyapp.study.models import CardState, ReviewLog, StudySettings
from studyapp.study.scheduling import day_bounds

MATURE_DAYS = 21  # Anki's line between young and mature cards
REVIEW = CardState.State.REVIEW
LEARNED_STATES = (CardState.State.REVIEW, CardState.State.RELEARNING)
HEATMAP_WEEKS = 53
FORECAST_DAYS = 30
DAILY_DAYS = 30
WEAKEST = 10
# A topic's notes, as written and parsed: large, and no progress page shows them. Reading the
# outline's JSON for every topic row cost more than the rest of a dashboard's queries.
TOPIC_NOTES = ("source_text", "body", "html", "outline")


# --------------------------------------------------------------------------
# Predicted recall now: FSRS's forgetting curve in SQL
# --------------------------------------------------------------------------


def curve(parameters) -> tuple[float, float]:
    """(FACTOR, DECAY) of py-fsrs's R(t, S) = (1 + FACTOR · t / S) ** DECAY for these weights."""
    decay = -(parameters or DEFAULT_PARAMETERS)[20]
    return 0.9 ** (1 / decay) - 1, decay


class ElapsedDays(Func):
    """Whole days from a datetime column to ``now``, floored and never negative.

    The same count as py-fsrs's ``(now - card.last_review).days``. Integer
    seconds on both databases, so exact day boundaries do not wobble.
    """

    output_field = FloatField()

    def __init__(self, column: str, now: datetime):
        super().__init__(F(column))
        self.now = now

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # Both operands are integers, so / is integer division: a floor for t >= 0.
        return f"MAX(0, (%s - CAST(strftime('%%s', {sql}) AS INTEGER)) / 86400)", [int(self.now.timestamp()), *params]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (%s - {sql})) / 86400))::double precision", [self.now, *params]


class RecallMoves(ElapsedDays):
    """The first second (epoch) at which a row's `ElapsedDays` to a later ``now`` reaches one more day:
    the last review's whole second plus one day more than have passed by ``now``.

    Kept figures that show predicted recall are true until the least of these (`figures_cache`).
    """

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        at = f"CAST(strftime('%%s', {sql}) AS INTEGER)"
        return f"({at} + (MAX(0, (%s - {at}) / 86400) + 1) * 86400)", [*params, int(self.now.timestamp()), *params]

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        days = f"GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (%s - {sql})) / 86400))"
        return f"(FLOOR(EXTRACT(EPOCH FROM {sql})) + ({days} + 1) * 86400)::bigint", [*params, self.now, *params]


class PerUser(Func):
    """A value per learner: a constant, or a CASE on user_id when learners differ (one WHEN per distinct value).

    Written out as SQL: the ORM resolves and hashes a `Case` of `When(Q)`s clause by clause,
    which cost more than running the query.
    """

    output_field = FloatField()

    def __init__(self, values: dict[int, float], default: float):
        super().__init__(F("user_id"))
        self.groups: dict[float, list[int]] = {}
        for uid, value in values.items():
            if value != default:
                self.groups.setdefault(value, []).append(uid)
        self.default = default

    def as_sql(self, compiler, connection, **extra):
        if not self.groups:
            return "%s", [self.default]
        column, params = compiler.compile(self.source_expressions[0])
        sql, case_params = ["CASE"], []
        for value in sorted(self.groups):
            ids = sorted(self.groups[value])
            sql.append(f"WHEN {column} IN ({', '.join(['%s'] * len(ids))}) THEN %s")
            case_params += [*params, *ids, value]
        sql.append("ELSE %s END")
        return " ".join(sql), [*case_params, self.default]


class RecallNow(Func):
    """Predicted recall of each CardState row at ``now``: ``(1 + FACTOR · t / S) ** DECAY``, t in whole days.

    One expression written out as SQL (the same arithmetic, in the same order, as a tree of
    `Power`, `ElapsedDays` and `Case` nodes would give): the ORM hashes such a tree for every
    ``ORDER BY`` and ``GROUP BY``, which cost more than running the query.
    """

    output_field = FloatField()

    def __init__(self, now: datetime, parameters_by_user: dict[int, list | None]):
        curves = {uid: curve(params) for uid, params in parameters_by_user.items()}
        default_factor, default_decay = curve(None)
        self.factor = PerUser({uid: c[0] for uid, c in curves.items()}, default_factor)
        self.decay = PerUser({uid: c[1] for uid, c in curves.items()}, default_decay)
        super().__init__(self.factor, ElapsedDays("last_review", now), F("stability"), self.decay)

    def as_sql(self, compiler, connection, **extra):
        (factor, fp), (elapsed, ep), (stability, sp), (decay, dp) = (
            compiler.compile(e) for e in self.source_expressions
        )
        return f"POWER((1.0 + (({factor} * {elapsed}) / {stability})), {decay})", [*fp, *ep, *sp, *dp]


def recall_now(now: datetime, parameters_by_user: dict[int, list | None]):
    """Predicted recall of each CardState row at ``now``, with each learner's own weights."""
    return RecallNow(now, parameters_by_user)


class Bucket(Func):
    """How many of ``bounds`` a column's value reaches (``value >= bound``; NULL reaches none): 0 to len(bounds).

    Grouping by it counts rows per range, forecast days or retention periods, in one expression
    whose SQL is cheap to build; a conditional count per range cost the ORM more than the query.
    """

    output_field = IntegerField()

    def __init__(self, column: str, bounds: Sequence):
        super().__init__(F(column))
        self.bounds = list(bounds)

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        if not self.bounds:
            return "0", []
        field = self.source_expressions[0].output_field
        sql = " + ".join([f"CASE WHEN {column} >= %s THEN 1 ELSE 0 END"] * len(self.bounds))
        values = [field.get_db_prep_value(bound, connection) for bound in self.bounds]
        return f"({sql})", [p for value in values for p in (*params, value)]


def studied_states(user_ids: Iterable[int], topics) -> QuerySet[CardState]:
    """States of cards a learner has answered at least once, among cards still in use on `topics`
    (a Topic queryset built on `visible_to`, or topic ids): a learner's own dashboard counts the
    topics they see, a class's view the topics its members share."""
    return CardState.objects.filter(
        user_id__in=list(user_ids),
        reps__gt=0,
        stability__isnull=False,
        card__retired_at__isnull=True,
        card__topic__in=topics,
    )


# --------------------------------------------------------------------------
# Days: today, streak, reviews per day, heatmap
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class DayCount:
    day: date
    total: int = 0
    new: int = 0
    learning: int = 0
    review: int = 0
    seconds: int = 0


def day_counts(user, first: date, last: date) -> dict[date, DayCount]:
    """Reviews per learner day in [first, last], split by the kind of card answered."""
    rows = (
        ReviewLog.objects.filter(user=user, day__gte=first, day__lte=last)
        .values("day")
        .annotate(
            total=Count("id"),
            new=Count("id", filter=Q(kind_before=0)),
            learning=Count("id", filter=Q(kind_before__in=[CardState.State.LEARNING, CardState.State.RELEARNING])),
            review=Count("id", filter=Q(kind_before=REVIEW)),
            ms=Sum("duration_ms"),
        )
        .order_by()
    )
    return {
        row["day"]: DayCount(
            row["day"], row["total"], row["new"], row["learning"], row["review"], (row["ms"] or 0) // 1000
        )
        for row in rows
    }


def streak_from(days_with_reviews, today: date) -> int:
    """Consecutive days with reviews ending today, or yesterday when today has none yet."""
    day = today if today in days_with_reviews else today - timedelta(days=1)
    count = 0
    while day in days_with_reviews:
        count += 1
        day -= timedelta(days=1)
    return count


def streak(user, today: date, recent: dict[date, DayCount], window_start: date) -> int:
    """The streak, from the days already counted since window_start; only a longer one asks for more."""
    count = streak_from(recent, today)
    streak_start = today - timedelta(days=count - 1 + (today not in recent))
    if count and streak_start <= window_start:
        earlier = (
            ReviewLog.objects.filter(user=user, day__lt=window_start)
            .values_list("day", flat=True)
            .distinct()
            .order_by("-day")
        )
        expected = window_start - timedelta(days=1)
        for day in earlier.iterator(chunk_size=366):  # distinct days, stops at the first gap
            if day != expected:
                break
            count += 1
            expected -= timedelta(days=1)
    return count


def heatmap_start(today: date) -> date:
    """The Monday that starts the heatmap: 53 week columns ending with this week."""
    return today - timedelta(days=today.weekday()) - timedelta(weeks=HEATMAP_WEEKS - 1)


# --------------------------------------------------------------------------
# Forecast
# --------------------------------------------------------------------------


def forecast(
    user, study: StudySettings, now: datetime, days: int = FORECAST_DAYS, topics=None
) -> list[tuple[date, int]]:
    """Cards coming due on each of the next ``days`` learner days; today includes overdue cards."""
    today = study.day_of(now)
    ends = [day_bounds(today + timedelta(days=i), study.zone, study.day_start_hour)[1] for i in range(days)]
    topics = Topic.objects.visible_to(user) if topics is None else topics
    # A card's day is how many days' ends its due time has reached: 0 (today, overdue too) to days - 1.
    rows = (
        studied_states([user.pk], topics)
        .filter(suspended=False, due__lt=ends[-1])
        .annotate(day_index=Bucket("due", ends[:-1]))
        .values("day_index")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {row["day_index"]: row["n"] for row in rows}
    return [(today + timedelta(days=i), counts.get(i, 0)) for i in range(days)]


# --------------------------------------------------------------------------
# True retention
# --------------------------------------------------------------------------

RETENTION_PERIODS = [
    ("today", "Today", 1),
    ("week", "Last 7 days", 7),
    ("month", "Last 30 days", 30),
    ("year", "Last 365 days", 365),
]


def _share(passed: int, total: int) -> float | None:
    return passed / total if total else None


@dataclass(frozen=True)
class Retention:
    """Anki's true retention: passing answers (Hard, Good, Easy) among reviews of cards in review."""

    key: str
    label: str
    young_passed: int
    young_total: int
    mature_passed: int
    mature_total: int

    @property
    def young(self) -> float | None:
        return _share(self.young_passed, self.young_total)

    @property
    def mature(self) -> float | None:
        return _share(self.mature_passed, self.mature_total)

    @property
    def passed(self) -> int:
        return self.young_passed + self.mature_passed

    @property
    def total(self) -> int:
        return self.young_total + self.mature_total

    @property
    def overall(self) -> float | None:
        return _share(self.passed, self.total)


MATURE = Q(interval_before_days__gte=MATURE_DAYS)
PASSED = Q(rating__gt=ReviewLog.Rating.AGAIN)


def true_retention(user, today: date) -> list[Retention]:
    """Young (interval < 21 days) and mature retention for today, 7, 30 and 365 days, in one query.

    Answers are grouped by the shortest period they fall in, by maturity and by pass (at most 16
    rows); each period then adds up the groups of the periods inside it.
    """
    starts = sorted(today - timedelta(days=days - 1) for _key, _label, days in RETENTION_PERIODS[:-1])
    rows = (
        ReviewLog.objects.filter(user=user, kind_before=REVIEW, day__gte=today - timedelta(days=364), day__lte=today)
        .annotate(
            within=Bucket("day", starts),  # 0: the year only … 3: today
            mature=Bucket("interval_before_days", [MATURE_DAYS]),
            passed=Bucket("rating", [ReviewLog.Rating.AGAIN + 1]),
        )
        .values("within", "mature", "passed")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = {(row["within"], row["mature"], row["passed"]): row["n"] for row in rows}
    result = []
    for key, label, days in RETENTION_PERIODS:
        since = today - timedelta(days=days - 1)
        inside = range(sum(start <= since for start in starts), len(starts) + 1)  # the groups on or after `since`
        young = [sum(counts.get((k, 0, passed), 0) for k in inside) for passed in (0, 1)]
        mature = [sum(counts.get((k, 1, passed), 0) for k in inside) for passed in (0, 1)]
        result.append(Retention(key, label, young[1], sum(young), mature[1], sum(mature)))
    return result


# --------------------------------------------------------------------------
# Topics and weakest cards
# --------------------------------------------------------------------------


@dataclass
class TopicMastery:
    topic: Topic
    total: int = 0
    studied: int = 0
    learned: int = 0
    above: int = 0
    avg_recall: float | None = None
    # The first second (epoch) at which the predicted recall of one of its studied cards moves (RecallMoves).
    recall_moves: int | None = None

    @property
    def learned_share(self) -> float:
        return self.learned / self.total if self.total else 0.0

    @property
    def above_share(self) -> float:
        return self.above / self.total if self.total else 0.0


def topics_with_totals(topics) -> list[tuple[Topic, int]]:
    """These topics (a queryset built on `visible_to`) in note order with their number of cards in use
    (two queries)."""
    totals = dict(
        Card.objects.in_use().filter(topic__in=topics).values_list("topic").annotate(n=Count("id")).order_by()
    )
    return [(topic, totals.get(topic.pk, 0)) for topic in topics.defer(*TOPIC_NOTES)]


def _mastery_rows(user_ids, topics, now: datetime, parameters: dict, desired: dict, *, by_user: bool) -> QuerySet:
    """Per topic (and per learner when by_user): studied, learned, above desired retention, average recall."""
    threshold = PerUser(desired, 0.9)
    group = ["user_id", "card__topic_id"] if by_user else ["card__topic_id"]
    return (
        studied_states(user_ids, topics)
        .annotate(recall=recall_now(now, parameters), threshold=threshold)
        .values(*group)
        .annotate(
            studied=Count("id"),
            learned=Count("id", filter=Q(state__in=LEARNED_STATES)),
            above=Count("id", filter=Q(recall__gte=F("threshold"))),
            avg_recall=Avg("recall"),
        )
        .order_by()
    )


def topic_mastery(user, study: StudySettings, now: datetime, topics=None) -> list[TopicMastery]:
    """Mastery of each topic the learner sees (or of `topics`, a queryset built on `visible_to`)."""
    topics = Topic.objects.visible_to(user) if topics is None else topics
    parameters, desired = {user.pk: study.parameters}, {user.pk: study.desired_retention}
    mastery = _mastery_rows([user.pk], topics, now, parameters, desired, by_user=False).annotate(
        recall_moves=Min(RecallMoves("last_review", now))
    )
    rows = {row["card__topic_id"]: row for row in mastery}
    result = []
    for topic, total in topics_with_totals(topics):
        row = rows.get(topic.pk, {})
        result.append(
            TopicMastery(
                topic,
                total,
                row.get("studied", 0),
                row.get("learned", 0),
                row.get("above", 0),
                row.get("avg_recall"),
                row.get("recall_moves"),
            )
        )
    return result


def weakest_cards(user, study: StudySettings, now: datetime, limit: int = WEAKEST, topics=None) -> list[CardState]:
    """Cards below the desired retention or ever forgotten, lowest predicted recall first, then most lapses."""
    topics = Topic.objects.visible_to(user) if topics is None else topics
    return list(
        studied_states([user.pk], topics)
        .filter(suspended=False)
        .annotate(recall=recall_now(now, {user.pk: study.parameters}))
        .filter(Q(recall__lt=study.desired_retention) | Q(lapses__gt=0))
        .select_related("card__topic")
        .defer(*[f"card__topic__{name}" for name in TOPIC_NOTES])
        .order_by("recall", "-lapses", "card_id")[:limit]
    )


# --------------------------------------------------------------------------
# A class: one row per learner, weakest topics and cards
# --------------------------------------------------------------------------


@dataclass
class LearnerRow:
    learner: object
    last_active: datetime | None
    reviews_week: int
    retention_passed: int
    retention_total: int
    mastery: dict[int, float] = field(default_factory=dict)  # topic id -> share of its cards above desired retention
    topic_mastery: list[float | None] = field(default_factory=list)  # the same, in the class's topic order
    quiz_grades: dict[int, float] = field(default_factory=dict)  # quiz id -> percent (0–100) by the quiz's rule
    quiz_grade_list: list[float | None] = field(default_factory=list)  # the same, in the class's quiz order
    behind: str = ""  # why this learner is falling behind (behind_reason), "" when they are not

    @property
    def retention(self) -> float | None:
        return _share(self.retention_passed, self.retention_total)


@dataclass
class ClassTopic:
    topic: Topic
    total: int
    learners_studying: int = 0
    studied: int = 0
    recall_sum: float = 0.0
    above: int = 0

    @property
    def avg_recall(self) -> float | None:
        return self.recall_sum / self.studied if self.studied else None


@dataclass
class ClassProgress:
    rows: list[LearnerRow]
    topics: list[ClassTopic]
    parameters: dict[int, list | None]  # each learner's FSRS weights (None: defaults)
    quizzes: list = field(default_factory=list)  # published quizzes assigned to the class
    at: datetime | None = None  # the moment the figures are taken at (`class_clock`)
    # When time alone next moves them: the next hour's start, or an open attempt's deadline if sooner.
    moves_at: datetime | None = None

    def weakest_topics(self, limit: int = 5) -> list[ClassTopic]:
        studied = [t for t in self.topics if t.studied]
        return sorted(studied, key=lambda t: (t.avg_recall, t.topic.order))[:limit]


def _members(**filters) -> list[Membership]:
    """Memberships with their learner and the time of the learner's latest review (``last_active``)."""
    latest = ReviewLog.objects.filter(user=OuterRef("learner_id")).order_by("-reviewed_at").values("reviewed_at")[:1]
    return list(Membership.objects.filter(**filters).select_related("learner").annotate(last_active=Subquery(latest)))


@dataclass(frozen=True)
class RecentReviews:
    week: int = 0  # reviews in the last 7 days
    passed: int = 0  # passing answers to cards in review, last 30 days
    total: int = 0  # answers to cards in review, last 30 days


def recent_reviews(user_ids: Iterable[int], now: datetime) -> dict[int, RecentReviews]:
    """Each learner's reviews this week and true retention this month, in one query (absent: none)."""
    # Windows in real hours (now - 7 days, now - 30 days): learners live in different zones.
    rows = (
        ReviewLog.objects.filter(user_id__in=list(user_ids), reviewed_at__gte=now - timedelta(days=30))
        .values("user_id")
        .annotate(
            week=Count("id", filter=Q(reviewed_at__gte=now - timedelta(days=7))),
            passed=Count("id", filter=Q(kind_before=REVIEW) & PASSED),
            total=Count("id", filter=Q(kind_before=REVIEW)),
        )
        .order_by()
    )
    return {row["user_id"]: RecentReviews(row["week"], row["passed"], row["total"]) for row in rows}


def class_clock(now: datetime) -> datetime:
    """The moment a class's figures are taken at: the start of the hour (UTC).

    Counted from it: the last 7 and 30 days of reviews (up to now), who has gone 7 days without review,
    and each card's predicted recall (whole days since its last review). So the figures move by time alone
    once an hour, and a class's page is kept for the rest of it (`class_page`). The instructor's list of
    classes and home page count from it too, so every page agrees on who is falling behind.
    """
    return now.replace(minute=0, second=0, microsecond=0)


def class_progress(klass, now: datetime) -> ClassProgress:
    """Every learner of the class in a fixed number of queries, whatever its size or history."""
    at = class_clock(now)
    members = _members(klass=klass)
    ids = [m.learner_id for m in members]
    settings = {s.user_id: s for s in StudySettings.objects.filter(user_id__in=ids)}
    parameters = {uid: settings[uid].parameters if uid in settings else None for uid in ids}
    desired = {uid: settings[uid].desired_retention if uid in settings else 0.9 for uid in ids}

    reviews = recent_reviews(ids, at)
    # The topics every member sees: site topics and those shared with the class (never a member's own).
    seen = Topic.objects.seen_by_class(klass)
    topics = [ClassTopic(topic, total) for topic, total in topics_with_totals(seen)]
    by_topic = {t.topic.pk: t for t in topics}
    rows = {}
    for m in members:
        recent = reviews.get(m.learner_id, RecentReviews())
        rows[m.learner_id] = LearnerRow(
            m.learner,
            m.last_active,
            recent.week,
            recent.passed,
            recent.total,
            behind=behind_reason(m.last_active, recent.passed, recent.total, at),
        )
    # Learner × topic rows: at most class size × number of topics, never per review.
    for row in _mastery_rows(ids, [t.topic.pk for t in topics], at, parameters, desired, by_user=True):
        topic = by_topic.get(row["card__topic_id"])
        if topic is None:
            continue
        rows[row["user_id"]].mastery[topic.topic.pk] = row["above"] / topic.total if topic.total else 0.0
        topic.learners_studying += 1
        topic.studied += row["studied"]
        topic.recall_sum += row["avg_recall"] * row["studied"]
        topic.above += row["above"]
    # Quiz grades: one aggregate over the class's finished attempts (quizzes.grades_for_progress), the
    # expired ones submitted first, at the real time.
    quizzes = class_quiz_grades(klass, now)
    for (quiz_id, learner_id), grade in quizzes.grades.items():
        if learner_id in rows:
            rows[learner_id].quiz_grades[quiz_id] = grade
    for learner_row in rows.values():
        learner_row.topic_mastery = [learner_row.mastery.get(t.topic.pk) for t in topics]
        learner_row.quiz_grade_list = [learner_row.quiz_grades.get(q.pk) for q in quizzes.quizzes]
    moves_at = min(filter(None, [at + timedelta(hours=1), quizzes.next_deadline]))
    return ClassProgress(list(rows.values()), topics, parameters, quizzes.quizzes, at, moves_at)


def class_weakest_cards(progress: ClassProgress, limit: int = WEAKEST) -> list[dict]:
    """The class's cards with the lowest average predicted recall among learners who studied them, at the
    moment the class's figures are taken at."""
    return list(
        studied_states(progress.parameters, [t.topic.pk for t in progress.topics])
        .annotate(recall=recall_now(progress.at, progress.parameters))
        .values("card_id", "card__front", "card__section", "card__topic__short_title")
        .annotate(avg_recall=Avg("recall"), lapses=Sum("lapses"), learners=Count("user_id"))
        .order_by("avg_recall", "-lapses", "card_id")[:limit]
    )


# --------------------------------------------------------------------------
# Falling behind, and the classes an instructor teaches
# --------------------------------------------------------------------------

BEHIND_DAYS = 7  # a week without reviews: due cards pile up while memories fade
LOW_RETENTION = 0.8  # ten points under FSRS's default goal of 90 %: reviews fail far more often than planned
LOW_RETENTION_MIN_REVIEWS = 10  # fewer answers in 30 days say nothing yet about a learner's retention
# The rule in words, for the pages that list who is falling behind.
BEHIND_RULE = f"no review in {BEHIND_DAYS} days, or true retention under {LOW_RETENTION:.0%} over the last 30 days"


def behind_reason(last_active: datetime | None, passed: int, total: int, now: datetime) -> str:
    """Why a learner is falling behind, or "" when they are not.

    The one rule behind the class page, the instructor's list of classes and their home page;
    ``passed`` and ``total`` are the learner's answers to cards in review over the last 30 days.
    """
    if last_active is None:
        return "no review yet"
    if last_active < now - timedelta(days=BEHIND_DAYS):
        return f"no review in {BEHIND_DAYS} days"
    if total >= LOW_RETENTION_MIN_REVIEWS and passed / total < LOW_RETENTION:
        return f"retention {round(100 * passed / total)}% over 30 days"
    return ""


@dataclass(frozen=True)
class BehindLearner:
    learner: object
    klass: Class
    reason: str


@dataclass
class ClassSummary:
    """One line of figures for a class: its learners, who reviewed this week, who is falling behind."""

    klass: Class
    learners: int = 0
    active_week: int = 0
    behind: list[BehindLearner] = field(default_factory=list)


def classes_overview(instructor, now: datetime) -> list[ClassSummary]:
    """Every class the instructor teaches, with its line of figures, in three queries whatever their size."""
    at = class_clock(now)
    summaries = {klass.pk: ClassSummary(klass) for klass in Class.objects.owned_by(instructor)}
    members = _members(klass__instructor=instructor)
    reviews = recent_reviews({m.learner_id for m in members}, at)
    for m in members:
        summary, recent = summaries[m.klass_id], reviews.get(m.learner_id, RecentReviews())
        summary.learners += 1
        summary.active_week += recent.week > 0
        reason = behind_reason(m.last_active, recent.passed, recent.total, at)
        if reason:
            summary.behind.append(BehindLearner(m.learner, summary.klass, reason))
    return list(summaries.values())
