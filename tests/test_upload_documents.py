"""Work reports and task notices uploaded in the browser: the preview shows their parts and the
target links importing them would add or remove, with nothing written; confirmed, they import;
a document already imported has nothing to do."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from targets.models import TargetSource, TaskNotice, TaskTarget, WorkReport
from tests.conftest import NOTICE_2023_13, PROGRESS_2023_H1, WORK_REPORT_2022, import_report, page_text
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"


def uploaded(client, path, kind) -> Upload:
    client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": kind})
    return Upload.objects.latest("pk")


def test_a_notice_preview_lists_the_target_links_it_would_add_and_writes_nothing(importer_client):
    import_report(PROGRESS_2023_H1)
    upload = uploaded(importer_client, NOTICE_2023_13, "task_notice")
    preview = upload.preview
    assert (preview["sections"], preview["tasks"]) == (11, 96) and not TaskNotice.objects.exists()
    assert preview["links"] == len(preview["links_added"]) > 0 and not TaskTarget.objects.exists()
    target, task = preview["links_added"][0]
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "将新增的目标对应" in page and f"{target} ← {task}" in page and "菏政办字〔2023〕13号 第" in task
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    assert Upload.objects.get(pk=upload.pk).state == UploadState.DONE
    assert TaskTarget.objects.filter(target__isnull=False).count() == preview["links"]


def test_a_work_report_preview_counts_goals_and_commitments_and_its_links(importer_client):
    import_report(PROGRESS_2023_H1)
    upload = uploaded(importer_client, WORK_REPORT_2022, "work_report")
    preview = upload.preview
    assert preview["goals"] > 0 and preview["commitments"] > 0 and preview["links"] > 0
    assert not WorkReport.objects.exists() and not TargetSource.objects.exists()
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert f"{preview['goals']} 个预期目标数字" in page and f"{preview['commitments']} 个承诺数字" in page


def test_a_document_already_imported_has_nothing_to_do(importer_client):
    upload = uploaded(importer_client, NOTICE_2023_13, "task_notice")
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    again = uploaded(importer_client, NOTICE_2023_13, "task_notice")
    assert again.preview["nothing_to_do"] and again.preview["links_added"] == again.preview["links_removed"] == []
    assert "与已导入的版本相同" in page_text(importer_client.get(f"{URL}{again.pk}/"))
