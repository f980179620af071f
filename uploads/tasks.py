"""Imports run as background tasks (django-tasks; the django-tasks-db backend and its db_worker
in production, at once in the tests): the page that confirms returns at once and shows the
import's progress."""

from django_tasks import task

from uploads.models import Upload
from uploads.services import run_import


@task()
def import_upload(upload_id: int) -> None:
    run_import(Upload.objects.select_related("organisation", "uploaded_by").get(pk=upload_id))
