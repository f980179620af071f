"""An upload's preview and import, through the same import service as the commands
(targets.imports): no second parser."""

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from importers.column_choices import column_choices
from importers.errors import ColumnsNotFound, SourceError
from targets.cache import data_version
from targets.imports import (
    DocumentSummary,
    ImportSummary,
    archive_limits,
    import_progress_file,
    import_task_notice_file,
    import_work_report_file,
)
from targets.models import Unit
from targets.table_headers import remember_headers, table_header_fields
from targets.unit_merging import accept_alias
from uploads.models import Upload, UploadKind, UploadState
from uploads.previews import preview_of
from uploads.rollbacks import keep_snapshot, own_write


@contextmanager
def stored_file(file_name: str, content: bytes) -> Iterator[Path]:
    """The upload as a file of its own name (its suffix tells the reader its format)."""
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        path = Path(folder) / Path(file_name).name
        path.write_bytes(content)
        yield path


def new_upload(organisation, user, kind: str, file_name: str, content: bytes, period_code: str) -> Upload:
    """The upload with its preview, or a SourceError (nothing written) when the file cannot be
    read. A large file is stored to be previewed in the background (state `previewing`): the
    caller enqueues uploads.tasks.preview_upload."""
    upload = Upload(
        organisation=organisation,
        kind=kind,
        file_name=Path(file_name).name[:255],
        content=content,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=user,
        period_code=period_code,
    )
    if previewed_in_background(upload):
        upload.state = UploadState.PREVIEWING
    else:
        _preview(upload)
    upload.save()
    return upload


def previewed_in_background(upload: Upload) -> bool:
    """Whether the file is too large to preview while its page waits."""
    return upload.size > settings.UPLOAD_PREVIEW_IN_REQUEST_BYTES


def _preview(upload: Upload) -> None:
    """The preview, waiting for confirmation; or, for a table whose columns are not all known by
    their headers, its columns for the admin to say which is which (state `mapping`)."""
    with stored_file(upload.file_name, bytes(upload.content)) as path:
        try:
            upload.preview = preview_of(upload, path)
        except ColumnsNotFound as problem:
            columns = _column_choices(upload, path)
            if not columns:
                raise
            upload.preview, upload.state = {"problem": str(problem), "columns": columns}, UploadState.MAPPING
            return
    upload.period_code = upload.preview.get("period", upload.period_code)
    upload.state, upload.reason = UploadState.WAITING, ""


def _column_choices(upload: Upload, path: Path) -> list[dict]:
    if upload.kind != UploadKind.PROGRESS:
        return []
    organisation = upload.organisation
    return [asdict(choice) for choice in column_choices(path, archive_limits(), table_header_fields(organisation))]


def run_preview(upload: Upload) -> None:
    """The background preview of a large file; a file that cannot be read is refused, with why."""
    try:
        _preview(upload)
    except SourceError as error:
        upload.state, upload.reason = UploadState.REFUSED, str(error)
    upload.save(update_fields=["preview", "period_code", "state", "reason"])


def refresh_preview(upload: Upload) -> None:
    """The preview again, after the admin told what a new spelling or a column means (in the
    background for a large file). A file that still cannot be read is refused, with why."""
    if previewed_in_background(upload):
        upload.state = UploadState.PREVIEWING
        upload.save(update_fields=["state"])
        return
    run_preview(upload)


def map_columns(upload: Upload, choices: dict[str, str]) -> None:
    """The fields the admin chose for the table's headers remembered for the organisation (a
    write the upload's rollback undoes); then the preview again, the table read with them."""
    with own_write(upload):
        remember_headers(upload.organisation, choices)
    refresh_preview(upload)


def accept_spelling(upload: Upload, spelling: str, unit: Unit) -> None:
    """A new spelling of the preview made a name of `unit` (a unit of that name an earlier import
    made for review is merged into it), in a write the upload's rollback undoes; then the preview
    again."""
    with own_write(upload):
        accept_alias(upload.organisation, spelling, unit)
    refresh_preview(upload)


