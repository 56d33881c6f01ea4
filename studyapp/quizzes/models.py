"""The question bank, quizzes built from it, and learners' attempts at them."""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q, prefetch_related_objects
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe

from studyapp.cards.models import Card
from studyapp.classes.models import Class, ClassTopic
from studyapp.content.models import Topic, TopicQuerySet
from studyapp.lib.forgetting import forget_now_and_on_commit
from studyapp.lib.markdown_render import render_markdown
from studyapp.study.models import CardState

from . import grading
from .draws import Draw, draw_order, plan_draws, room_for

CENT = Decimal("0.01")
# Bounds of what instructors type; the forms take them from the model fields' validators.
MAX_POINTS = Decimal(1000)  # one question's points
MAX_DRAW = 50  # questions one random slot draws
MAX_ATTEMPTS = 100  # attempts allowed (0: unlimited)
SLOT_FIELDS_FOR_START = (
    *("quiz", "position", "points", "random_count", "random_tag", "random_category__name"),
    "question__topic",
)


class Kind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice (select all that apply)"
    TRUE_FALSE = "true_false", "True / false"
    SHORT = "short", "Short answer"
    NUMERIC = "numeric", "Numeric"


CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}


class Category(models.Model):
    """A shelf of the bank, shared by all instructors. Its name is a path: "Lambda/Cold starts"
    is inside "Lambda" (as Moodle's categories, which import and export map to it)."""

    name = models.CharField(max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def subtree(self) -> Q:
        """Questions in this category or inside it."""
        return Q(category=self) | Q(category__name__startswith=f"{self.name}/")


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user) -> QuestionQuerySet:
        """Questions on the topics `user` may see (`Topic.objects.visible_to`), and questions on no
        note (imported or general ones): the bank and its pickers."""
        return self.filter(Q(topic__isnull=True) | Q(topic__in=Topic.objects.visible_to(user)))

    def current(self) -> QuestionQuerySet:
        """The latest version of each question: what the bank lists and new attempts draw."""
        return self.filter(is_current=True)

    def approved(self) -> QuestionQuerySet:
        return self.filter(
            Q(topic__isnull=True) | Q(topic__archived=False), status=Question.Status.APPROVED, is_current=True
        )

    def search(self, text: str) -> QuestionQuerySet:
        if not text:
            return self
        return self.filter(
            Q(text__icontains=text) | Q(explanation__icontains=text) | Q(options__text__icontains=text)
        ).distinct()


