"""The import task in a real `db_worker` process: killed in the middle of the import's write, it
leaves the data without any of the batch; the upload then shows as failed with why, and imported
again it lands whole."""

import signal
import sqlite3
import time
from pathlib import Path

import pytest
from django.db import connection

from targets.models import ImportBatch, ProgressReport
from tests.conftest import page_text, write_table
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/dashboard/imports/"
ROWS = 3000
WAIT = 120


def large_table(tmp_path: Path) -> Path:
    rows = [
        f"{seq}\t张三\t新建农村公路 {seq} 公里\t年底\t已新建农村公路 {seq // 2} 公里\t是\t市交通运输局"
        for seq in range(1, ROWS + 1)
    ]
    return write_table(tmp_path / "2024-H1-large.txt", rows)


def import_writes_now() -> bool:
    """Whether an import holds the write lock: PostgreSQL's advisory lock of imports, or SQLite's
    database lock (the worker's other writes, its phases, come before the analysis)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")
            return cursor.fetchone()[0] > 0
    probe = sqlite3.connect(connection.settings_dict["NAME"], timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT} s for {what}"
        time.sleep(0.005)


def test_a_worker_killed_while_writing_leaves_nothing_and_the_upload_can_be_imported_again(
    importer_client, settings, tmp_path, db_worker
):
    path = large_table(tmp_path)
    importer_client.post(URL, {"file": path.open("rb"), "kind": "progress"})
    upload = Upload.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    wait_for(lambda: Upload.objects.get(pk=upload.pk).phase == "analysing", "the analysis")
    wait_for(import_writes_now, "the import's write")
    db_worker.send_signal(signal.SIGKILL)
    assert db_worker.wait(WAIT) == -signal.SIGKILL
    assert not ProgressReport.objects.exists() and not ImportBatch.objects.exists()
    assert Upload.objects.get(pk=upload.pk).state == UploadState.IMPORTING
    settings.UPLOAD_STALE_SECONDS = 0
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert (
        "导入失败：导入在完成前中断（后台进程停止了），没有写入任何数据，可以重新导入。" in page and "重新导入" in page
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    assert Upload.objects.get(pk=upload.pk).state == UploadState.DONE
    assert ProgressReport.objects.filter(period__code="2024-H1").count() == ROWS
