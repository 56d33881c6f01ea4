"""Background tasks of progress: a large "My data" export, written to storage."""

from django.contrib.auth import get_user_model
from django_tasks import task

from studyapp.lib import background

from .my_data import export_chunks, export_path


@task()
def export_my_data(user_id: int) -> str:
    """Write the learner's export to storage; returns the stored name."""
    user = get_user_model().objects.get(pk=user_id)
    return background.save_file(export_path(user), export_chunks(user))