class Question(models.Model):
    """A bank question. Readable by every instructor; only its author edits it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Awaiting review"
        APPROVED = "approved", "Approved"
        DISCARDED = "discarded", "Discarded"

    # The note it tests; none for a question imported or written on no note.
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.PROTECT, related_name="quiz_questions")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    anchor = models.CharField(max_length=120, blank=True, help_text="The section of the note it tests.")
    # The flashcard it came from or tests: answered wrongly, that card goes back into study.
    card = models.ForeignKey(Card, null=True, blank=True, on_delete=models.SET_NULL, related_name="quiz_questions")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = models.TextField(max_length=2000, help_text="Markdown.")
    explanation = models.TextField(max_length=4000, blank=True, help_text="Markdown, shown with the feedback.")
    accepted_answers = models.JSONField(default=list, blank=True)
    numeric_answer = models.FloatField(null=True, blank=True)
    tolerance = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quiz_questions")
    # Generated questions: the card and shape they came from, so generating again adds only new ones.
    source_key = models.CharField(max_length=250, blank=True)
    # Versions (as Moodle's): editing a question that has been answered saves a new row, `version`
    # + 1 in the same `family` (the first version's id); attempts keep the row they were answered with.
    family = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(default=1)
    is_current = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "id"]
        indexes = [models.Index(fields=["status", "is_current"], name="question_drawable")]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="one_question_per_family_version"),
            models.UniqueConstraint(
                fields=["author", "source_key"],
                condition=~Q(source_key=""),
                name="one_generated_question_per_author_source",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_generated(self) -> bool:
        return bool(self.source_key)

    @property
    def family_id_or_own(self) -> int:
        """The id shared by all versions of this question."""
        return self.family_id or self.pk

    def note_url(self) -> str:
        if self.topic_id is None:
            return ""
        url = reverse("content:topic", args=[self.topic.slug])
        return f"{url}#{self.anchor}" if self.anchor else url

    def get_absolute_url(self) -> str:
        return reverse("quizzes:question", args=[self.pk])

    def editable_by(self, user) -> bool:
        return self.author_id == user.pk

    def fraction(self, response: Response) -> float:
        """How much of the question's points this response earns (0–1)."""
        if self.kind in CHOICE_KINDS:
            return grading.grade_credits(
                response.selected, self.option_credits(), select_all=self.kind == Kind.MULTIPLE
            )
        if self.kind == Kind.SHORT:
            return grading.grade_short(response.text, self.accepted_answers)
        return grading.grade_numeric(response.text, self.numeric_answer, self.tolerance)

    def option_credits(self) -> dict[int, float]:
        """Each option's share of the points (-1..1): its own credit when it has one (imported
        partial credit), else what `is_correct` gives under `grading.default_credits`."""
        options = list(self.options.all())
        defaults = grading.default_credits([o.is_correct for o in options], select_all=self.kind == Kind.MULTIPLE)
        return {o.pk: default if o.credit is None else float(o.credit) / 100 for o, default in zip(options, defaults)}

    def correct_answer_text(self) -> str:
        if self.kind in CHOICE_KINDS:
            return "; ".join(o.text for o in self.options.all() if o.is_correct)
        if self.kind == Kind.SHORT:
            return " / ".join(self.accepted_answers)
        if self.numeric_answer is None:
            return ""
        tolerance = f" (± {self.tolerance:g})" if self.tolerance else ""
        return f"{self.numeric_answer:g}{tolerance}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)
    # Partial credit (Moodle's answer grade): percent of the question's points, to the five places
    # Moodle keeps. Only imported questions carry it; without it `is_correct` decides (`option_credits`).
    credit = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-100)), MaxValueValidator(Decimal(100))],
    )
    feedback = models.CharField(max_length=1000, blank=True, help_text="Shown when this option is chosen.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


# --- What an attempt shows of each question, kept in the cache ------------------------------------

# Part of every key: bump it when what a view holds, or how its text is rendered, changes.
QUESTION_VIEW_VERSION = 1
QUESTION_VIEW_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class QuestionView:
    """What the attempt page shows of one question version (its kind, its text as sanitized HTML, its
    options) and what autosave checks answers against.

    Kept in the cache (shared by every server when REDIS_URL is set): a version that attempts drew is
    never changed, since editing it saves a new version (`bank.save_question`), so a thousand learners
    taking one quiz read its questions once, not once each. Saving or deleting a question or one of its
    options forgets its view all the same (an edit before any attempt, the admin)."""

    pk: int
    kind: str
    text_html: SafeString  # rendered as the `markdown` filter renders it: sanitized by nh3
    options: tuple[tuple[int, str], ...]  # (id, text) in the question's own order; the text is escaped when shown

    @property
    def option_ids(self) -> set[int]:
        return {pk for pk, _ in self.options}


def _question_view_key(pk: int) -> str:
    return f"quizzes:question-view:{QUESTION_VIEW_VERSION}:{pk}"


def question_views(question_ids: Iterable[int]) -> dict[int, QuestionView]:
    """The views of these questions, by id: from the cache, the missing ones read in two queries and kept."""
    keys = {_question_view_key(pk): pk for pk in set(question_ids)}
    found = {view.pk: view for view in cache.get_many(list(keys)).values()}
    missing = [pk for pk in keys.values() if pk not in found]
    if missing:
        options: dict[int, list[tuple[int, str]]] = {pk: [] for pk in missing}
        for question_id, pk, text in Option.objects.filter(question_id__in=missing).values_list(
            "question_id", "pk", "text"
        ):
            options[question_id].append((pk, text))
        loaded = {
            pk: QuestionView(pk, kind, mark_safe(render_markdown(text or "")), tuple(options[pk]))  # noqa: S308 - nh3
            for pk, kind, text in Question.objects.filter(pk__in=missing).order_by().values_list("pk", "kind", "text")
        }
        cache.set_many({_question_view_key(pk): view for pk, view in loaded.items()}, QUESTION_VIEW_SECONDS)
        found.update(loaded)
    return found


def forget_question_views(question_ids: Iterable[int]) -> None:
    """Drop these questions' views, so a view read from the old rows does not outlive the change."""
    forget_now_and_on_commit(_question_view_key(pk) for pk in question_ids if pk is not None)


@receiver([post_save, post_delete], sender=Question)
@receiver([post_save, post_delete], sender=Option)
def _forget_the_questions_view(sender, instance: Question | Option, **kwargs) -> None:
    """A question or one of its options saved or deleted (cascades included): its question's view goes."""
    forget_question_views([instance.pk if sender is Question else instance.question_id])


def with_views(responses: Iterable[Response]) -> list[Response]:
    """The responses, each given its question's view (`Response.view`) from one read of the cache."""
    responses = list(responses)
    views = question_views(response.question_id for response in responses)
    for response in responses:
        response.__dict__["view"] = views[response.question_id]
    return responses


class Feedback(models.TextChoices):
    EACH = "each", "After each question"
    SUBMIT = "submit", "After submitting"
    CLOSE = "close", "After the quiz closes"


class GradingMethod(models.TextChoices):
    HIGHEST = grading.HIGHEST, "Highest attempt"
    LAST = grading.LAST, "Last attempt"
    FIRST = grading.FIRST, "First attempt"
    AVERAGE = grading.AVERAGE, "Average of attempts"


class AttemptRefused(Exception):
    """Why a learner cannot start an attempt now (the message is shown to them)."""


class AnswerRefused(ValueError):
    """Why an answer was not stored (the message is shown to the learner)."""


def parse_id(text: str) -> int | None:
    """A posted id, or None: never an error, however long or odd the text (int() refuses huge digit strings)."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


# Learners' starts keep each quiz's plan (its slots, the check of its topics against its classes, the
# random slots' pools) for a few seconds, so that a class pressing Start together plans the quiz a few
# times rather than once per learner. The plan is kept with the quiz's `updated_at`, which every change
# to its slots, its classes, its questions' versions or its classes' shared topics moves
# (`touch_quizzes`): a start that reads the new `updated_at` plans afresh, on every server. Other changes
# that the plan reads (a topic archived, the bank's questions behind a random slot) reach starts within
# these seconds: as if the learner had pressed Start that much earlier. A preview always plans afresh.
START_PLAN_SECONDS = 5


def _start_plan_key(quiz_id: int) -> str:
    return f"quizzes:start-plan:{quiz_id}"


def touch_quizzes(quiz_ids: Iterable[int]) -> None:
    """Mark the quizzes of these ids changed, so that their next starts plan afresh (see START_PLAN_SECONDS);
    their kept plans go too, for a caller that still holds the quiz as it was."""
    ids = list(quiz_ids)
    if ids:
        Quiz.objects.filter(pk__in=ids).update(updated_at=timezone.now())
        forget_now_and_on_commit(_start_plan_key(pk) for pk in ids)


class QuizQuerySet(models.QuerySet):
    def owned_by(self, user) -> QuizQuerySet:
        return self.filter(instructor=user)

    def assigned_to(self, user) -> QuizQuerySet:
        """Published, unarchived quizzes of the classes this learner is in."""
        classes = Class.objects.joined_by(user)
        return self.filter(published_at__isnull=False, archived_at__isnull=True, classes__in=classes).distinct()


class Quiz(models.Model):
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="quizzes")
    title = models.CharField(max_length=200)
    instructions = models.TextField(max_length=4000, blank=True, help_text="Markdown, shown before the learner starts.")
    shuffle_questions = models.BooleanField(default=False)
    shuffle_options = models.BooleanField(default=True)
    time_limit = models.DurationField(null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(
        default=1, validators=[MaxValueValidator(MAX_ATTEMPTS)], help_text="0 means unlimited."
    )
    grading_method = models.CharField(max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST)
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    # The latest close any override of the quiz gives (None: none sets one), kept by `save_override` and
    # `delete_override` (an override deleted with its learner or class leaves it later: results wait longer).
    # Feedback "after the quiz closes" waits for it too, so that nobody sees the answers while a learner
    # given more time is still at work.
    overrides_close_at = models.DateTimeField(null=True, blank=True, editable=False)
    pass_mark = models.PositiveSmallIntegerField(default=50, validators=[MaxValueValidator(100)], help_text="Percent.")
    feedback = models.CharField(max_length=10, choices=Feedback.choices, default=Feedback.SUBMIT)
    published_at = models.DateTimeField(null=True, blank=True)
    # Deleting a quiz that has attempts archives it instead: learners no longer see it, its results stay.
    archived_at = models.DateTimeField(null=True, blank=True)
    classes = models.ManyToManyField(Class, blank=True, related_name="quizzes")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "quizzes"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("quizzes:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def is_closed(self, now: datetime) -> bool:
        return self.closes_at is not None and self.closes_at <= now

    def refresh_overrides_close(self) -> None:
        """Store the latest close of the quiz's overrides again, after one was saved or deleted (in its
        transaction). The quiz's row is locked first: of two overrides saved at once, the second to lock
        reads the first's."""
        list(Quiz.objects.select_for_update().filter(pk=self.pk).values_list("pk"))
        latest = self.overrides.aggregate(latest=Max("closes_at"))["latest"]
        self.overrides_close_at = latest
        Quiz.objects.filter(pk=self.pk).update(overrides_close_at=latest)

    @property
    def results_at(self) -> datetime | None:
        """When feedback "after the quiz closes" shows: once the quiz has closed for everyone, its own
        close and every override's passed (None: it does not close for everyone)."""
        if self.closes_at is None:
            return None
        return max(self.closes_at, self.overrides_close_at or self.closes_at)

    def feedback_shown(self, attempt: Attempt, now: datetime) -> bool:
        """Whether a finished attempt may show scores, right answers and explanations."""
        if not attempt.is_finished:
            return False
        return self.feedback != Feedback.CLOSE or (self.results_at is not None and self.results_at <= now)

    def usable_topics(self, class_ids: Iterable[int] | None = None) -> TopicQuerySet:
        """The topics this quiz may use: what every member of its classes sees (the site topics, and
        topics shared with each of the classes). Pass `class_ids` to ask about other classes."""
        if class_ids is None:
            class_ids = self.classes.values_list("pk", flat=True)
        return Topic.objects.usable_by_classes(class_ids)

    def unusable_topics(self, class_ids: Iterable[int] | None = None, slots: list[Slot] | None = None) -> list[Topic]:
        """The topics of this quiz's questions and draws that some member of its classes (or of
        `class_ids`) cannot see: the builder offers none, but a topic may be unshared later.

        Pass the slots (as `slots_for_plan` loads them) when they are already loaded."""
        unusable = self.unusable_topic_ids(class_ids, slots)
        return list(Topic.objects.filter(pk__in=unusable)) if unusable else []

    def unusable_topic_ids(self, class_ids: Iterable[int] | None = None, slots: list[Slot] | None = None) -> set[int]:
        """The ids of `unusable_topics`, in one query of ids (what Start asks)."""
        class_ids = list(self.classes.values_list("pk", flat=True) if class_ids is None else class_ids)
        if not class_ids:
            return set()  # nobody takes it
        if slots is None:
            slots = self.slots_for_plan().only(*SLOT_FIELDS_FOR_START)
        used = {topic_id for slot in slots for topic_id in slot.topic_ids() if topic_id is not None}
        if not used:
            return set()
        return used - set(self.usable_topics(class_ids).filter(pk__in=used).values_list("pk", flat=True))

    def topic_problem(self, class_ids: Iterable[int] | None = None) -> str:
        """Why the quiz cannot be published, assigned or started as it is, for its topics ("" when it can)."""
        topics = self.unusable_topics(class_ids)
        if not topics:
            return ""
        names = ", ".join(f"“{topic.title}”" for topic in topics)
        return (
            f"It uses {names}, which some of its classes’ learners cannot see: share "
            f"{'that topic' if len(topics) == 1 else 'those topics'} with each class (on the class page) "
            "or take those questions out."
        )

    def plan(self, slots: Iterable[Slot] | None = None, class_ids: Iterable[int] | None = None) -> QuizPlan:
        """What every attempt gets from each slot: a random slot draws only what its pool can give.

        Pass the slots (as `slots_for_plan` loads them) and the quiz's class ids when they are
        already loaded. A quiz of chosen questions only costs no query here.
        """
        slots = list(self.slots_for_plan() if slots is None else slots)
        has_random = any(not slot.question_id for slot in slots)
        draws = iter(self._random_draws(slots, self.usable_topics(class_ids)) if has_random else ())
        rows = [SlotPlan(slot, 1, None) if slot.question_id else SlotPlan(slot, 0, next(draws)) for slot in slots]
        randoms = [row for row in rows if row.draw is not None]
        for row, count in zip(randoms, plan_draws([row.draw for row in randoms])):
            row.count = count
        return QuizPlan(rows)

    def slots_for_plan(self):
        """The slots with what their pools need, so planning costs no query per slot."""
        return self.slots.select_related("question", "random_category").prefetch_related("random_topics")

    def slots_for_start(self) -> list[Slot]:
        """The slots as `slots_for_plan` gives them, with only what the topic check and the draw read (whole
        questions would cost more than the rest of Start); the random slots' topics are read only when the
        quiz has random slots."""
        slots = list(self.slots.select_related("question", "random_category").only(*SLOT_FIELDS_FOR_START))
        prefetch_related_objects([slot for slot in slots if not slot.question_id], "random_topics")
        return slots

    def room_for_draw(self, pool: Pool) -> tuple[int, int]:
        """(approved questions in this pool, how many a new random slot may draw from it
        without leaving any other slot of the quiz short)."""
        usable = self.usable_topics()
        *draws, new = self._random_draws(list(self.slots_for_plan()), usable, pool)
        approved = len(pool.members(Pool.candidates([pool], usable)))
        return approved, room_for(draws, new.pool, MAX_DRAW)

    @staticmethod
    def _random_draws(slots: list[Slot], usable: TopicQuerySet, more: Pool | None = None) -> list[Draw]:
        """The random slots' draws in slot order (and one from the pool `more`), their pools read in two queries.

        A pool leaves out the quiz's fixed questions: an attempt never shows a question twice.
        """
        fixed = {slot.question_id for slot in slots if slot.question_id}
        wanted = [(slot.random_count or 0, slot.pool()) for slot in slots if not slot.question_id]
        if more is not None:
            wanted.append((0, more))
        candidates = Pool.candidates([pool for _, pool in wanted], usable)
        return [Draw(count, frozenset(pool.members(candidates)) - fixed) for count, pool in wanted]

    def start_attempt(
        self, learner, now: datetime, rng: random.Random | None = None, *, preview: bool = False
    ) -> Attempt:
        """Resume the open attempt or start the next one, within the times and attempt limit that
        apply to this learner (`Override.terms_for`). A `preview` (the instructor trying the quiz)
        may start before publishing and outside the times, and is never counted.

        Two starts racing (two tabs, a double click) cannot exceed the limit: the
        unique (quiz, learner, number) and the one-open-attempt constraints make
        the loser's insert fail, and it then resumes the winner's attempt.
        """
        try:
            with transaction.atomic():
                return self._start_attempt(learner, now, rng or random.Random(), preview)
        except IntegrityError:
            attempt = self.attempts.filter(learner=learner, submitted_at__isnull=True, is_preview=preview).first()
            if attempt is None:
                raise AttemptRefused("You have used all your attempts at this quiz.") from None
            return attempt

    def _start_attempt(self, learner, now: datetime, rng: random.Random, preview: bool) -> Attempt:
        # A preview stands apart from the instructor's own attempts (if they take the quiz too):
        # it never counts against the limit, and is never resumed as one of them.
        attempts = list(
            self.attempts.select_for_update().filter(learner=learner, is_preview=preview).order_by("number")
        )
        open_attempt = next((a for a in attempts if not a.is_finished), None)
        if open_attempt:
            return open_attempt
        if not self.is_published and not preview:
            raise AttemptRefused("This quiz is not published yet.")
        terms = Override.terms_for(self, learner)
        if not preview and not terms.is_open(now):
            raise AttemptRefused("This quiz is closed." if terms.is_closed(now) else "This quiz is not open yet.")
        if terms.attempts_allowed and len(attempts) >= terms.attempts_allowed and not preview:
            raise AttemptRefused("You have used all your attempts at this quiz.")
        plan = self._plan_for_start() if preview else self._kept_plan_for_start()
        if plan is None:
            # A topic unshared from the class since: its learners must not be quizzed on it.
            raise AttemptRefused(
                "This quiz uses notes that are no longer shared with your class. Ask your instructor to update it."
            )
        # A preview keeps the quiz's time limit but not its close: a closed quiz can be tried too.
        deadline = (now + self.time_limit if self.time_limit else None) if preview else terms.deadline(now)
        drawn = self.draw(rng, plan)
        # The drawn versions' kinds and options come from their views, which the attempt page reads next.
        views = question_views(question_id for question_id, _ in drawn)
        attempt = Attempt.objects.create(
            quiz=self,
            learner=learner,
            number=(attempts[-1].number if attempts else 0) + 1,
            started_at=now,
            deadline=deadline,
            is_preview=preview,
            max_score=sum((points for _, points in drawn), Decimal(0)),
            missing_questions=plan.missing,
        )
        responses = []
        for position, (question_id, points) in enumerate(drawn, start=1):
            view = views[question_id]
            order = [pk for pk, _ in view.options]
            if self.shuffle_options and view.kind != Kind.TRUE_FALSE:
                rng.shuffle(order)
            responses.append(
                Response(attempt=attempt, question_id=question_id, position=position, points=points, option_order=order)
            )
        Response.objects.bulk_create(responses)
        return attempt

    def _plan_for_start(self) -> QuizPlan | None:
        """The plan every attempt draws from, or None when the quiz uses a topic that some member of its
        classes cannot see (`unusable_topics`)."""
        slots = self.slots_for_start()
        class_ids = list(self.classes.values_list("pk", flat=True))
        if self.unusable_topic_ids(class_ids, slots):
            return None
        return self.plan(slots, class_ids)

    def _kept_plan_for_start(self) -> QuizPlan | None:
        """`_plan_for_start`, kept for START_PLAN_SECONDS with the quiz's `updated_at` (see there)."""
        key = _start_plan_key(self.pk)
        kept = cache.get(key)
        if kept is None or kept[0] != self.updated_at:
            kept = (self.updated_at, self._plan_for_start())  # a refusal (None) is kept too
            cache.set(key, kept, START_PLAN_SECONDS)
        return kept[1]

    def draw(self, rng: random.Random, plan: QuizPlan | None = None) -> list[tuple[int, Decimal]]:
        """This attempt's questions (ids, with their points): the fixed ones, plus each random slot's
        planned draw, never twice the same."""
        plan = plan or self.plan()
        randoms = [row for row in plan.rows if row.draw is not None]
        used: set[int] = set()  # the pools already leave out the fixed questions
        picked: dict[int, list[int]] = {}
        # In the plan's order, so every draw finds at least the count it was promised.
        for i in draw_order([row.draw for row in randoms]):
            row = randoms[i]
            picked[row.slot.pk] = rng.sample(sorted(row.draw.pool - used), row.count)
            used.update(picked[row.slot.pk])
        order = [
            (pk, row.slot.points)
            for row in plan.rows
            for pk in ([row.slot.question_id] if row.draw is None else picked[row.slot.pk])
        ]
        if self.shuffle_questions:
            rng.shuffle(order)
        return order


