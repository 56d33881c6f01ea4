"""The question bank, quizzes built from it, and learners' attempts at them."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse

from studyapp.cards.models import Card
from studyapp.classes.models import Class
from studyapp.content.models import Topic, TopicQuerySet
from studyapp.study.models import CardState

from . import grading
from .draws import Draw, draw_order, plan_draws, room_for

CENT = Decimal("0.01")
# Bounds of what instructors type; the forms take them from the model fields' validators.
MAX_POINTS = Decimal(1000)  # one question's points
MAX_DRAW = 50  # questions one random slot draws
MAX_ATTEMPTS = 100  # attempts allowed (0: unlimited)


class Kind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice (select all that apply)"
    TRUE_FALSE = "true_false", "True / false"
    SHORT = "short", "Short answer"
    NUMERIC = "numeric", "Numeric"


CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user) -> QuestionQuerySet:
        """Questions on the topics `user` may see (`Topic.objects.visible_to`): the bank and its pickers."""
        return self.filter(topic__in=Topic.objects.visible_to(user))

    def approved(self) -> QuestionQuerySet:
        return self.filter(status=Question.Status.APPROVED, topic__archived=False)

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

    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="quiz_questions")
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["topic__order", "id"]
        constraints = [
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

    def note_url(self) -> str:
        url = reverse("content:topic", args=[self.topic.slug])
        return f"{url}#{self.anchor}" if self.anchor else url

    def get_absolute_url(self) -> str:
        return reverse("quizzes:question", args=[self.pk])

    def editable_by(self, user) -> bool:
        return self.author_id == user.pk

    def fraction(self, response: Response) -> float:
        """How much of the question's points this response earns (0–1)."""
        if self.kind in CHOICE_KINDS:
            correct = [o.pk for o in self.options.all() if o.is_correct]
            return grading.grade_choice(response.selected, correct, select_all=self.kind == Kind.MULTIPLE)
        if self.kind == Kind.SHORT:
            return grading.grade_short(response.text, self.accepted_answers)
        return grading.grade_numeric(response.text, self.numeric_answer, self.tolerance)

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
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


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


