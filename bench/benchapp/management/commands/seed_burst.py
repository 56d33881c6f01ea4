r"""`manage.py seed_burst --learners N`: the exam-day burst's data, with every learner already logged in.

    python manage.py seed_burst --settings bench.settings --learners 1000 --sessions sessions.json

One instructor, one class of N learners (`burst-00000`…), and a published, timed quiz of
16 single-choice questions assigned to it (one attempt, 30 minutes, feedback after
submitting), as a school sets up an exam. Each learner gets a session written straight
into the session store (as logging in would leave it) and a CSRF secret; both are saved
to `--sessions` as cookies, so the burst starts with learners who are logged in already,
as they are at 9:00 sharp. Run on a freshly migrated database with the content imported.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from studyapp.accounts.models import Profile
from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.classes.models import Class, Membership
from studyapp.content.models import Topic
from studyapp.quizzes.models import Feedback, Option, Question, Quiz, Slot
from studyapp.study.models import StudySettings

LEARNER = "burst-{:05d}"
INSTRUCTOR = "burst-teacher"
QUIZ_TITLE = "Exam-day quiz"
QUESTIONS = 16
OPTIONS = 4
TIME_LIMIT = timedelta(minutes=30)
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"  # the backend that logs learners in (axes only guards it)


class Command(BaseCommand):
    help = "Seed the exam-day burst: N learners in one class, a timed 16-question quiz, and logged-in sessions."

    def add_arguments(self, parser):
        parser.add_argument("--learners", type=int, required=True)
        parser.add_argument("--sessions", type=Path, required=True, help="Where to write each learner's cookies.")

    def handle(self, *args, learners: int, sessions: Path, **options):
        if Quiz.objects.filter(title=QUIZ_TITLE).exists():
            raise CommandError("This database already has the burst seeded: start from a fresh one.")
        topic = Topic.objects.visible().order_by("order").first()
        if topic is None:
            raise CommandError("Import the content first (manage.py import_content).")
        with transaction.atomic():
            instructor, learner_ids = self._people(learners)
            quiz = self._quiz(instructor, topic)
            klass = Class.objects.create(name="Exam-day class", instructor=instructor, join_code="BURST001")
            Membership.objects.bulk_create([Membership(klass=klass, learner_id=uid) for uid in learner_ids])
            quiz.classes.add(klass)
        cookies = self._sessions(learner_ids)
        sessions.write_text(json.dumps({"quiz": quiz.pk, "cookies": cookies}))
        self.stdout.write(f"Seeded {learners} learners and quiz {quiz.pk}; sessions in {sessions}.")

    @staticmethod
    def _people(learners: int) -> tuple[User, list[int]]:
        password = make_password(secrets.token_urlsafe(16))  # nobody logs in with it: the sessions exist already
        names = [LEARNER.format(n) for n in range(learners)]
        User.objects.bulk_create([User(username=name, password=password) for name in names], batch_size=2000)
        ids = list(User.objects.filter(username__in=names).order_by("username").values_list("id", flat=True))
        # bulk_create sends no post_save signal: the profile and study settings a new account gets.
        Profile.objects.bulk_create([Profile(user_id=uid, time_zone="UTC") for uid in ids], batch_size=2000)
        StudySettings.objects.bulk_create([StudySettings(user_id=uid) for uid in ids], batch_size=2000)
        instructor = User.objects.create_user(INSTRUCTOR, password=secrets.token_urlsafe(16))
        Group.objects.get_or_create(name=INSTRUCTORS_GROUP)[0].user_set.add(instructor)
        return instructor, ids

    @staticmethod
    def _quiz(instructor: User, topic: Topic) -> Quiz:
        quiz = Quiz.objects.create(
            instructor=instructor,
            title=QUIZ_TITLE,
            attempts_allowed=1,
            time_limit=TIME_LIMIT,
            feedback=Feedback.SUBMIT,
            shuffle_options=True,
            published_at=timezone.now(),
        )
        for n in range(QUESTIONS):
            question = Question.objects.create(
                topic=topic, kind="single", author=instructor, text=f"Exam question {n + 1}: which option is right?"
            )
            Option.objects.bulk_create(
                [Option(question=question, text=f"Option {c}", is_correct=c == 0, position=c) for c in range(OPTIONS)]
            )
            Slot.objects.create(quiz=quiz, question=question, position=n + 1)
        return quiz

    @staticmethod
    def _sessions(learner_ids: list[int]) -> dict[str, dict[str, str]]:
        """A session per learner, as `django.contrib.auth.login` leaves it, through the configured session engine."""
        store = import_module(settings.SESSION_ENGINE).SessionStore
        users = User.objects.in_bulk(learner_ids)
        cookies = {}
        for uid in learner_ids:
            user = users[uid]
            session = store()
            session[SESSION_KEY] = str(uid)
            session[BACKEND_SESSION_KEY] = MODEL_BACKEND
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            cookies[user.username] = {
                settings.SESSION_COOKIE_NAME: session.session_key,
                settings.CSRF_COOKIE_NAME: secrets.token_hex(
                    16
                ),  # a CSRF secret (32 characters), sent back as the header
            }
        return cookies
