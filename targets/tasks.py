"""Work that runs as a background task (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from targets import open_data
from targets.measuring import recompute_pace
from targets.models import Organisation


@task()
def recompute_every_pace() -> int:
    """Measure every report again (after the thresholds change): minutes on a large database,
    so never inside the admin's request."""
    return recompute_pace()


@task()
def build_open_data(organisation_id: int) -> int | None:
    """Build the organisation's open-data files (queued once a change to its data commits): the
    number of their build's data version, or None when the newest build is still current."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()  # None: deleted since
    built = open_data.build(organisation) if organisation else None
    return built.data_version if built else None