@dataclass
class SlotPlan:
    slot: Slot
    count: int  # questions every attempt gets from this slot
    draw: Draw | None  # a random slot's draw: how many it wants, from which approved questions

    @property
    def wanted(self) -> int:
        return self.slot.random_count or 1

    @property
    def is_short(self) -> bool:
        return self.count < self.wanted


@dataclass
class QuizPlan:
    rows: list[SlotPlan]

    @property
    def question_count(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def max_points(self) -> Decimal:
        return sum((row.slot.points * row.count for row in self.rows), Decimal(0))

    @property
    def missing(self) -> int:
        """Questions the random slots ask for but cannot draw."""
        return sum(row.wanted - row.count for row in self.rows)

    def problems(self) -> list[str]:
        """Why the quiz cannot be published as it is (its numbering is the builder's)."""
        return [
            f"Question {number} draws {row.wanted} at random but can give only {row.count}: its topics have "
            "too few approved questions left. Lower its count or approve more questions before publishing."
            for number, row in enumerate(self.rows, start=1)
            if row.is_short
        ]


@dataclass(frozen=True)
class Candidate:
    """An approved question as the random slots' pools see it."""

    pk: int
    topic_id: int | None
    category: str  # its category's name ("" for none)
    tag_ids: frozenset[int]


@dataclass(frozen=True)
class Pool:
    """Where a random slot draws from: approved questions on any of `topic_ids` (when given), in
    `category` or a category inside it (when given), with `tag_id` (when given)."""

    topic_ids: frozenset[int] = frozenset()
    category: str = ""
    tag_id: int | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.topic_ids or self.category or self.tag_id)

    def matches(self, question: Candidate) -> bool:
        in_category = question.category == self.category or question.category.startswith(f"{self.category}/")
        return (
            (not self.topic_ids or question.topic_id in self.topic_ids)
            and (not self.category or in_category)
            and (self.tag_id is None or self.tag_id in question.tag_ids)
        )

    def members(self, candidates: list[Candidate]) -> set[int]:
        return set() if self.is_empty else {c.pk for c in candidates if self.matches(c)}

    @staticmethod
    def candidates(pools: list[Pool], usable: TopicQuerySet | None = None) -> list[Candidate]:
        """The approved questions any of `pools` may draw, in two queries (none when there is no pool).

        With `usable` (a quiz's `usable_topics`), only questions on those topics or on no note: a
        category or tag may hold questions on notes the quiz's learners cannot see."""
        pools = [pool for pool in pools if not pool.is_empty]
        if not pools:
            return []
        reach = Q(pk__in=[])
        for pool in pools:
            if pool.topic_ids:
                reach |= Q(topic__in=pool.topic_ids)
            elif pool.category:
                reach |= Q(category__name=pool.category) | Q(category__name__startswith=f"{pool.category}/")
            else:
                reach |= Q(tags=pool.tag_id)
        questions = Question.objects.approved().filter(reach)
        if usable is not None:
            questions = questions.filter(Q(topic__isnull=True) | Q(topic__in=usable))
        rows = list(questions.values_list("pk", "topic_id", "category__name").distinct())
        tags: dict[int, set[int]] = {}
        tag_ids = {pool.tag_id for pool in pools if pool.tag_id is not None}
        if tag_ids:
            links = Question.tags.through.objects.filter(tag__in=tag_ids, question__in=[pk for pk, *_ in rows])
            for question_id, tag_id in links.values_list("question_id", "tag_id"):
                tags.setdefault(question_id, set()).add(tag_id)
        return [Candidate(pk, topic, category or "", frozenset(tags.get(pk, ()))) for pk, topic, category in rows]


