"""Two admins confirming uploads of the same period at once, each import on a connection of its
own: while another import holds the write lock both wait, then they land one after the other,
whole, never mixed; the second's snapshot is the data the first left, so rolling back goes back
through both in turn."""

import sqlite3
import time
from contextlib import contextmanager
from io import StringIO

import pytest
from django.db import connection

from targets.export import write_json
from targets.imports import IMPORT_LOCK_KEY
from targets.models import ImportBatch, Organisation, ProgressReport, Target
from tests.conftest import PROGRESS_2023_H1, in_own_thread, make_official
from uploads.models import Upload, UploadState
from uploads.rollbacks import roll_back
from uploads.services import new_upload, run_import

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 60


def exported() -> str:
    out = StringIO()
    write_json(out, Organisation.objects.default())
    return out.getvalue()


@contextmanager
def write_lock_held():
    """The imports' write lock taken by a third connection until the block ends."""
    if connection.vendor == "postgresql":
        import psycopg

        dsn = connection.get_connection_params()
        with psycopg.connect(**dsn, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK_KEY])
            yield
            holder.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK_KEY])
        return
    holder = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def both_waiting(uploads: list[Upload]) -> bool:
    """Both imports have read their file and wait for the lock."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            return cursor.fetchone()[0] == len(uploads)
    # SQLite lets nobody see a waiter, and there each import waits from its first write (its
    # phase): a second is time enough for both to be waiting.
    time.sleep(1)
    return True


def test_two_uploads_of_one_period_confirmed_at_once_land_one_after_the_other(tmp_path):
    organisation = Organisation.objects.default()
    first_admin, second_admin = make_official("first", organisation), make_official("second", organisation)
    corrected = PROGRESS_2023_H1.read_text(encoding="utf-8").replace(
        "新建并开通 5G 基站 807 个", "新建并开通 5G 基站 907 个"
    )
    uploads = [
        new_upload(organisation, first_admin, "progress", PROGRESS_2023_H1.name, PROGRESS_2023_H1.read_bytes(), ""),
        new_upload(organisation, second_admin, "progress", "corrected.txt", corrected.encode(), ""),
    ]
    empty = exported()
    with write_lock_held():
        threads = [in_own_thread(lambda pk=upload.pk: run_import(Upload.objects.get(pk=pk))) for upload in uploads]
        deadline = time.monotonic() + WAIT
        while not both_waiting(uploads):
            assert time.monotonic() < deadline, "the imports never reached the lock"
            time.sleep(0.05)
        assert not ProgressReport.objects.exists()
    for thread in threads:
        thread.join(WAIT)
    done = sorted(Upload.objects.filter(pk__in=[upload.pk for upload in uploads]), key=lambda u: u.version_after)
    assert [upload.state for upload in done] == [UploadState.DONE, UploadState.DONE]
    earlier, later = done
    assert later.version_before == earlier.version_after  # the later one started from the earlier one's data
    assert (ProgressReport.objects.count(), Target.objects.count(), ImportBatch.objects.count()) == (213, 200, 2)
    assert later.result["new"] == 0 and later.result["updated"] + later.result["unchanged"] == 213
    expected = "907 个" if later.file_name == "corrected.txt" else "807 个"
    assert expected in ProgressReport.objects.get(target__seq=86).progress
    roll_back(later, later.uploaded_by)
    roll_back(Upload.objects.get(pk=earlier.pk), earlier.uploaded_by)
    assert exported() == empty
