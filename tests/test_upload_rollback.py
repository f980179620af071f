"""`/dashboard/imports/<id>/rollback/`: the organisation's data put back exactly as it was before
the upload (its JSON export byte for byte), unit merges accepted in its preview included; the
latest change first, then the one before it; recorded on the upload."""

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from targets.export import write_json
from targets.models import ImportBatch, Organisation, ProgressReport, Unit, WorkReport
from tests.conftest import (
    NOTICE_2023_13,
    PROGRESS_2020_H1,
    PROGRESS_2022_Q3,
    PROGRESS_2023_H1,
    WORK_REPORT_2022,
    import_report,
    import_task_notice,
    import_work_report,
    page_text,
)
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"
MISSPELT, RIGHT = "市发展改草委", "市发展改革委"


def exported() -> str:
    out = StringIO()
    write_json(out, Organisation.objects.default())
    return out.getvalue()


def uploaded(client, path, kind="progress") -> Upload:
    client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": kind})
    return Upload.objects.latest("pk")


def imported(client, path, kind="progress") -> Upload:
    upload = uploaded(client, path, kind)
    client.post(f"{URL}{upload.pk}/confirm/")
    upload.refresh_from_db()
    assert upload.state == UploadState.DONE, upload.reason
    return upload


def rolled_back(client, upload: Upload):
    response = client.post(f"{URL}{upload.pk}/rollback/")
    upload.refresh_from_db()
    return response


def misspelt_copy(tmp_path, source, name):
    path = tmp_path / name
    path.write_text(source.read_text(encoding="utf-8").replace(RIGHT, MISSPELT), encoding="utf-8")
    return path


def test_a_rollback_puts_back_the_export_byte_for_byte_merges_included(importer_client, tmp_path):
    import_task_notice(NOTICE_2023_13)  # names 市发展改革委
    misspelt = misspelt_copy(tmp_path, PROGRESS_2023_H1, "2023-H1.txt")
    import_report("--publish", "--period", "2022-H1", misspelt)  # 市发展改草委 made, with 20 reports
    import_work_report(WORK_REPORT_2022)
    before = exported()
    upload = uploaded(importer_client, misspelt)
    importer_client.post(f"{URL}{upload.pk}/units/", {"spelling": MISSPELT, "unit": RIGHT})
    assert not Unit.objects.filter(name=MISSPELT).exists()  # its 2022 reports moved onto 市发展改革委
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    assert ProgressReport.objects.filter(period__code="2023-H1").count() == 213 and exported() != before
    response = rolled_back(importer_client, upload)
    assert response.status_code == 302 and upload.state == UploadState.ROLLED_BACK
    assert exported() == before
    assert ProgressReport.objects.filter(report_units__unit__name=MISSPELT).count() > 0
    assert upload.batch is None and upload.rolled_back_by.username == "importer"


def test_uploads_roll_back_latest_first_then_the_one_before(importer_client):
    import_report(PROGRESS_2020_H1)
    initial = exported()
    first = imported(importer_client, PROGRESS_2022_Q3)
    after_first = exported()
    second = imported(importer_client, PROGRESS_2023_H1)
    refused = rolled_back(importer_client, first)
    assert refused.status_code == 409 and "只能撤销最近一次更改" in page_text(refused)
    assert first.state == UploadState.DONE and exported() != after_first
    rolled_back(importer_client, second)
    assert second.state == UploadState.ROLLED_BACK and exported() == after_first
    rolled_back(importer_client, first)
    assert first.state == UploadState.ROLLED_BACK and exported() == initial
    assert list(ImportBatch.objects.values_list("period__code", flat=True)) == ["2020-H1"]


def test_a_change_made_after_the_upload_closes_the_way_back(importer_client):
    upload = imported(importer_client, PROGRESS_2023_H1)
    import_report(PROGRESS_2022_Q3)  # from the command line, after the upload
    after = exported()
    response = rolled_back(importer_client, upload)
    assert response.status_code == 409 and upload.state == UploadState.DONE and exported() == after
    assert "撤销这次导入" not in page_text(importer_client.get(f"{URL}{upload.pk}/"))


def test_an_upload_that_changed_nothing_offers_no_rollback(importer_client):
    import_report(PROGRESS_2023_H1)
    upload = imported(importer_client, PROGRESS_2023_H1)
    assert upload.result["unchanged"] == 213
    assert rolled_back(importer_client, upload).status_code == 409 and upload.state == UploadState.DONE


def test_a_rolled_back_work_report_is_the_previous_version_again(importer_client, tmp_path):
    import_work_report(WORK_REPORT_2022)
    before = exported()
    changed = tmp_path / WORK_REPORT_2022.name
    changed.write_text(WORK_REPORT_2022.read_text(encoding="utf-8").replace("5G 基站", "5G 宏基站"), encoding="utf-8")
    upload = imported(importer_client, changed, kind="work_report")
    assert "5G 宏基站" in exported() and WorkReport.objects.count() == 1
    rolled_back(importer_client, upload)
    assert upload.state == UploadState.ROLLED_BACK and exported() == before


def test_the_history_shows_who_rolled_back_and_when(importer_client):
    upload = imported(importer_client, PROGRESS_2023_H1)
    history = page_text(importer_client.get(URL))
    assert f"批次 #{upload.result['batch']}：新增 213，更新 0，删除 0" in history and "撤销" in history
    rolled_back(importer_client, upload)
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "这次导入已撤销" in page and "importer，" in page and "新增 213 条" in page
    assert "已撤销（importer，" in page_text(importer_client.get(URL))