class Slot(models.Model):
    """One place in a quiz: a chosen question, or N questions drawn at random from topics."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField(default=0)
    points = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_POINTS)],
    )
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="slots")
    random_count = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_DRAW)]
    )
    random_topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    # A random slot may instead (or also) draw from a bank category (and the ones inside it) or a tag.
    random_category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    random_tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, random_count__isnull=True)
                | Q(question__isnull=True, random_count__gte=1),
                name="slot_is_a_question_or_a_random_draw",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} #{self.position}"

    def topic_ids(self) -> set[int | None]:
        """The topics this slot asks about: its question's, or the random draw's (`slots_for_plan` loads both)."""
        if self.question_id:
            return {self.question.topic_id}
        return {topic.pk for topic in self.random_topics.all()}

    def pool(self) -> Pool:
        """Where this random slot draws from (`random_topics` prefetched saves a query per slot)."""
        return Pool(
            frozenset(t.pk for t in self.random_topics.all()),
            self.random_category.name if self.random_category_id else "",
            self.random_tag_id,
        )


@receiver([post_save, post_delete], sender=Slot)
def _touch_the_slots_quiz(sender, instance: Slot, origin=None, **kwargs) -> None:
    """A slot added, changed or removed: its quiz's next start plans afresh (START_PLAN_SECONDS). Not when
    the quiz itself is being deleted."""
    if isinstance(origin, Quiz) or (isinstance(origin, models.QuerySet) and origin.model is Quiz):
        return
    touch_quizzes([instance.quiz_id])


@receiver(m2m_changed, sender=Slot.random_topics.through)
def _touch_the_random_slots_quiz(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        touch_quizzes([instance.quiz_id])


@receiver(m2m_changed, sender=Quiz.classes.through)
def _touch_the_assigned_quizzes(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """A quiz given to other classes (or a class to other quizzes): its topic check changes."""
    if action in ("post_add", "post_remove", "post_clear"):
        touch_quizzes((pk_set or ()) if reverse else [instance.pk])


@receiver([post_save, post_delete], sender=ClassTopic)
def _touch_the_classes_quizzes(sender, instance: ClassTopic, **kwargs) -> None:
    """A topic shared with a class or unshared: what the class's quizzes may use changes (`unusable_topics`)."""
    touch_quizzes(Quiz.objects.filter(classes=instance.klass_id).values_list("pk", flat=True))


