"""`manage.py finalize_attempts`: enqueue the task that submits attempts past their deadline (run by a timer)."""

from django.core.management.base import BaseCommand

from studyapp.quizzes.tasks import finalize_expired_attempts


class Command(BaseCommand):
    help = "Enqueue submitting every quiz attempt past its deadline, with the answers saved so far."

    def handle(self, *args, **options):
        result = finalize_expired_attempts.enqueue()
        if not result.is_finished:
            self.stdout.write(f"Enqueued finalizing expired attempts (task {result.id}).")
            return
        count = result.return_value
        self.stdout.write(f"Finalized {count} attempt{'s' if count != 1 else ''}.")