def confirm_new_unit(upload: Upload, spelling: str) -> None:
    """A new spelling of the preview confirmed as a unit of its own (one an earlier import made
    for review is confirmed), in a write the upload's rollback undoes; then the preview again."""
    with own_write(upload):
        Unit.objects.update_or_create(organisation=upload.organisation, name=spelling, defaults={"needs_review": False})
    refresh_preview(upload)


def run_import(upload: Upload) -> None:
    """Import the upload for good; its state says how it ended (a SourceError: failed, with why).
    The snapshot for a rollback and the state `done` are written in the import's own transaction."""
    with stored_file(upload.file_name, bytes(upload.content)) as path:
        try:
            _import(upload, path)
        except SourceError as error:
            upload.state, upload.reason = UploadState.FAILED, str(error)
            upload.save(update_fields=["state", "reason"])


def _import(upload: Upload, path: Path) -> None:
    organisation = upload.organisation
    hooks = {"before_write": lambda: _writing(upload), "after_write": lambda summary: _done(upload, summary)}
    if upload.kind == UploadKind.PROGRESS:
        import_progress_file(
            path,
            organisation=organisation,
            period_code=upload.period_code or None,
            imported_by=upload.uploaded_by.get_username() if upload.uploaded_by else "",
            on_phase=lambda phase: _record_phase(upload, phase),
            **hooks,
        )
    elif upload.kind == UploadKind.WORK_REPORT:
        import_work_report_file(path, organisation=organisation, **hooks)
    else:
        import_task_notice_file(path, organisation=organisation, **hooks)


def _writing(upload: Upload) -> None:
    """First thing in the import's transaction: the upload's row is held (so that no page takes
    the import for stopped while it writes; see stopped_imports) and its snapshot kept."""
    Upload.objects.filter(pk=upload.pk).update(alive_at=timezone.now())
    keep_snapshot(upload)


def stopped_imports(organisation) -> None:
    """Imports and background previews without sign of life for settings.UPLOAD_STALE_SECONDS
    marked failed or refused: their worker stopped (killed, its machine lost) and their
    transaction never committed. The row of an import that is writing is held by its
    transaction: it is skipped on PostgreSQL and waited for on SQLite, and so never taken for
    stopped."""
    limit = timezone.now() - timedelta(seconds=settings.UPLOAD_STALE_SECONDS)
    for running, stopped, reason in (
        (UploadState.IMPORTING, UploadState.FAILED, STOPPED),
        (UploadState.PREVIEWING, UploadState.REFUSED, PREVIEW_STOPPED),
    ):
        silent = Upload.objects.of(organisation).filter(state=running, alive_at__lt=limit)
        # A read first: on SQLite a write transaction would wait for any import's write.
        if not silent.exists():
            continue
        with transaction.atomic():
            ids = list(silent.select_for_update(skip_locked=True).values_list("pk", flat=True))
            if ids:
                silent.filter(pk__in=ids).update(state=stopped, reason=reason)


# Stored as they are, translated where shown (the reasons of files refused are not translated).
STOPPED = gettext_noop("导入在完成前中断（后台进程停止了），没有写入任何数据，可以重新导入。")
PREVIEW_STOPPED = gettext_noop("预览在完成前中断（后台进程停止了），请重新上传。")


def _done(upload: Upload, summary: ImportSummary | DocumentSummary) -> None:
    """The upload's end, inside the import's transaction: done, with what the import did."""
    if isinstance(summary, ImportSummary):
        counts = {"new": summary.new, "updated": summary.updated, "unchanged": summary.unchanged}
        upload.result = {**counts, "removed": summary.removed, "warnings": summary.warnings, "batch": summary.batch_id}
        upload.batch_id = summary.batch_id
    else:
        upload.result = {
            "description": summary.description,
            "unchanged": summary.unchanged,
            "warnings": summary.warnings,
        }
    upload.state, upload.reason, upload.phase = UploadState.DONE, "", "done"
    upload.version_after = data_version(upload.organisation)
    upload.save(update_fields=["state", "reason", "phase", "batch", "result", "version_after"])


def _record_phase(upload: Upload, phase: str) -> None:
    """The phase for the progress bar; those inside the write transaction show once it is over."""
    if upload.state != UploadState.DONE:
        upload.phase = phase
        Upload.objects.filter(pk=upload.pk).update(phase=phase)
