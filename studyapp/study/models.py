"""Per-learner FSRS state of each card, the review log, and study settings."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

import fsrs
from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models import F
from django.utils import timezone

from studyapp.accounts.models import Profile
from studyapp.cards.models import Card
from studyapp.content.models import SqlParam, Topic
from studyapp.lib.exams import ExamFields, ExamQuerySet

from . import rows
from .scheduling import SchedulerSettings, build_scheduler, day_bounds, learner_day, parse_steps

SETTINGS_SQL = """
SELECT {settings}, {profile}, {exam_ahead} AS exam_ahead
FROM {settings_table} st JOIN {profile_table} p ON p.user_id = st.user_id
WHERE st.user_id = %(user)s
"""


class StudySettings(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="study_settings")
    desired_retention = models.FloatField(default=0.9, validators=[MinValueValidator(0.70), MaxValueValidator(0.97)])
    new_cards_per_day = models.PositiveIntegerField(default=20, validators=[MaxValueValidator(9999)])
    max_reviews_per_day = models.PositiveIntegerField(default=200, validators=[MaxValueValidator(9999)])
    day_start_hour = models.PositiveSmallIntegerField(default=4, validators=[MaxValueValidator(23)])
    learning_steps = models.CharField(max_length=100, default="1m 10m")
    relearning_steps = models.CharField(max_length=100, default="10m")
    # Fitted by the optimizer; empty means FSRS's defaults.
    parameters = models.JSONField(null=True, blank=True)
    optimization = models.JSONField(null=True, blank=True, help_text="Figures of the last fit (log loss, RMSE).")
    optimized_at = models.DateTimeField(null=True, blank=True)
    # Even days: a review's day is picked inside its fuzz window to even out the days ahead
    # (load_balance.balanced_due_day), sparing the lighter weekdays (Monday is 0).
    spread_reviews = models.BooleanField(default=True)
    lighter_days = models.JSONField(default=list, blank=True)
    # Bumped by every change to the learner's card states other than an answer (suspend, bury,
    # unsuspend, review again): answers and undos show in the review log, and the progress pages
    # key their cached figures on both.
    states_changed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "study settings"

    def __str__(self) -> str:
        return f"Study settings of {self.user}"

    # Whether an exam may lie ahead (see exam_ahead_sql): read with the settings, so that a learner
    # without one costs no query more. True until read: then the exams are looked up.
    exam_ahead = True

    @classmethod
    def for_user(cls, user, now: datetime | None = None) -> StudySettings:
        """The learner's settings with their profile (for the time zone), made on first use.

        Read in hand-written SQL: every study request starts here (see rows.py).
        """
        sql = SETTINGS_SQL.format(
            settings=rows.columns(cls, "st"),
            profile=rows.columns(Profile, "p"),
            exam_ahead=exam_ahead_sql(),
            **rows.tables(settings_table=cls, profile_table=Profile),
        )
        row = rows.fetch_one(sql, {"user": user.pk, **exam_flag_params(now or timezone.now())})
        if row is None:
            found, _ = cls.objects.select_related("user__profile").get_or_create(user=user)
            return found
        found, profile = rows.instances(row, cls, Profile)
        found.exam_ahead = bool(row[-1])
        return found.belonging_to(user, profile)

    @classmethod
    def note_states_changed(cls, user) -> None:
        """Count a change to the learner's card states that no review log row records."""
        cls.objects.filter(user=user).update(states_changed=F("states_changed") + 1)

    def belonging_to(self, user, profile: Profile) -> StudySettings:
        """These settings with their learner and profile attached (read together in hand-written SQL)."""
        user.profile = profile
        self.user = user
        return self

    @property
    def zone(self):
        return self.user.profile.zone

    def scheduler_settings(self) -> SchedulerSettings:
        return SchedulerSettings(
            desired_retention=self.desired_retention,
            learning_steps=parse_steps(self.learning_steps),
            relearning_steps=parse_steps(self.relearning_steps),
            parameters=tuple(self.parameters) if self.parameters else None,
        )

    def scheduler(self) -> fsrs.Scheduler:
        return _scheduler(self.scheduler_settings())

    def day_of(self, moment: datetime) -> date:
        return learner_day(moment, self.zone, self.day_start_hour)

    def day_end(self, moment: datetime) -> datetime:
        return day_bounds(self.day_of(moment), self.zone, self.day_start_hour)[1]

    def easy_days(self) -> dict[int, float]:
        """The lighter weekdays as load_balance wants them: each takes half a normal day's reviews."""
        return {int(day): LIGHTER_DAY_SHARE for day in self.lighter_days or ()}


