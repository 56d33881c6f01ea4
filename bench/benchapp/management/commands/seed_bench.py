r"""`manage.py seed_bench`: benchmark data — learners with simulated FSRS histories, bulk inserted.

    python manage.py seed_bench --settings bench.settings \
        --learners 50 --cards-per-learner 100 --reviews-per-learner 1000

A command of the bench app, so only the bench settings know it (bench/run.py uses them).

Each learner studies the first N cards in note order (real cards first, then
synthetic ones in a "bench" topic when N is larger than the real count), with
a history simulated by py-fsrs (bench/history.py). Histories end between 1
and 28 days ago (learners back from breaks of every length), so every learner
has a backlog of reviews due today, and --unstarted-cards (200) new cards
beyond the studied ones, of which learners take up to 50 a day. That is
enough work for 32 of them to answer through a whole benchmark run. Also: instructors,
each with a class of learners, and a published quiz assigned to those
classes (the class-view and quiz-save scenarios). All accounts share one
password (one hash, computed once).

Idempotent: a database already seeded with these sizes is left as it is; one
seeded with other sizes is refused (keep one database per size). Reviews and
card states go in with plain multi-row inserts (SQLite) or COPY (PostgreSQL),
not through model instances, so 100,000 reviews take seconds.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from bench.history import BASE, History, simulate
from studyapp.accounts.models import Profile
from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.cards.models import Card
from studyapp.classes.models import Class, Membership
from studyapp.content.models import Topic
from studyapp.quizzes.models import Feedback, Option, Question, Quiz, Slot
from studyapp.study.models import CardState, ReviewLog, StudySettings
from studyapp.study.scheduling import learner_day

PASSWORD = "bench-password"
LEARNER = "bench-{:05d}"
NEW_LEARNER = "bench-new-{:05d}"  # accounts with no history at all: the study loop of someone starting out
INSTRUCTOR = "bench-teacher-{:03d}"
SYNTHETIC_TOPIC = "bench-synthetic"
MARKER = "bench seeded {}"
QUIZ_TITLE = "Bench quiz"
QUIZ_QUESTIONS = 10
BATCH = 20_000
AWAY_DAYS = 28  # histories end 1 to 28 days before today
NEW_CARDS_PER_DAY = 50  # keen learners: with the backlog, enough answers for a whole run (the default is 20)

REVIEW_COLUMNS = (
    "user_id",
    "card_id",
    "rating",
    "reviewed_at",
    "day",
    "duration_ms",
    "state_before",
    "kind_before",
    "interval_before_days",
    "state_after",
    "interval_days",
    "version_before",
    "shown_at",
)
STATE_COLUMNS = (
    "user_id",
    "card_id",
    "state",
    "step",
    "stability",
    "difficulty",
    "due",
    "last_review",
    "reps",
    "lapses",
    "suspended",
    "buried_until",
    "version",
)


def spec_name(learners: int, cards: int, reviews: int) -> str:
    return f"l{learners}-c{cards}-r{reviews}"


class Command(BaseCommand):
    help = "Seed benchmark learners with simulated review histories (bulk inserts; safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, required=True)
        parser.add_argument("--cards-per-learner", type=int, required=True)
        parser.add_argument("--reviews-per-learner", type=int, required=True)
        parser.add_argument(
            "--unstarted-cards",
            type=int,
            default=200,
            help="Cards beyond each learner's studied ones, left new (synthetic where the notes run out).",
        )
        parser.add_argument("--instructors", type=int, default=32, help="Each with one class (class-view scenario).")
        parser.add_argument("--new-learners", type=int, default=48, help="Learners with no history (study-loop-new).")
        parser.add_argument("--class-size", type=int, default=50)
        parser.add_argument(
            "--distinct-histories",
            type=int,
            default=1000,
            help="Simulate at most this many histories; further learners reuse them (100x size).",
        )
        parser.add_argument("--processes", type=int, default=2)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **o):
        learners, cards, reviews = o["learners"], o["cards_per_learner"], o["reviews_per_learner"]
        if min(learners, cards, reviews) < 1:
            raise CommandError("--learners, --cards-per-learner and --reviews-per-learner must be at least 1.")
        spec = spec_name(learners, cards, reviews)
        marker = MARKER.format(spec)
        if Group.objects.filter(name=marker).exists():
            self.stdout.write(f"Already seeded ({spec}); nothing to do.")
            return
        if (
            Group.objects.filter(name__startswith=MARKER.format("")).exists()
            or User.objects.filter(username__startswith="bench-").exists()
        ):
            raise CommandError("This database holds other (or half-made) bench data: seed a fresh database per size.")
        started = time.perf_counter()
        if not Topic.objects.exists():
            call_command("import_content", stdout=self.stdout)
        card_ids = self._cards(cards + o["unstarted_cards"])[:cards]
        today = learner_day(timezone.now(), UTC, 4)
        distinct = min(learners, o["distinct_histories"])
        jobs = [(len(card_ids), reviews, o["seed"] + i) for i in range(distinct)]
        if o["processes"] > 1:
            with ProcessPoolExecutor(max_workers=o["processes"]) as pool:
                histories = list(pool.map(_simulate, jobs, chunksize=8))
        else:
            histories = [_simulate(job) for job in jobs]
        simulated = time.perf_counter()
        self.stdout.write(f"Simulated {distinct} histories in {simulated - started:.1f} s.")
        adapt = _Adapter()
        rows = [
            _history_rows(history, card_ids, today, 1 + n % AWAY_DAYS, adapt) for n, history in enumerate(histories)
        ]
        with transaction.atomic():
            users = self._users(learners, o["instructors"], o["new_learners"])
            learner_ids, instructor_ids = users[:learners], users[learners : learners + o["instructors"]]
            n_reviews = n_states = 0
            review_batch, state_batch = [], []
            for i, user_id in enumerate(learner_ids):
                review_rows, state_rows = rows[i % distinct]
                review_batch += [(user_id, *row) for row in review_rows]
                state_batch += [(user_id, *row) for row in state_rows]
                if len(review_batch) >= BATCH or i == len(learner_ids) - 1:
                    n_reviews += _insert(ReviewLog._meta.db_table, REVIEW_COLUMNS, review_batch)
                    n_states += _insert(CardState._meta.db_table, STATE_COLUMNS, state_batch)
                    review_batch, state_batch = [], []
            self._classes_and_quiz(learner_ids, instructor_ids, o["class_size"])
            Group.objects.create(name=marker)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {spec}: {learners} learners, {len(instructor_ids)} instructors, {n_reviews:,} reviews, "
                f"{n_states:,} card states in {elapsed:.1f} s (insert {time.perf_counter() - simulated:.1f} s). "
                f"Password of every bench account: {PASSWORD}"
            )
        )

    def _cards(self, wanted: int) -> list[int]:
        """Card ids in note order (the order new cards are introduced); synthetic ones added if needed."""
        ids = list(Card.objects.active().order_by("topic__order", "position", "id").values_list("id", flat=True))
        missing = wanted - len(ids)
        if missing > 0:
            topic, _ = Topic.objects.get_or_create(
                slug=SYNTHETIC_TOPIC,
                defaults={
                    "title": "Bench synthetic cards",
                    "short_title": "Bench",
                    "summary": "Made by seed_bench.",
                    "order": 10_000,
                    "source_file": "",
                    "source_hash": "",
                    "body": "",
                    "html": "",
                    "outline": {"sections": []},
                },
            )
            Card.objects.bulk_create(
                [
                    Card(
                        key=f"{SYNTHETIC_TOPIC}/{n}",
                        fact_key=f"{SYNTHETIC_TOPIC}/{n}",
                        topic=topic,
                        kind="fact",
                        front=f"Synthetic question {n}?",
                        back=f"Synthetic answer {n}.",
                        section="Bench",
                        position=n,
                    )
                    for n in range(missing)
                ],
                batch_size=2000,
            )
            ids = list(Card.objects.active().order_by("topic__order", "position", "id").values_list("id", flat=True))
        return ids[:wanted]

    def _users(self, learners: int, instructors: int, new_learners: int) -> list[int]:
        """Learners, instructors, then learners with no history; their ids in that order."""
        password = make_password(PASSWORD)  # one hash for everyone: a hash costs a fifth of a second
        joined = timezone.now() - timedelta(days=400)
        names = (
            [LEARNER.format(n) for n in range(learners)]
            + [INSTRUCTOR.format(n) for n in range(instructors)]
            + [NEW_LEARNER.format(n) for n in range(new_learners)]
        )
        User.objects.bulk_create(
            [User(username=name, password=password, date_joined=joined, email=f"{name}@example.com") for name in names],
            batch_size=2000,
        )
        ids = dict(User.objects.filter(username__in=names).values_list("username", "id"))
        user_ids = [ids[name] for name in names]
        # bulk_create sends no post_save signal, so profiles and study settings are made here too.
        Profile.objects.bulk_create([Profile(user_id=uid, time_zone="UTC") for uid in user_ids], batch_size=2000)
        StudySettings.objects.bulk_create(
            [StudySettings(user_id=uid, new_cards_per_day=NEW_CARDS_PER_DAY) for uid in user_ids[:learners]]
            + [StudySettings(user_id=uid) for uid in user_ids[learners : learners + instructors]]
            + [
                StudySettings(user_id=uid, new_cards_per_day=NEW_CARDS_PER_DAY)
                for uid in user_ids[learners + instructors :]
            ],
            batch_size=2000,
        )
        group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
        group.user_set.add(*user_ids[learners : learners + instructors])
        return user_ids

    def _classes_and_quiz(self, learner_ids: list[int], instructor_ids: list[int], class_size: int) -> None:
        """Instructor n teaches a class of `class_size` learners starting at learner n × class_size (wrapping)."""
        if not instructor_ids:
            return
        classes = Class.objects.bulk_create(
            [
                Class(name=f"Bench class {n}", instructor_id=uid, join_code=f"BENCH{n:03d}")
                for n, uid in enumerate(instructor_ids)
            ]
        )
        size = min(class_size, len(learner_ids))
        memberships = {
            (klass.pk, learner_ids[(n * size + k) % len(learner_ids)])
            for n, klass in enumerate(classes)
            for k in range(size)
        }
        Membership.objects.bulk_create(
            [Membership(klass_id=k, learner_id=lid) for k, lid in sorted(memberships)], batch_size=5000
        )
        # A published quiz for every class: ten single-choice questions, unlimited attempts, no time limit.
        author = instructor_ids[0]
        topic = Topic.objects.visible().order_by("order").first()
        quiz = Quiz.objects.create(
            instructor_id=author,
            title=QUIZ_TITLE,
            attempts_allowed=0,
            feedback=Feedback.SUBMIT,
            published_at=timezone.now(),
        )
        for n in range(QUIZ_QUESTIONS):
            question = Question.objects.create(
                topic=topic, kind="single", author_id=author, text=f"Bench question {n + 1}: which option is right?"
            )
            Option.objects.bulk_create(
                [Option(question=question, text=f"Option {c}", is_correct=c == 0, position=c) for c in range(4)]
            )
            Slot.objects.create(quiz=quiz, question=question, position=n + 1)
        quiz.classes.add(*classes)


def _simulate(args) -> History:
    return simulate(*args)


class _Adapter:
    """Python values to what the database takes in a plain INSERT or COPY."""

    def __init__(self):
        self.sqlite = connection.vendor == "sqlite"

    def dt(self, value):
        return connection.ops.adapt_datetimefield_value(value) if value is not None else None

    def date(self, value):
        return connection.ops.adapt_datefield_value(value)

    def json(self, value):
        return None if value is None else json.dumps(value)

    def bool(self, value: bool):
        return int(value) if self.sqlite else value


def _history_rows(
    history: History, card_ids: list[int], today: date, away_days: int, adapt: _Adapter
) -> tuple[list, list]:
    """The history's rows without user_id, shifted so that its last study day is `away_days` ago at the latest."""
    shift = timedelta(days=(today - BASE.date()).days - history.days - (away_days - 1))

    def moved(snapshot: dict | None) -> dict | None:
        if snapshot is None:
            return None
        return {
            **snapshot,
            "due": (snapshot["due"] + shift).isoformat(),
            "last_review": (snapshot["last_review"] + shift).isoformat() if snapshot["last_review"] else None,
        }

    reviews = []
    for r in history.reviews:
        at = r.reviewed_at + shift
        reviews.append(
            (
                card_ids[r.card_index],
                r.rating,
                adapt.dt(at),
                adapt.date(learner_day(at, UTC, 4)),
                r.duration_ms,
                adapt.json(moved(r.before)),
                r.kind_before,
                r.interval_before_days,
                adapt.json(moved(r.after)),
                r.interval_days,
                r.version_before,
                adapt.dt(at - timedelta(milliseconds=r.duration_ms)),
            )
        )
    states = []
    for index, m in sorted(history.memories.items()):
        c = m.card
        states.append(
            (
                card_ids[index],
                int(c.state),
                c.step,
                c.stability,
                c.difficulty,
                adapt.dt(c.due + shift),
                adapt.dt(c.last_review + shift),
                m.reps,
                m.lapses,
                adapt.bool(False),
                None,
                m.version,
            )
        )
    return reviews, states


def _insert(table: str, columns: tuple[str, ...], rows: list[tuple]) -> int:
    if not rows:
        return 0
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Multi-row VALUES, as many rows a statement as SQLite's variable limit allows.
            per = max(1, (connection.features.max_query_params or 999) // len(columns))
            one = "(" + ", ".join(["%s"] * len(columns)) + ")"
            for start in range(0, len(rows), per):
                chunk = rows[start : start + per]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(chunk)),
                    [value for row in chunk for value in row],
                )
    return len(rows)
