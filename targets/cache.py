"""The version of an organisation's data that its pages show, for caching them: every committed
write to that organisation's data raises it, and leaves every other organisation's cached pages
valid (an import for one county does not empty the cache of the city or of the other counties).

Pages cache their content under the version (in the database cache, so every app server
shares it); an import, a recomputation or an admin's edit raises the version and every cached
page is stale at once, without knowing which pages a change touched. The version itself is a
row of its own table (targets.models.DataVersion): a cache may cull any key, and a version that
fell back would serve pages cached before an edit. It is raised by an atomic increment in the
same transaction as the write, so it commits with the data: no reader, whatever server holds
the page cache, sees the new version before the new data, nor the new data under an old version
for longer than one render. Writers raise it last, after their own rows, so two writers that
meet never wait on each other in opposite orders.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from targets.models import DataVersion, OpenDataChunk, OpenDataFile, OpenDataRelease, Organisation

# Rows about the data, not the data: writing them raises no version (the open-data files are
# built because a version rose; storing them must not raise it again).
NOT_DATA = (DataVersion, OpenDataRelease, OpenDataFile, OpenDataChunk)


def data_version(organisation) -> int:
    """The version of `organisation`'s data (an Organisation or its id): 1 until its first write
    (reading it writes nothing; the first write makes the row, at 2)."""
    organisation_id = getattr(organisation, "pk", organisation)
    value = DataVersion.objects.filter(organisation_id=organisation_id).values_list("value", flat=True).first()
    return 1 if value is None else value


def bump_data_version(organisation=None) -> None:
    """Raise the version of `organisation` (an Organisation or its id; every organisation when
    None) by one, atomically, as part of the current transaction; once it commits, its open-data
    files are built again."""
    organisation_id = getattr(organisation, "pk", organisation)
    if organisation_id is None:
        DataVersion.objects.update(value=F("value") + 1)
    elif not DataVersion.objects.filter(organisation_id=organisation_id).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(organisation_id=organisation_id, defaults={"value": 2})
    build_open_data_on_commit(organisation_id)


class OpenDataBuild:
    """What runs when a transaction that raised a version commits: the organisation's open-data
    files (targets.open_data) are queued to be built again (every organisation's for None)."""

    def __init__(self, organisation_id: int | None):
        self.organisation_id = organisation_id
        # A callback that ran may stay listed (a test's transaction never commits; its callbacks
        # are run by hand): it waits no longer.
        self.done = False

    def __call__(self) -> None:
        from targets.tasks import build_open_data  # tasks reach this module through measuring

        self.done = True
        ids = [self.organisation_id]
        if self.organisation_id is None:
            ids = list(Organisation.objects.values_list("pk", flat=True))
        for organisation_id in ids:
            build_open_data.enqueue(organisation_id)


def build_open_data_on_commit(organisation_id: int | None) -> None:
    """Queue a build once the transaction commits, at most once per organisation per transaction
    (an import raises its version once, but saves one by one raise it once a row). A build waiting
    for every organisation covers this one; a rolled-back transaction takes its builds with it."""
    connection = transaction.get_connection()
    waiting = {
        callback.organisation_id
        for _savepoints, callback, _robust in connection.run_on_commit
        if isinstance(callback, OpenDataBuild) and not callback.done
    }
    if organisation_id not in waiting and None not in waiting:
        # Robust: the data has committed; a queue that fails must not turn that into an error.
        transaction.on_commit(OpenDataBuild(organisation_id), robust=True)


# Set while a writer that raises its own organisation's version deletes many rows at once.
_bumps_suspended: ContextVar[bool] = ContextVar("bumps_suspended", default=False)


@contextmanager
def edits_bumped_by_caller() -> Iterator[None]:
    """Within it, saves and deletes do not raise any version: the caller raises its own
    organisation's once it is done. Deleting a document cascades to thousands of sentences,
    figures and tasks, which belong to no organisation of their own: one by one they would
    raise every organisation's version, a county's re-import emptying the city's cache."""
    token = _bumps_suspended.set(True)
    try:
        yield
    finally:
        _bumps_suspended.reset(token)


@receiver(post_save)
@receiver(post_delete)
def bump_on_edit(sender, instance, **kwargs) -> None:
    """Saves one by one (the admin, get_or_create) bump the version of the row's organisation,
    or of every organisation for rows that belong to none of their own (a report, a link, the
    thresholds); bulk writes bump it themselves. Migrations' historical models (module __fake__)
    are skipped, and so is the version itself."""
    if (
        sender._meta.app_label == "targets"
        and sender.__module__ != "__fake__"
        and sender not in NOT_DATA
        and not kwargs.get("raw")
        and not _bumps_suspended.get()
    ):
        bump_data_version(getattr(instance, "organisation_id", None))
