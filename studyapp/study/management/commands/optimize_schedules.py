"""`manage.py optimize_schedules`: refit FSRS parameters for learners with enough new history (for cron)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db.models import Count, F, Q
from django.utils import timezone

from studyapp.study.models import optimize_schedule
from studyapp.study.optimize import MIN_REVIEWS

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
        done = 0
        for user in users.order_by("pk"):
            ok, message = optimize_schedule(user, timezone.now())
            self.stdout.write(f"{user.username}: {message}")
            done += ok
        self.stdout.write(self.style.SUCCESS(f"Optimized {done} learner(s)."))