LIGHTER_DAY_SHARE = 0.5


@lru_cache(maxsize=1024)
def _scheduler(settings: SchedulerSettings) -> fsrs.Scheduler:
    """py-fsrs schedulers never change after they are made, so learners with the same settings share one."""
    return build_scheduler(settings)


def due_badge_key(user) -> str:
    """Cache key of the number on the Study link (see queue.cached_due_count)."""
    return f"study:due-badge:{user.pk}"


# Reviews due on each of a few learner days (the load balancer's window), in one aggregate:
# read on the grade's hot path, so written out (see rows.py); it reads the queue's covering index.
LOAD_SQL = """
SELECT {days} FROM {state_table}
WHERE user_id = %(user)s AND due >= %(start)s AND due < %(end)s AND state = %(review)s AND NOT suspended
"""
LOAD_DAY_SQL = "COALESCE(SUM(CASE WHEN due >= %(start_{n})s AND due < %(end_{n})s THEN 1 ELSE 0 END), 0)"


class CardStateQuerySet(models.QuerySet):
    def review_load(self, user_id: int, study: StudySettings, first: date, days: int) -> dict[date, int]:
        """Review cards due on each of `days` learner days from `first` (suspended ones left out)."""
        adapt = connection.ops.adapt_datetimefield_value
        span = [first + timedelta(days=n) for n in range(days)]
        bounds = [day_bounds(day, study.zone, study.day_start_hour) for day in span]
        params = {"user": user_id, "review": CardState.State.REVIEW.value}
        params.update(start=adapt(bounds[0][0]), end=adapt(bounds[-1][1]))
        for n, (start, end) in enumerate(bounds):
            params.update({f"start_{n}": adapt(start), f"end_{n}": adapt(end)})
        sql = LOAD_SQL.format(
            days=", ".join(LOAD_DAY_SQL.format(n=n) for n in range(days)), **rows.tables(state_table=CardState)
        )
        return dict(zip(span, rows.fetch_one(sql, params)))

    def review_again(self, user, card_ids, now: datetime) -> int:
        """The hook for quizzes and the dashboard: put these cards in the learner's queue now.

        Cards under study come due now; cards never studied go to the front of
        the new cards (a state row with no answers yet, due now, marks them).
        Suspended cards stay suspended: the learner chose that.
        """
        card_ids = set(Card.objects.visible_to(user).filter(pk__in=card_ids).values_list("pk", flat=True))
        moved = self.filter(user=user, card_id__in=card_ids, suspended=False).update(due=now, buried_until=None)
        known = set(self.filter(user=user, card_id__in=card_ids).values_list("card_id", flat=True))
        self.bulk_create(
            [self.model(user=user, card_id=card_id, due=now) for card_id in card_ids - known], ignore_conflicts=True
        )
        StudySettings.note_states_changed(user)
        cache.delete(due_badge_key(user))
        return moved + len(card_ids - known)


