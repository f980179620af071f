"""Rolling an upload back: the organisation's data put back as it was before the upload changed
any of it (its snapshot, targets.snapshots), the unit merges accepted in its preview included.

Only the latest change of an organisation's data can be undone this way: a snapshot holds the
whole organisation, so putting back an older one would also undo what came after it. The data
version tells: an upload may be rolled back while the version is the one its import left, or
the one left by the rollback of the upload that came right after it (so uploads roll back one
after another, latest first). An edit in the admin or an import from the command line since
then raises the version and closes the way back."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils import timezone
from django.utils.translation import gettext as _

from targets.cache import bump_data_version, data_version
from targets.imports import write_transaction
from targets.snapshots import restore_snapshot, take_snapshot
from uploads.models import Upload, UploadState


class RollbackRefused(Exception):
    """Why an upload cannot be rolled back now, in the page's words."""


def keep_snapshot(upload: Upload) -> None:
    """Inside the transaction of the upload's first write: the data as it is now, unless the
    upload holds a snapshot that nothing else has written after (its own merges came first)."""
    version = data_version(upload.organisation)
    if upload.snapshot is None or upload.version_seen != version:
        upload.snapshot = take_snapshot(upload.organisation)
        upload.version_before = upload.version_seen = version
        Upload.objects.filter(pk=upload.pk).update(
            snapshot=upload.snapshot, version_before=version, version_seen=version
        )


@contextmanager
def own_write(upload: Upload) -> Iterator[None]:
    """A write of the upload's own before its import (a unit merge or a new unit, a column
    mapping), in the imports' write transaction: its snapshot kept first, so that its rollback
    undoes the write too, and the version the write leaves noted after."""
    with write_transaction(upload.file_name):
        keep_snapshot(upload)
        yield
        upload.version_seen = data_version(upload.organisation)
        Upload.objects.filter(pk=upload.pk).update(version_seen=upload.version_seen)


def versions_to_roll_back_from(uploads: list[Upload], current: int) -> set[int]:
    """The data versions an upload's import may have left for it to be rolled back now: the
    current one, and that of every upload whose rollback brought the data back to it."""
    versions = {current}
    for upload in sorted(uploads, key=lambda upload: upload.version_rolled_back or 0, reverse=True):
        if upload.state == UploadState.ROLLED_BACK and upload.version_rolled_back in versions:
            versions.add(upload.version_before)
    return versions


def can_roll_back(upload: Upload, versions: set[int]) -> bool:
    changed = upload.version_after is not None and upload.version_after != upload.version_before
    return upload.state == UploadState.DONE and changed and upload.version_after in versions


def rollback_versions(organisation) -> set[int]:
    """versions_to_roll_back_from for the organisation's uploads, in two queries."""
    rolled_back = list(
        Upload.objects.of(organisation)
        .filter(state=UploadState.ROLLED_BACK)
        .only("state", "version_before", "version_rolled_back")
    )
    return versions_to_roll_back_from(rolled_back, data_version(organisation))


def roll_back(upload: Upload, user) -> None:
    """Put the organisation's data back as it was before the upload, and record who did it and
    when; RollbackRefused (nothing written) when a later change stands in the way."""
    organisation = upload.organisation
    with write_transaction(upload.file_name):
        upload = Upload.objects.select_for_update().get(pk=upload.pk)
        if not can_roll_back(upload, rollback_versions(organisation)):
            raise RollbackRefused(
                _("只能撤销最近一次更改：此后还有其他导入或修改，请先撤销之后的导入。")
                if upload.state == UploadState.DONE
                else _("这次上传没有可以撤销的导入。")
            )
        # The batch goes with the rollback (the upload keeps its figures in `result`).
        Upload.objects.filter(pk=upload.pk).update(batch=None)
        restore_snapshot(organisation, bytes(upload.snapshot))
        bump_data_version(organisation)
        upload.state, upload.batch = UploadState.ROLLED_BACK, None
        upload.rolled_back_at, upload.rolled_back_by = timezone.now(), user
        upload.version_rolled_back = data_version(organisation)
        upload.save(update_fields=["state", "batch", "rolled_back_at", "rolled_back_by", "version_rolled_back"])
