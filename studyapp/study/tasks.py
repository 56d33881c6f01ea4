"""Background tasks of study: fitting a learner's FSRS parameters (on request, and nightly)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils import timezone
from django_tasks import task

from studyapp.lib import background

from .models import optimize_schedule

OPTIMIZE_JOB = "optimize-schedule"


@task()
def optimize_learner_schedule(user_id: int) -> dict:
    """Fit one learner's parameters (see models.optimize_schedule); the outcome is shown on their settings page."""
    ok, message = optimize_schedule(get_user_model().objects.get(pk=user_id), timezone.now())
    return {"ok": ok, "message": message}


def request_optimization(request: HttpRequest) -> None:
    """Start fitting the learner's parameters unless a fit is already running, and say where it stands."""
    job = background.current(request, OPTIMIZE_JOB)
    if job is None or not job.running:
        job = background.start(request, OPTIMIZE_JOB, optimize_learner_schedule, request.user.pk)
    if job.running:
        messages.info(request, "Optimizing your schedule in the background: this page shows the result when done.")
    else:
        report_optimization(request)


def report_optimization(request: HttpRequest) -> background.Job | None:
    """The learner's fit while it runs; once finished, its outcome as a message (shown once) and None."""
    job = background.current(request, OPTIMIZE_JOB)
    if job is None or job.running:
        return job
    background.forget(request, OPTIMIZE_JOB)
    if job.failed:
        messages.error(request, "Your schedule could not be optimized. Please try again later.")
    else:
        (messages.success if job.value["ok"] else messages.warning)(request, job.value["message"])
    return None
