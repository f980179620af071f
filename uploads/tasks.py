"""Imports run as background tasks (django-tasks; the django-tasks-db backend and its db_worker
in production, at once in the tests): the page that confirms returns at once and shows the
import's progress."""

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

from django.conf import settings
from django.db import DatabaseError, connection, reset_queries
from django.utils import timezone
from django_tasks import task

from uploads.models import Upload, UploadState
from uploads.services import run_import, run_preview


@task()
def import_upload(upload_id: int) -> None:
    _run(upload_id, run_import, UploadState.IMPORTING, UploadState.FAILED)


@task()
def preview_upload(upload_id: int) -> None:
    _run(upload_id, run_preview, UploadState.PREVIEWING, UploadState.REFUSED)


def _run(upload_id: int, work: Callable[[Upload], None], running: str, stopped: str) -> None:
    """`work` on the upload while the worker marks it alive. Anything but a file's fault (a bug,
    the worker told to stop) leaves it `stopped` with why (an import's transaction was rolled
    back: it may be imported again), and fails the task."""
    upload = Upload.objects.select_related("organisation", "uploaded_by").get(pk=upload_id)
    with signs_of_life(upload_id):
        try:
            work(upload)
        except BaseException as error:
            Upload.objects.filter(pk=upload_id, state=running).update(
                state=stopped, reason=f"{type(error).__name__}: {error}"
            )
            raise
        finally:
            # A request's end forgets the queries DEBUG logged; a worker's tasks have no end of
            # their own, so its log would keep the last 9,000 of every import.
            reset_queries()


@contextmanager
def signs_of_life(upload_id: int) -> Iterator[None]:
    """While the import runs, a thread marks the upload alive (on a connection of its own); the
    pages take an import without sign of life for a while as stopped (uploads.services)."""
    stopping = threading.Event()

    def beat() -> None:
        try:
            while not stopping.wait(settings.UPLOAD_HEARTBEAT_SECONDS):
                # Refused when the import's own transaction held the row or the database too long.
                with suppress(DatabaseError):
                    Upload.objects.filter(pk=upload_id).update(alive_at=timezone.now())
        finally:
            connection.close()

    Upload.objects.filter(pk=upload_id).update(alive_at=timezone.now())
    beating = threading.Thread(target=beat, name=f"upload-{upload_id}-alive", daemon=True)
    beating.start()
    try:
        yield
    finally:
        stopping.set()
        beating.join()
