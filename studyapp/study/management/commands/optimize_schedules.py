"""`manage.py optimize_schedules`: enqueue a refit of FSRS parameters for each learner with enough new
history (run nightly by a timer; the task backend's worker does the fitting)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Count, F, Q
from django_tasks import TaskResultStatus

from studyapp.study.optimize import MIN_REVIEWS
from studyapp.study.tasks import optimize_learner_schedule

REFIT_AFTER = 200  # new reviews since the last fit


class Command(BaseCommand):
    help = "Fit each learner's FSRS parameters once they have enough reviews (and again after 200 more)."

    def add_arguments(self, parser):
        parser.add_argument("--user", help="only this username")
        parser.add_argument("--force", action="store_true", help="refit even without new reviews")

    def handle(self, *args, **options):
        users = get_user_model().objects.annotate(n_reviews=Count("reviews")).filter(n_reviews__gte=MIN_REVIEWS)
        if options["user"]:
            users = users.filter(username=options["user"])
        if not options["force"]:
            users = users.annotate(
                new_reviews=Count("reviews", filter=Q(reviews__reviewed_at__gt=F("study_settings__optimized_at")))
            ).filter(Q(study_settings__optimized_at__isnull=True) | Q(new_reviews__gte=REFIT_AFTER))
        done = queued = 0
        for user in users.order_by("pk"):
            result = optimize_learner_schedule.enqueue(user.pk)
            if not result.is_finished:
                queued += 1
                self.stdout.write(f"{user.username}: enqueued")
            elif result.status == TaskResultStatus.SUCCESSFUL:
                self.stdout.write(f"{user.username}: {result.return_value['message']}")
                done += result.return_value["ok"]
            else:
                self.stderr.write(f"{user.username}: the fit failed")
        if queued:
            self.stdout.write(self.style.SUCCESS(f"Enqueued {queued} learner(s)."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Optimized {done} learner(s)."))
