"""`/dashboard/imports/<id>/confirm/`: the import runs as a background task (at once in the
tests); the upload page shows its progress, how it ended, and a failed one can be retried."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from targets.models import ImportBatch, Organisation, ProgressReport
from tests.conftest import FIXTURES, PROGRESS_2023_H1, make_official, page_text
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"


def uploaded(client, path, kind="progress") -> Upload:
    client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": kind})
    return Upload.objects.latest("pk")


def test_confirming_imports_the_table_and_links_its_batch(importer_client):
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    response = importer_client.post(f"{URL}{upload.pk}/confirm/")
    upload.refresh_from_db()
    assert response.status_code == 302 and (upload.state, upload.phase, upload.percent_done) == ("done", "done", 100)
    assert ProgressReport.objects.filter(period__code="2023-H1").count() == 213
    assert upload.batch == ImportBatch.objects.get() and upload.batch.imported_by == "importer"
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "导入完成。" in page and "查看2023年上半年" in page


def test_a_confirmed_upload_is_not_imported_twice(importer_client):
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    assert importer_client.post(f"{URL}{upload.pk}/confirm/").status_code == 404
    assert ImportBatch.objects.count() == 1


def test_an_import_that_fails_says_why_and_can_be_tried_again(importer_client):
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    Upload.objects.filter(pk=upload.pk).update(period_code="2023-X9")  # a period no reader knows
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    upload.refresh_from_db()
    assert upload.state == UploadState.FAILED and "unknown period '2023-X9'" in upload.reason
    assert not ProgressReport.objects.exists()
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "导入失败：" in page and "重新导入" in page
    Upload.objects.filter(pk=upload.pk).update(period_code="2023-H1")
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    assert Upload.objects.get(pk=upload.pk).state == UploadState.DONE and ProgressReport.objects.count() == 213


def test_a_running_import_shows_a_progress_bar_and_refreshes(importer_client):
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    Upload.objects.filter(pk=upload.pk).update(state=UploadState.IMPORTING, phase="analysing")
    response = importer_client.get(f"{URL}{upload.pk}/")
    assert 'http-equiv="refresh"' in response.content.decode() and "导入进度" in page_text(response)
    assert response.context["upload"].percent_done == 30
    assert "排队等待后台进程" in page_text(response)  # no worker has started it yet


def test_a_notice_is_imported_through_the_same_service(importer_client):
    upload = uploaded(importer_client, FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt", "task_notice")
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    assert Upload.objects.get(pk=upload.pk).state == UploadState.DONE
    assert importer_client.get("/dashboard/").status_code == 200


def test_confirming_takes_a_post_and_an_importer(importer_client):
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    assert importer_client.get(f"{URL}{upload.pk}/confirm/").status_code == 405
    official = Client()
    official.force_login(make_official("official", Organisation.objects.default()))
    assert official.post(f"{URL}{upload.pk}/confirm/").status_code == 403
    assert Upload.objects.get(pk=upload.pk).state == UploadState.WAITING