class CardState(models.Model):
    """One learner's FSRS memory state of one card; created at its first answer."""

    class State(models.IntegerChoices):
        LEARNING = 1, "Learning"
        REVIEW = 2, "Review"
        RELEARNING = 3, "Relearning"

    # No index of its own: the (user, …) indexes below lead with it. A lone
    # user_id index costs a write per answer and tempts PostgreSQL into
    # scanning a learner's whole history where a composite index fits.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="card_states", db_index=False
    )
    # No lone card index either: every read starts from a learner, and cards are never deleted.
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="states", db_index=False)
    state = models.PositiveSmallIntegerField(choices=State.choices, default=State.LEARNING)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField()
    last_review = models.DateTimeField(null=True, blank=True)
    reps = models.PositiveIntegerField(default=0)
    lapses = models.PositiveIntegerField(default=0)
    suspended = models.BooleanField(default=False)
    buried_until = models.DateTimeField(null=True, blank=True)
    # Bumped by every answer: the token a study screen carries, so a second
    # post of the same answer, or one from a stale tab, is recognised.
    version = models.PositiveIntegerField(default=0)

    objects = CardStateQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "card"], name="one_state_per_user_card")]
        # The queue (queue.QUEUE_SQL) and the forecast read a learner's states by
        # (user, due). The other columns are what the queue filters on, so it reads
        # this index alone: a learner's state rows lie scattered across the table,
        # and a study request reads them from cold pages whenever another server
        # process has written. Every index here is one more write per answer.
        indexes = [
            models.Index(
                fields=["user", "due", "state", "reps", "suspended", "buried_until", "card"], name="state_queue_cover"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.card}"

    # One list each, used by every copy between a state, FSRS and the review log:
    # a card's memory as fsrs.Card holds it (same names),
    FSRS_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")
    # what an answer changes and undo puts back (a log row's state_before and state_after),
    SNAPSHOT_FIELDS = (*FSRS_FIELDS, "reps", "lapses", "version")
    # and what an answer writes: an answer also unburies the card.
    ANSWER_FIELDS = (*SNAPSHOT_FIELDS, "buried_until")
    DATETIME_FIELDS = ("due", "last_review")

    def to_fsrs(self) -> fsrs.Card:
        if not self.reps:
            return fsrs.Card(card_id=self.card_id)
        memory = {name: getattr(self, name) for name in self.FSRS_FIELDS}
        return fsrs.Card(card_id=self.card_id, **(memory | {"state": fsrs.State(self.state)}))

    def snapshot(self) -> dict:
        """What undo needs to put the state back, datetimes as ISO text (the log stores it as JSON)."""
        values = {name: getattr(self, name) for name in self.SNAPSHOT_FIELDS}
        return values | {name: values[name].isoformat() if values[name] else None for name in self.DATETIME_FIELDS}

    def restore(self, snapshot: dict) -> None:
        for name in self.SNAPSHOT_FIELDS:
            value = snapshot[name]
            setattr(self, name, datetime.fromisoformat(value) if value and name in self.DATETIME_FIELDS else value)

    def apply(self, card: fsrs.Card, rating: int) -> None:
        lapsed = self.reps and self.state == self.State.REVIEW and rating == fsrs.Rating.Again
        for name in self.FSRS_FIELDS:
            setattr(self, name, getattr(card, name))
        self.state = int(card.state)
        self.lapses += int(bool(lapsed))
        self.reps += 1
        self.version += 1
        self.buried_until = None

    def save_answer(self) -> bool:
        """Write an answer `apply`-ed to this state, unless another answer got there first.

        The UPDATE matches only the version the answer was given on, so of two
        racing answers one writes and the other finds nothing to update (a
        first answer inserts, and a racing insert fails on the unique constraint).
        """
        if self.pk is None:
            self.save(force_insert=True)
            return True
        changes = {name: getattr(self, name) for name in self.ANSWER_FIELDS}
        return CardState.objects.filter(pk=self.pk, version=self.version - 1).update(**changes) == 1

    @property
    def interval(self) -> timedelta | None:
        return self.due - self.last_review if self.last_review else None


class ReviewLog(models.Model):
    """Append-only record of every answer (Undo alone deletes the row it undoes)."""

    class Rating(models.IntegerChoices):
        AGAIN = 1, "Again"
        HARD = 2, "Hard"
        GOOD = 3, "Good"
        EASY = 4, "Easy"

    # No index of its own, as for CardState.user: the (user, …) indexes cover it.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews", db_index=False)
    card = models.ForeignKey(
        Card, on_delete=models.PROTECT, related_name="reviews", db_index=False
    )  # as CardState.card
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    reviewed_at = models.DateTimeField()
    # The learner-local study day (time zone and day-start hour applied when
    # written), so "today", streaks and heatmaps group by a plain column.
    day = models.DateField()
    duration_ms = models.PositiveIntegerField(default=0)
    # The state the card was in before this answer (null: a new card), and the
    # interval it had then; used by undo, retention and mature/young splits.
    state_before = models.JSONField(null=True, blank=True)
    KIND_NEW = 0  # kind_before of a card's first answer; later answers store their CardState.State
    kind_before = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0 new, 1-3 FSRS state")
    interval_before_days = models.FloatField(null=True, blank=True)
    state_after = models.JSONField()
    interval_days = models.FloatField(help_text="Interval given, in days.")
    version_before = models.PositiveIntegerField(help_text="The CardState version the answer was given on.")
    shown_at = models.DateTimeField(
        help_text="When the card's front was shown; tells a double submit from a stale tab."
    )

    class Meta:
        constraints = [
            # One review per shown card: a double submit or a racing tab hits this.
            models.UniqueConstraint(fields=["user", "card", "version_before"], name="one_review_per_card_version")
        ]
        indexes = [
            # Today's answers for the queue, and the dashboard's days and retention, from the index
            # alone (see CardState's index for why); a learner's rows are scattered across the table.
            models.Index(
                fields=["user", "day", "kind_before", "rating", "interval_before_days", "duration_ms", "card"],
                name="review_user_day_cover",
            ),
            models.Index(fields=["user", "reviewed_at"], name="review_user_time"),
        ]

    def __str__(self) -> str:
        return f"{self.user} rated {self.get_rating_display()} on {self.card}"


def class_exam_model():
    """classes.ClassExam, reached through its relation to topics: study imports nothing beside it
    (as content reaches the class–topic link)."""
    return Topic._meta.get_field("class_exams").related_model


# The flag is read before the learner's day is known (their time zone comes with it): exams from two
# days before the UTC date on count as "ahead"; exams.upcoming_exams then keeps those after today.
EXAM_FLAG_MARGIN = timedelta(days=2)


@lru_cache(maxsize=4)
def _exam_ahead_sql(vendor: str) -> str:
    own = ExamDate.objects.filter(learner_id=SqlParam("user"), day__gte=SqlParam("soon"))
    classes = class_exam_model().objects.filter(
        klass__memberships__learner_id=SqlParam("user"), day__gte=SqlParam("soon")
    )
    parts = [
        query.order_by().values("pk").query.get_compiler(connection=connection).as_sql()[0] for query in (own, classes)
    ]
    return f"(EXISTS ({parts[0]}) OR EXISTS ({parts[1]}))"


def exam_ahead_sql() -> str:
    """SQL, true when an exam of the learner's own or of one of their classes falls on `%(soon)s` or later
    (`%(user)s` is the learner); compiled once per process, as the hot path's other SQL."""
    return _exam_ahead_sql(connection.vendor)


def exam_flag_params(now: datetime) -> dict:
    return {"soon": connection.ops.adapt_datefield_value(now.date() - EXAM_FLAG_MARGIN)}


class ExamDateQuerySet(ExamQuerySet):
    def upcoming_for(self, user, after: date) -> ExamDateQuerySet:
        """The learner's own exams after the day `after` (their today), nearest first."""
        return self.filter(learner=user).upcoming(after)


class ExamDate(ExamFields):
    """A learner's own exam: until its day, reviews of its topics are planned to meet `target` recall on it.

    No topics and `all_topics` set: every topic the learner studies. Classes' exams
    (classes.ClassExam) apply to their members as well; see exams.py for how they combine.
    """

    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_dates")
    topics = models.ManyToManyField(Topic, blank=True, related_name="learner_exams")

    objects = ExamDateQuerySet.as_manager()

    class Meta(ExamFields.Meta):
        indexes = [models.Index(fields=["learner", "day"], name="exam_learner_day")]

    def __str__(self) -> str:
        return f"{self.learner}'s exam on {self.day}"


def optimize_schedule(user, now: datetime) -> tuple[bool, str]:
    """Fit this learner's FSRS parameters on their own history (see optimize.py).

    The fitted parameters are adopted only when they predict the learner's
    held-out later reviews better than FSRS's defaults; the figures are kept
    either way so the settings page can show them honestly.
    """
    from .optimize import ReviewRecord, check_history, fit

    study = StudySettings.for_user(user)
    rows = (
        ReviewLog.objects.filter(user=user)
        .order_by("reviewed_at", "id")
        .values_list("card_id", "rating", "reviewed_at", "duration_ms")
    )
    records = [ReviewRecord(card_id, rating, at, ms) for card_id, rating, at, ms in rows.iterator(chunk_size=5000)]
    check = check_history(records, study.zone, study.day_start_hour)
    if not check.ok:
        return False, check.reason
    result = fit(records, study.zone, study.day_start_hour)
    study.optimization = result.to_dict()
    study.parameters = result.parameters if result.fitted_is_better else None
    study.optimized_at = now
    study.save(update_fields=["optimization", "parameters", "optimized_at"])
    if result.fitted_is_better:
        return True, (
            f"Your schedule is now fitted to your {result.n_reviews:,} reviews: on your latest "
            f"{result.n_test_days} days it predicts recall better (log loss {result.fitted_log_loss:.4f} "
            f"against {result.default_log_loss:.4f} with the defaults)."
        )
    return True, (
        "Fitted parameters did not predict your latest reviews better than FSRS's defaults "
        f"(log loss {result.fitted_log_loss:.4f} against {result.default_log_loss:.4f}), so the defaults stay."
    )
