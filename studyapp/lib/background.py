"""Work a request hands to a background task (django-tasks) and later requests ask after.

A job is remembered in the user's session under a name, so whichever app server answers
next finds it; its outcome is read back from the task backend (the database backend keeps
results; the immediate backend has finished before `start` returns). Files a task makes go
to Django's default storage and are sent only through a view that has checked who asks.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.files import File
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django_tasks import TaskResultStatus, default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

SESSION_KEY = "background_jobs"
FINISHED = {TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED}


@dataclass(frozen=True)
class Job:
    """Where one background task stands, as the session remembers it."""

    result_id: str
    status: str
    value: Any = None  # the task's return value once it has succeeded

    @property
    def running(self) -> bool:
        return self.status not in FINISHED

    @property
    def succeeded(self) -> bool:
        return self.status == TaskResultStatus.SUCCESSFUL

    @property
    def failed(self) -> bool:
        return self.status == TaskResultStatus.FAILED

    @classmethod
    def of(cls, result) -> Job:
        value = result.return_value if result.status == TaskResultStatus.SUCCESSFUL else None
        return cls(str(result.id), str(result.status), value)


def _remember(request: HttpRequest, name: str, job: Job) -> None:
    jobs = request.session.get(SESSION_KEY, {})
    jobs[name] = {"id": job.result_id, "status": job.status, "value": job.value}
    request.session[SESSION_KEY] = jobs


def start(request: HttpRequest, name: str, task, *args) -> Job:
    """Enqueue `task(*args)` and remember it as the user's job `name` (replacing any earlier one)."""
    job = Job.of(task.enqueue(*args))
    _remember(request, name, job)
    return job


def current(request: HttpRequest, name: str) -> Job | None:
    """The user's job `name`, its status fetched from the backend while it runs; None if there is none
    (or the backend no longer knows it)."""
    entry = request.session.get(SESSION_KEY, {}).get(name)
    if entry is None:
        return None
    job = Job(entry["id"], entry["status"], entry["value"])
    if not job.running:
        return job
    try:
        job = Job.of(default_task_backend.get_result(job.result_id))
    except (TaskResultDoesNotExist, NotImplementedError):
        forget(request, name)
        return None
    _remember(request, name, job)
    return job


def forget(request: HttpRequest, name: str) -> None:
    jobs = request.session.get(SESSION_KEY, {})
    if jobs.pop(name, None) is not None:
        request.session[SESSION_KEY] = jobs


def save_file(path: str, chunks: Iterable[str | bytes]) -> str:
    """Write the chunks to storage at `path` (replacing the file there), through a temporary file so a
    large export never sits in memory; returns the stored name."""
    with tempfile.TemporaryFile() as spool:
        for chunk in chunks:
            spool.write(chunk.encode() if isinstance(chunk, str) else chunk)
        spool.seek(0)
        if default_storage.exists(path):
            default_storage.delete(path)
        return default_storage.save(path, File(spool, name=path))


def user_folder(user_pk: int) -> str:
    """Where one user's files live in storage (each named for its job, so a new export replaces the last)."""
    return f"exports/user-{user_pk}"


def delete_folder(folder: str) -> None:
    """Remove the files a user's tasks left in `folder` (for a deleted account)."""
    if not default_storage.exists(folder):
        return
    _folders, files = default_storage.listdir(folder)
    for name in files:
        default_storage.delete(f"{folder}/{name}")


@dataclass(frozen=True)
class Download:
    """A file a view offers: made in the request when small, by a background task when large."""

    job_name: str  # one per user and file, e.g. "my-data"
    filename: str  # what the browser saves it as
    content_type: str
    task: Any  # a django-tasks task whose arguments are `task_args` and which returns the stored name
    task_args: tuple
    title: str  # what the waiting page calls it


def offer_file(request: HttpRequest, download: Download, large: bool, now: Callable[[], HttpResponse]) -> HttpResponse:
    """Answer a download link: `now()` for a small file; for a large one, start the task and show a page
    that waits for it (htmx polls this same URL), then send the stored file on the next plain request.
    Sending it forgets the job, so the link after that makes a fresh export."""
    if not large:
        return now()
    job = current(request, download.job_name)
    if job is not None and job.succeeded and not default_storage.exists(job.value):
        forget(request, download.job_name)  # removed since (or written where this server cannot see)
        job = None
    if not request.htmx and (job is None or job.failed):
        job = start(request, download.job_name, download.task, *download.task_args)
    if job is not None and job.succeeded and not request.htmx:
        forget(request, download.job_name)
        return FileResponse(
            default_storage.open(job.value, "rb"),
            as_attachment=True,
            filename=download.filename,
            content_type=download.content_type,
        )
    template = "background_file.html#status" if request.htmx else "background_file.html"
    return render(request, template, {"job": job, "download": download, "url": request.get_full_path()})