class QuizQuerySet(models.QuerySet):
    def owned_by(self, user) -> QuizQuerySet:
        return self.filter(instructor=user)

    def assigned_to(self, user) -> QuizQuerySet:
        """Published quizzes of the classes this learner is in."""
        classes = Class.objects.joined_by(user)
        return self.filter(published_at__isnull=False, classes__in=classes).distinct()


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
    pass_mark = models.PositiveSmallIntegerField(default=50, validators=[MaxValueValidator(100)], help_text="Percent.")
    feedback = models.CharField(max_length=10, choices=Feedback.choices, default=Feedback.SUBMIT)
    published_at = models.DateTimeField(null=True, blank=True)
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

    def feedback_shown(self, attempt: Attempt, now: datetime) -> bool:
        """Whether a finished attempt may show scores, right answers and explanations."""
        if not attempt.is_finished:
            return False
        return self.feedback != Feedback.CLOSE or self.is_closed(now)

    def usable_topics(self, class_ids: Iterable[int] | None = None) -> TopicQuerySet:
        """The topics this quiz may use: what every member of its classes sees (the site topics, and
        topics shared with each of the classes). Pass `class_ids` to ask about other classes."""
        if class_ids is None:
            class_ids = self.classes.values_list("pk", flat=True)
        return Topic.objects.usable_by_classes(class_ids)

    def unusable_topics(self, class_ids: Iterable[int] | None = None) -> list[Topic]:
        """The topics of this quiz's questions and draws that some member of its classes (or of
        `class_ids`) cannot see: the builder offers none, but a topic may be unshared later."""
        class_ids = list(self.classes.values_list("pk", flat=True) if class_ids is None else class_ids)
        if not class_ids:
            return []  # nobody takes it
        fixed = Question.objects.filter(slots__quiz=self).values("topic_id")
        drawn = Slot.random_topics.through.objects.filter(slot__quiz=self).values("topic_id")
        return list(
            Topic.objects.filter(Q(pk__in=fixed) | Q(pk__in=drawn)).exclude(
                pk__in=self.usable_topics(class_ids).values("pk")
            )
        )

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

    def plan(self, slots: Iterable[Slot] | None = None) -> QuizPlan:
        """What every attempt gets from each slot: a random slot draws only what its pool can give.

        Pass the slots (with `random_topics` prefetched) when they are already loaded.
        """
        slots = list(self.slots.prefetch_related("random_topics") if slots is None else slots)
        draws = iter(self._random_draws(slots))
        rows = [SlotPlan(slot, 1, None) if slot.question_id else SlotPlan(slot, 0, next(draws)) for slot in slots]
        randoms = [row for row in rows if row.draw is not None]
        for row, count in zip(randoms, plan_draws([row.draw for row in randoms])):
            row.count = count
        return QuizPlan(rows)

    def room_for_draw(self, topics: Iterable[Topic]) -> tuple[int, int]:
        """(approved questions in these topics, how many a new random slot may draw from them
        without leaving any other slot of the quiz short)."""
        topic_ids = {topic.pk for topic in topics}
        *draws, new = self._random_draws(list(self.slots.prefetch_related("random_topics")), topic_ids)
        approved = Question.objects.approved().filter(topic__in=topic_ids).count()
        return approved, room_for(draws, new.pool, MAX_DRAW)

    @staticmethod
    def _random_draws(slots: list[Slot], more_topics: set[int] | None = None) -> list[Draw]:
        """The random slots' draws in slot order (and one from `more_topics`), their pools read in one query.

        A pool leaves out the quiz's fixed questions: an attempt never shows a question twice.
        """
        fixed = {slot.question_id for slot in slots if slot.question_id}
        wanted = [
            (slot.random_count or 0, {t.pk for t in slot.random_topics.all()}) for slot in slots if not slot.question_id
        ]
        if more_topics is not None:
            wanted.append((0, more_topics))
        by_topic: dict[int, set[int]] = {}
        all_topics = set().union(*(topic_ids for _, topic_ids in wanted))
        if all_topics:
            for pk, topic_id in Question.objects.approved().filter(topic__in=all_topics).values_list("pk", "topic_id"):
                by_topic.setdefault(topic_id, set()).add(pk)
        return [
            Draw(count, frozenset().union(*(by_topic.get(t, ()) for t in topic_ids)) - fixed)
            for count, topic_ids in wanted
        ]

    def start_attempt(self, learner, now: datetime, rng: random.Random | None = None) -> Attempt:
        """Resume the open attempt or start the next one, within the attempt limit.

        Two starts racing (two tabs, a double click) cannot exceed the limit: the
        unique (quiz, learner, number) and the one-open-attempt constraints make
        the loser's insert fail, and it then resumes the winner's attempt.
        """
        try:
            with transaction.atomic():
                return self._start_attempt(learner, now, rng or random.Random())
        except IntegrityError:
            attempt = self.attempts.filter(learner=learner, submitted_at__isnull=True).first()
            if attempt is None:
                raise AttemptRefused("You have used all your attempts at this quiz.") from None
            return attempt

    def _start_attempt(self, learner, now: datetime, rng: random.Random) -> Attempt:
        attempts = list(self.attempts.select_for_update().filter(learner=learner).order_by("number"))
        open_attempt = next((a for a in attempts if not a.is_finished), None)
        if open_attempt:
            return open_attempt
        if not self.is_published:
            raise AttemptRefused("This quiz is not published yet.")
        if not self.is_open(now):
            raise AttemptRefused("This quiz is closed." if self.is_closed(now) else "This quiz is not open yet.")
        if self.attempts_allowed and len(attempts) >= self.attempts_allowed:
            raise AttemptRefused("You have used all your attempts at this quiz.")
        if self.unusable_topics():
            # A topic unshared from the class since: its learners must not be quizzed on it.
            raise AttemptRefused(
                "This quiz uses notes that are no longer shared with your class. Ask your instructor to update it."
            )
        deadline = now + self.time_limit if self.time_limit else None
        if self.closes_at and (deadline is None or self.closes_at < deadline):
            deadline = self.closes_at
        plan = self.plan(self.slots.select_related("question").prefetch_related("random_topics"))
        drawn = self.draw(rng, plan)
        attempt = Attempt.objects.create(
            quiz=self,
            learner=learner,
            number=(attempts[-1].number if attempts else 0) + 1,
            started_at=now,
            deadline=deadline,
            max_score=sum((points for _, points in drawn), Decimal(0)),
            missing_questions=plan.missing,
        )
        responses = []
        for position, (question, points) in enumerate(drawn, start=1):
            order = [o.pk for o in question.options.all()]
            if self.shuffle_options and question.kind != Kind.TRUE_FALSE:
                rng.shuffle(order)
            responses.append(
                Response(attempt=attempt, question=question, position=position, points=points, option_order=order)
            )
        Response.objects.bulk_create(responses)
        return attempt

    def draw(self, rng: random.Random, plan: QuizPlan | None = None) -> list[tuple[Question, Decimal]]:
        """This attempt's questions: the fixed ones, plus each random slot's planned draw, never twice the same."""
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
        # Questions and their options in two queries, however many slots.
        questions = Question.objects.prefetch_related("options").in_bulk([pk for pk, _ in order])
        return [(questions[pk], points) for pk, points in order]


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


class AttemptQuerySet(models.QuerySet):
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
    # Questions its random slots could not draw (their topics had too few approved questions left).
    missing_questions = models.PositiveSmallIntegerField(default=0)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "learner", "number"], name="one_attempt_per_number"),
            models.UniqueConstraint(
                fields=["quiz", "learner"], condition=Q(submitted_at__isnull=True), name="one_open_attempt_per_learner"
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
        return None if self.deadline is None else max(0, int((self.deadline - now).total_seconds()))

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
            if self.learner_id and wrong_cards:
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
        options = {o.pk: o for o in self.question.options.all()}
        ordered = [options.pop(pk) for pk in self.option_order if pk in options]
        return ordered + list(options.values())  # an option added after the attempt started

    def set_answer(self, values: list[str], now: datetime) -> None:
        """Store what the learner gave: option ids for choices (others ignored), text otherwise.

        A text longer than the field is refused whole (AnswerRefused), never cut:
        a cut answer would be graded as something the learner did not write.
        """
        if self.question.kind in CHOICE_KINDS:
            valid = {o.pk for o in self.question.options.all()}
            chosen = [pk for pk in map(parse_id, values) if pk in valid]
            self.selected = chosen[:1] if self.question.kind != Kind.MULTIPLE else sorted(set(chosen))
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
