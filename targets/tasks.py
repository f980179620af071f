"""Work that runs as a background task (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from targets.measuring import recompute_pace


@task()
def recompute_every_pace() -> int:
    """Measure every report again (after the thresholds change): minutes on a large database,
    so never inside the admin's request."""
    return recompute_pace()
