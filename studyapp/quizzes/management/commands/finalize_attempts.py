"""`manage.py finalize_attempts`: submit attempts whose deadline has passed (run from cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from studyapp.quizzes.models import Attempt


class Command(BaseCommand):
    help = "Submit every quiz attempt past its deadline, with the answers saved so far."

    def handle(self, *args, **options):
        count = Attempt.objects.finalize_expired(timezone.now())
        self.stdout.write(f"Finalized {count} attempt{'s' if count != 1 else ''}.")
