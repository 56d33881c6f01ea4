"""`manage.py seed_demo`: demo accounts (idempotent), printed with their password."""

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from studyapp.accounts.roles import INSTRUCTORS_GROUP
from studyapp.progress.demo import seed_history
from studyapp.quizzes.demo import seed_quizzes

DEFAULT_PASSWORD = "study-serverless"
INSTRUCTOR = ("instructor", "Ines", "Instructor", "Europe/Berlin")
LEARNERS = [
    ("learner", "Lee", "Learner", "Europe/London"),
    ("maya", "Maya", "Patel", "Asia/Kolkata"),
    ("omar", "Omar", "Haddad", "America/New_York"),
    ("sofia", "Sofia", "Rossi", "Europe/Rome"),
]


class Command(BaseCommand):
    help = "Create the demo instructor and learners with some study history (safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD)

    @transaction.atomic
    def handle(self, *args, **options):
        password = options["password"]
        instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
        instructor = self._user(*INSTRUCTOR, password=password)
        instructor.groups.add(instructors)
        learners = [self._user(*row, password=password) for row in LEARNERS]
        seed_history(learners, timezone.now(), self.stdout)
        seed_quizzes(instructor, learners, self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo accounts (username / password):"))
        for username, *_ in [INSTRUCTOR, *LEARNERS]:
            role = "instructor" if username == INSTRUCTOR[0] else "learner"
            self.stdout.write(f"  {username:<11} / {password}   ({role})")

    def _user(self, username, first, last, zone, *, password) -> User:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.com"}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.save()
        if user.profile.time_zone != zone:
            user.profile.time_zone = zone
            user.profile.save(update_fields=["time_zone"])
        return user