class AttemptQuerySet(models.QuerySet):
    def real(self) -> AttemptQuerySet:
        """Learners' attempts: not the instructor's previews."""
        return self.filter(is_preview=False)

    def finished(self) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=False)

    def expired(self, now: datetime) -> AttemptQuerySet:
        return self.filter(submitted_at__isnull=True, deadline__lte=now)

    def finalize_expired(self, now: datetime) -> int:
        """Submit the attempts whose deadline has passed, with the answers saved so far.

        Called whenever attempts are read (pages, lists, results) and by the
        `finalize_attempts` command, so no worker process is needed.
        """
        count = 0
        for attempt in self.expired(now).select_related("quiz"):
            count += attempt.finalize(attempt.deadline, auto=True)
        return count


class Attempt(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    # Kept when the learner's account is deleted (anonymized), so item statistics stay true.
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="quiz_attempts"
    )
    # Set when the learner's account is deleted: the same for all their attempts, so a
    # deleted learner still counts once, by the quiz's attempt rule, in the statistics.
    anonymous_key = models.CharField(max_length=40, blank=True)
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True, help_text="Server-side: answers after it are refused.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    # The instructor trying the quiz as a learner would: never counted, graded or fed to study.
    is_preview = models.BooleanField(default=False)
    # Questions its random slots could not draw (their topics had too few approved questions left).
    missing_questions = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "learner", "number", "is_preview"], name="one_attempt_per_number"),
            models.UniqueConstraint(
                fields=["quiz", "learner", "is_preview"],
                condition=Q(submitted_at__isnull=True),
                name="one_open_attempt_per_learner",
            ),
        ]
        indexes = [models.Index(fields=["submitted_at", "deadline"], name="attempt_open_deadline")]

    def __str__(self) -> str:
        return f"{self.learner} · {self.quiz} #{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("quizzes:attempt", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.submitted_at is not None

    def is_expired(self, now: datetime) -> bool:
        return self.deadline is not None and now >= self.deadline

    def accepts_answers(self, now: datetime) -> bool:
        return not self.is_finished and not self.is_expired(now)

    def seconds_left(self, now: datetime) -> int | None:
        """Whole seconds to the deadline, rounded up: the page's countdown then never ends (and
        submits) before the server's deadline has passed."""
        return None if self.deadline is None else max(0, math.ceil((self.deadline - now).total_seconds()))

    @property
    def percent(self) -> float | None:
        if self.score is None:
            return None
        return float(self.score / self.max_score * 100) if self.max_score else 0.0

    @property
    def time_taken(self) -> timedelta | None:
        return self.submitted_at - self.started_at if self.submitted_at else None

    def finalize_if_expired(self, now: datetime) -> bool:
        if not self.is_finished and self.is_expired(now):
            return self.finalize(self.deadline, auto=True)
        return False

    def finalize(self, now: datetime, *, auto: bool = False) -> bool:
        """Grade every answer and submit; returns False if another request got there first."""
        with transaction.atomic():
            # The conditional update is the lock: only one request submits an attempt.
            if not Attempt.objects.filter(pk=self.pk, submitted_at__isnull=True).update(submitted_at=now):
                self.refresh_from_db()
                return False
            responses = list(self.responses.select_related("question").prefetch_related("question__options"))
            total = Decimal(0)
            wrong_cards = []
            for response in responses:
                response.grade()
                total += response.score
                if response.score < response.points and response.question.card_id:
                    wrong_cards.append(response.question.card_id)
            Response.objects.bulk_update(responses, ["score"])
            self.submitted_at, self.auto_submitted, self.score = now, auto, total
            self.save(update_fields=["auto_submitted", "score"])
            if self.learner_id and wrong_cards and not self.is_preview:
                # Mistakes feed study: study's hook puts the related cards back in the queue.
                CardState.objects.review_again(self.learner, wrong_cards, now)
        return True


