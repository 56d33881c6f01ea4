"""The question bank, quizzes built from it, and learners' attempts at them."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse

from studyapp.cards.models import Card
from studyapp.classes.models import Class
from studyapp.content.models import Topic
from studyapp.study.models import CardState

from . import grading

CENT = Decimal("0.01")


class Kind(models.TextChoices):
    SINGLE = "single", "Single choice"
    MULTIPLE = "multiple", "Multiple choice (select all that apply)"
    TRUE_FALSE = "true_false", "True / false"
    SHORT = "short", "Short answer"
    NUMERIC = "numeric", "Numeric"


CHOICE_KINDS = {Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE}


class QuestionQuerySet(models.QuerySet):
    def approved(self) -> QuestionQuerySet:
        return self.filter(status=Question.Status.APPROVED, topic__archived=False)

    def search(self, text: str) -> QuestionQuerySet:
        if not text:
            return self
        return self.filter(Q(text__icontains=text) | Q(explanation__icontains=text) | Q(options__text__icontains=text)).distinct()


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
    text = models.TextField(help_text="Markdown.")
    explanation = models.TextField(blank=True, help_text="Markdown, shown with the feedback.")
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
            models.UniqueConstraint(fields=["author", "source_key"], condition=~Q(source_key=""),
                                    name="one_generated_question_per_author_source"),
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
    instructions = models.TextField(blank=True, help_text="Markdown, shown before the learner starts.")
    shuffle_questions = models.BooleanField(default=False)
    shuffle_options = models.BooleanField(default=True)
    time_limit = models.DurationField(null=True, blank=True)
    attempts_allowed = models.PositiveSmallIntegerField(default=1, help_text="0 means unlimited.")
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

    def question_count(self) -> int:
        return sum(slot.random_count or 1 for slot in self.slots.all())

    def max_points(self) -> Decimal:
        return sum((slot.points * (slot.random_count or 1) for slot in self.slots.all()), Decimal(0))

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
        deadline = now + self.time_limit if self.time_limit else None
        if self.closes_at and (deadline is None or self.closes_at < deadline):
            deadline = self.closes_at
        drawn = self.draw(rng)
        attempt = Attempt.objects.create(
            quiz=self, learner=learner, number=(attempts[-1].number if attempts else 0) + 1, started_at=now,
            deadline=deadline, max_score=sum((points for _, points in drawn), Decimal(0)),
        )
        responses = []
        for position, (question, points) in enumerate(drawn, start=1):
            order = [o.pk for o in question.options.all()]
            if self.shuffle_options and question.kind != Kind.TRUE_FALSE:
                rng.shuffle(order)
            responses.append(Response(attempt=attempt, question=question, position=position, points=points,
                                      option_order=order))
        Response.objects.bulk_create(responses)
        return attempt

    def draw(self, rng: random.Random) -> list[tuple[Question, Decimal]]:
        """This attempt's questions: the fixed ones, plus each random slot's draw, never twice the same."""
        slots = list(self.slots.select_related("question").prefetch_related("random_topics"))
        used = {slot.question_id for slot in slots if slot.question_id}
        drawn: list[tuple[Question, Decimal]] = []
        for slot in slots:
            if slot.question_id:
                drawn.append((slot.question, slot.points))
                continue
            pool = list(Question.objects.approved().filter(topic__in=slot.random_topics.all())
                        .exclude(pk__in=used).values_list("pk", flat=True).order_by("pk"))
            picked = rng.sample(pool, min(slot.random_count or 0, len(pool)))
            used.update(picked)
            by_pk = Question.objects.in_bulk(picked)
            drawn.extend((by_pk[pk], slot.points) for pk in picked)
        if self.shuffle_questions:
            rng.shuffle(drawn)
        # Options in one query for all drawn questions.
        questions = Question.objects.prefetch_related("options").in_bulk([q.pk for q, _ in drawn])
        return [(questions[q.pk], points) for q, points in drawn]


class Slot(models.Model):
    """One place in a quiz: a chosen question, or N questions drawn at random from topics."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField(default=0)
    points = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(1),
                                 validators=[MinValueValidator(Decimal("0.01"))])
    question = models.ForeignKey(Question, null=True, blank=True, on_delete=models.PROTECT, related_name="slots")
    random_count = models.PositiveSmallIntegerField(null=True, blank=True)
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
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                related_name="quiz_attempts")
    # Set when the learner's account is deleted: the same for all their attempts, so a
    # deleted learner still counts once, by the quiz's attempt rule, in the statistics.
    anonymous_key = models.CharField(max_length=40, blank=True)
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    deadline = models.DateTimeField(null=True, blank=True, help_text="Server-side: answers after it are refused.")
    submitted_at = models.DateTimeField(null=True, blank=True)
    auto_submitted = models.BooleanField(default=False)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))

    objects = AttemptQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "learner", "number"], name="one_attempt_per_number"),
            models.UniqueConstraint(fields=["quiz", "learner"], condition=Q(submitted_at__isnull=True),
                                    name="one_open_attempt_per_learner"),
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

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    position = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=6, decimal_places=2)
    option_order = models.JSONField(default=list, help_text="Option ids in the order this learner sees them.")
    selected = models.JSONField(default=list, blank=True, help_text="Chosen option ids.")
    text = models.CharField(max_length=200, blank=True, help_text="A short or numeric answer as typed.")
    answered_at = models.DateTimeField(null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True, help_text="Checked (feedback after each question): locked.")
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
        """Store what the learner gave: option ids for choices (others ignored), text otherwise."""
        if self.question.kind in CHOICE_KINDS:
            valid = {o.pk for o in self.question.options.all()}
            chosen = [int(v) for v in values if v.isdigit() and int(v) in valid]
            self.selected = chosen[:1] if self.question.kind != Kind.MULTIPLE else sorted(set(chosen))
        else:
            self.text = (values[0] if values else "").strip()[:200]
        self.answered_at = now

    def grade(self) -> None:
        fraction = Decimal(str(self.question.fraction(self)))
        self.score = (self.points * fraction).quantize(CENT, rounding=ROUND_HALF_UP)
