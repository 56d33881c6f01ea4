"""Background tasks of quizzes: submitting attempts whose deadline has passed.

Pages that read an attempt finalize it lazily too; this task catches the attempts nobody opens.
"""

from django.utils import timezone
from django_tasks import task

from .models import Attempt


@task()
def finalize_expired_attempts() -> int:
    """Submit every attempt past its deadline with its saved answers; returns how many."""
    return Attempt.objects.finalize_expired(timezone.now())