class Response(models.Model):
    """One drawn question of an attempt, and the learner's (autosaved) answer to it."""

    MAX_ANSWER_LENGTH = 200

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    position = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=6, decimal_places=2)
    option_order = models.JSONField(default=list, help_text="Option ids in the order this learner sees them.")
    selected = models.JSONField(default=list, blank=True, help_text="Chosen option ids.")
    text = models.CharField(max_length=MAX_ANSWER_LENGTH, blank=True, help_text="A short or numeric answer as typed.")
    answered_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text="Checked (feedback after each question): locked."
    )
    score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="one_response_per_question"),
            models.UniqueConstraint(fields=["attempt", "position"], name="one_response_per_position"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt} · Q{self.position}"

    @property
    def is_answered(self) -> bool:
        return bool(self.selected) or bool(self.text.strip())

    @property
    def is_correct(self) -> bool:
        return self.score is not None and self.score >= self.points

    def ordered_options(self) -> list[Option]:
        return self._in_learner_order({o.pk: o for o in self.question.options.all()})

    def _in_learner_order(self, by_option: dict) -> list:
        """The values of `by_option` (keyed by option id) in this learner's order of the options."""
        rest = dict(by_option)
        ordered = [rest.pop(pk) for pk in self.option_order if pk in rest]
        return ordered + list(rest.values())  # an option added after the attempt started

    @cached_property
    def view(self) -> QuestionView:
        """What the attempt shows of the question (`with_views` gives many responses theirs at once)."""
        return question_views([self.question_id])[self.question_id]

    def choices(self) -> list[dict]:
        """The options as this learner sees them, in their order, each with whether they chose it: plain
        dicts, which the template engine reads faster than model rows."""
        chosen = set(self.selected)
        return self._in_learner_order(
            {pk: {"pk": pk, "text": text, "checked": pk in chosen} for pk, text in self.view.options}
        )

    def set_answer(self, values: list[str], now: datetime) -> None:
        """Store what the learner gave: option ids for choices (others ignored), text otherwise.

        A text longer than the field is refused whole (AnswerRefused), never cut:
        a cut answer would be graded as something the learner did not write.
        """
        kind = self.view.kind
        if kind in CHOICE_KINDS:
            valid = self.view.option_ids
            chosen = [pk for pk in map(parse_id, values) if pk in valid]
            self.selected = chosen[:1] if kind != Kind.MULTIPLE else sorted(set(chosen))
        else:
            text = (values[0] if values else "").strip()
            if len(text) > self.MAX_ANSWER_LENGTH:
                raise AnswerRefused(
                    f"an answer can be at most {self.MAX_ANSWER_LENGTH} characters (this one has {len(text):,})."
                )
            self.text = text
        self.answered_at = now

    def grade(self) -> None:
        fraction = Decimal(str(self.question.fraction(self)))
        self.score = (self.points * fraction).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class QuizTerms:
    """The times, limit and attempts that apply to one learner: the quiz's settings, changed by
    their class's overrides and then by their own (see `Override.terms_for`)."""

    opens_at: datetime | None
    closes_at: datetime | None
    time_limit: timedelta | None
    attempts_allowed: int
    overrides: tuple[Override, ...] = ()

    def is_open(self, now: datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def is_closed(self, now: datetime) -> bool:
        return self.closes_at is not None and self.closes_at <= now

    def deadline(self, started_at: datetime) -> datetime | None:
        """When an attempt started at `started_at` must be in: its time limit, or the close, whichever comes first."""
        deadline = started_at + self.time_limit if self.time_limit else None
        if self.closes_at and (deadline is None or self.closes_at < deadline):
            deadline = self.closes_at
        return deadline


MAX_TIME_MULTIPLIER = Decimal(10)


class Override(models.Model):
    """Different times, time or attempts for one learner or one class (Moodle's user and group
    overrides): the learner's override wins over their classes', which win over the quiz."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="overrides")
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz_overrides"
    )
    klass = models.ForeignKey(Class, null=True, blank=True, on_delete=models.CASCADE, related_name="quiz_overrides")
    opens_at = models.DateTimeField(null=True, blank=True)
    closes_at = models.DateTimeField(null=True, blank=True)
    # One way to change the time: a new limit, minutes added to the quiz's, or a multiple of it.
    time_limit = models.DurationField(null=True, blank=True)
    extra_time = models.DurationField(null=True, blank=True)
    time_multiplier = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(MAX_TIME_MULTIPLIER)],
    )
    attempts_allowed = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(MAX_ATTEMPTS)], help_text="0 means unlimited."
    )
    reason = models.CharField(max_length=300, help_text="Why, for you and other instructors (learners do not see it).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["klass_id", "learner_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(learner__isnull=False, klass__isnull=True) | Q(learner__isnull=True, klass__isnull=False),
                name="override_is_for_a_learner_or_a_class",
            ),
            models.UniqueConstraint(fields=["quiz", "learner"], name="one_override_per_quiz_learner"),
            models.UniqueConstraint(fields=["quiz", "klass"], name="one_override_per_quiz_class"),
        ]

    def __str__(self) -> str:
        return f"{self.quiz} · {self.learner or self.klass}"

    def changed_time_limit(self, base: timedelta | None) -> timedelta | None | bool:
        """The time limit this override sets from the quiz's `base` one; False when it sets none."""
        if self.time_limit is not None:
            return self.time_limit
        if base is None or (self.extra_time is None and self.time_multiplier is None):
            return False
        if self.extra_time is not None:
            return base + self.extra_time
        return base * float(self.time_multiplier)

    @staticmethod
    def terms_for(quiz: Quiz, learner) -> QuizTerms:
        """What applies to `learner` at `quiz`, in two queries at most.

        Field by field: the learner's override if it sets the field; else the most lenient of their
        classes' overrides that set it (as Moodle: the earliest opening, the latest close, the longest
        time, the most attempts; 0 attempts is unlimited); else the quiz's own setting. Extra minutes
        and multiples apply to the limit that would apply without the override (the class's, else the quiz's).
        """
        overrides = quiz.overrides.filter(Q(learner=learner) | Q(klass__memberships__learner=learner)).distinct()
        return resolve_terms(quiz, learner.pk, list(overrides))


def _most_lenient(overrides: list[Override], base_limit: timedelta | None) -> dict:
    """The fields these overrides set, each at its most lenient value ({} when they set none)."""
    found: dict = {}
    opens = [o.opens_at for o in overrides if o.opens_at is not None]
    closes = [o.closes_at for o in overrides if o.closes_at is not None]
    limits = [limit for o in overrides if (limit := o.changed_time_limit(base_limit)) is not False]
    attempts = [o.attempts_allowed for o in overrides if o.attempts_allowed is not None]
    if opens:
        found["opens_at"] = min(opens)
    if closes:
        found["closes_at"] = max(closes)
    if limits:
        found["time_limit"] = max(limits)
    if attempts:
        found["attempts_allowed"] = 0 if 0 in attempts else max(attempts)
    return found


# --- Overrides resolved for many at once, and the deadlines they move -----------------------------


def resolve_terms(quiz: Quiz, learner_id: int, overrides: Iterable[Override]) -> QuizTerms:
    """What `Override.terms_for` gives, from overrides already loaded: `overrides` holds the learner's own
    and their classes' overrides of this quiz, so a page showing many quizzes or learners loads them at once."""
    own = [o for o in overrides if o.learner_id == learner_id]
    classes = [o for o in overrides if o.klass_id is not None]
    terms = {
        "opens_at": quiz.opens_at,
        "closes_at": quiz.closes_at,
        "time_limit": quiz.time_limit,
        "attempts_allowed": quiz.attempts_allowed,
    }
    for layer in (classes, own):
        terms.update(_most_lenient(layer, terms["time_limit"]))
    return QuizTerms(**terms, overrides=tuple(own + classes))


def terms_for_quizzes(quizzes: Iterable[Quiz], learner) -> dict[int, QuizTerms]:
    """Each quiz's terms for `learner` (by quiz id), from one query however many quizzes: the quiz list."""
    quizzes = list(quizzes)
    found: dict[int, list[Override]] = {quiz.pk: [] for quiz in quizzes}
    mine = Override.objects.filter(quiz__in=quizzes).filter(Q(learner=learner) | Q(klass__memberships__learner=learner))
    for override in mine.distinct():
        found[override.quiz_id].append(override)
    return {quiz.pk: resolve_terms(quiz, learner.pk, found[quiz.pk]) for quiz in quizzes}


def overrides_by_learner(quiz: Quiz, learner_ids: Iterable[int]) -> dict[int, list[Override]]:
    """The overrides of `quiz` that apply to each learner (their own first, then their classes'), in two queries."""
    learner_ids = set(learner_ids)
    overrides = list(quiz.overrides.select_related("klass"))
    for_class = {o.klass_id: o for o in overrides if o.klass_id is not None}
    found: dict[int, list[Override]] = {pk: [] for pk in learner_ids}
    for override in overrides:
        if override.learner_id in found:
            found[override.learner_id].append(override)
    members = Class.objects.filter(pk__in=for_class, memberships__learner_id__in=learner_ids)
    for learner_id, klass_id in members.order_by("pk").values_list("memberships__learner_id", "pk"):
        found[learner_id].append(for_class[klass_id])
    return found


def reschedule_attempts(override: Override) -> int:
    """Give the attempts under way of the learners `override` is for the deadline their terms now give
    (`QuizTerms.deadline` from when each started), so the server, the countdown and `finalize_attempts`
    honour a saved or deleted override at once. Returns how many deadlines moved.

    The attempts are locked first and the terms read after: of two overrides saved at once (a learner's
    and their class's), the second to lock reads the first's, so neither deadline is lost.
    """
    attempts = Attempt.objects.select_for_update().filter(quiz_id=override.quiz_id, submitted_at__isnull=True)
    if override.learner_id is not None:
        attempts = attempts.filter(learner_id=override.learner_id)
    else:
        members = Class.objects.filter(pk=override.klass_id).values("memberships__learner_id")
        attempts = attempts.filter(learner_id__in=members)
    attempts = list(attempts)
    overrides = overrides_by_learner(override.quiz, {a.learner_id for a in attempts})
    moved = []
    for attempt in attempts:
        deadline = resolve_terms(override.quiz, attempt.learner_id, overrides[attempt.learner_id]).deadline(
            attempt.started_at
        )
        if deadline != attempt.deadline:
            attempt.deadline = deadline
            moved.append(attempt)
    Attempt.objects.bulk_update(moved, ["deadline"])
    return len(moved)


def save_override(override: Override) -> int:
    """Store an override and move the deadlines it changes, and when results show, together; returns how
    many deadlines moved."""
    with transaction.atomic():
        override.save()
        moved = reschedule_attempts(override)
        override.quiz.refresh_overrides_close()  # after the attempts: every save locks in the same order
        return moved


def delete_override(override: Override) -> int:
    """Delete an override and give back the deadlines it had changed, and when results show, together;
    returns how many deadlines moved."""
    with transaction.atomic():
        override.delete()
        moved = reschedule_attempts(override)
        override.quiz.refresh_overrides_close()
        return moved
