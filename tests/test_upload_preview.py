"""The preview of a progress table over a period already imported: its targets counted, each
changed report's fields side by side, the reports the file no longer has, and a new unit spelling
confirmed as a unit of its own (undone with the upload's rollback)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from targets.models import ProgressReport, Unit
from tests.conftest import PROGRESS_2023_H1, import_report, page_text
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"


def uploaded(client, path) -> Upload:
    client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": "progress"})
    return Upload.objects.latest("pk")


@pytest.fixture
def corrected(tmp_path):
    """2023 H1 with target 86's progress and units corrected, target 200 gone and 1 reworded."""
    lines = PROGRESS_2023_H1.read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if not line.startswith("200\t")]
    text = "\n".join(lines).replace(
        "新建并开通 5G 基站 807 个\t是\t市工业和信息化局 市信息通信发展办公室",
        "新建并开通 5G 基站 907 个\t是\t市工业和信息化局",
    )
    text = text.replace("自觉接受市政协民主监督", "自觉接受市政协的民主监督")
    path = tmp_path / PROGRESS_2023_H1.name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_preview_sets_each_changed_field_beside_the_stored_one(importer_client, corrected):
    import_report(PROGRESS_2023_H1)
    upload = uploaded(importer_client, corrected)
    preview = upload.preview
    assert preview["targets"] == {"new": 0, "changed": 1, "unchanged": 198}
    assert (preview["updated"], preview["removed"]) == (2, 1)
    changed = {change["seq"]: change["fields"] for change in preview["changes"]}
    assert changed[86] == [
        ["推进情况", "新建并开通 5G 基站 807 个", "新建并开通 5G 基站 907 个"],
        ["责任单位", "市工业和信息化局、市信息通信发展办公室", "市工业和信息化局"],
    ]
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "第 86 项（文件第 " in page and "新建并开通 5G 基站 807 个 新建并开通 5G 基站 907 个" in page
    assert "责任目标：新增 0 个，内容或时限有变化 1 个，不变 198 个。" in page
    assert "新文件中已没有的推进情况 第 200 项 进一步提升全市竞技体育综合实力" in page


def test_a_new_spelling_confirmed_as_a_unit_is_known_and_the_rollback_removes_it(importer_client, tmp_path):
    path = tmp_path / "new-unit.txt"
    path.write_text(
        PROGRESS_2023_H1.read_text(encoding="utf-8").replace("市教育局", "市教育和体育局"), encoding="utf-8"
    )
    upload = uploaded(importer_client, path)
    assert "市教育和体育局" in upload.preview["new_units"]
    response = importer_client.post(f"{URL}{upload.pk}/units/new/", {"spelling": "市教育和体育局"})
    upload.refresh_from_db()
    assert response.status_code == 302 and "市教育和体育局" not in upload.preview["new_units"]
    assert not Unit.objects.get(name="市教育和体育局").needs_review
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    assert ProgressReport.objects.filter(report_units__unit__name="市教育和体育局").exists()
    importer_client.post(f"{URL}{upload.pk}/rollback/")
    assert Upload.objects.get(pk=upload.pk).state == UploadState.ROLLED_BACK
    assert not Unit.objects.filter(name="市教育和体育局").exists()


def test_a_spelling_not_in_the_preview_is_refused(importer_client):
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    response = importer_client.post(f"{URL}{upload.pk}/units/new/", {"spelling": "市不存在局"})
    assert response.status_code == 400 and not Unit.objects.filter(name="市不存在局").exists()


def test_a_large_file_is_previewed_in_the_background(importer_client, settings):
    settings.UPLOAD_PREVIEW_IN_REQUEST_BYTES = 1000
    upload = uploaded(importer_client, PROGRESS_2023_H1)  # the task runs at once in the tests
    assert (upload.state, upload.preview["new"], upload.period_code) == (UploadState.WAITING, 213, "2023-H1")
    Upload.objects.filter(pk=upload.pk).update(state=UploadState.PREVIEWING, alive_at=None)
    page = importer_client.get(f"{URL}{upload.pk}/")
    assert (
        "排队等待后台进程（db_worker）开始预览" in page_text(page) and 'http-equiv="refresh"' in page.content.decode()
    )


def test_a_large_file_that_cannot_be_read_is_refused_on_its_page(importer_client, settings):
    settings.UPLOAD_PREVIEW_IN_REQUEST_BYTES = 1000
    response = importer_client.post(
        URL, {"file": SimpleUploadedFile("2023-H1.xlsx", b"%PDF-1.4" + b"\0" * 5000), "kind": "progress"}
    )
    upload = Upload.objects.get()
    assert response.status_code == 302 and upload.state == UploadState.REFUSED
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "无法导入：2023-H1.xlsx" in page and "确认导入" not in page
    assert importer_client.post(f"{URL}{upload.pk}/confirm/").status_code == 404
    assert not ProgressReport.objects.exists()


def test_a_background_preview_whose_worker_stopped_is_refused_with_why(importer_client, settings):
    settings.UPLOAD_PREVIEW_IN_REQUEST_BYTES = 1000
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    Upload.objects.filter(pk=upload.pk).update(state=UploadState.PREVIEWING, alive_at=timezone.now())
    settings.UPLOAD_STALE_SECONDS = 0
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "无法导入：预览在完成前中断（后台进程停止了），请重新上传。" in page
    assert Upload.objects.get(pk=upload.pk).state == UploadState.REFUSED


def test_the_period_is_corrected_after_the_preview_and_previewed_again(importer_client):
    upload = uploaded(importer_client, PROGRESS_2023_H1)
    response = importer_client.post(f"{URL}{upload.pk}/period/", {"period": "2023-q3"})
    upload.refresh_from_db()
    assert response.status_code == 302 and (upload.period_code, upload.preview["period"]) == ("2023-Q3", "2023-Q3")
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "文件标题中的报告期是 2023-H1，与所选的 2023-Q3 不同" in page
    wrong = importer_client.post(f"{URL}{upload.pk}/period/", {"period": "2023-X9"})
    assert wrong.status_code == 400 and "unknown period" in page_text(wrong)
    assert Upload.objects.get(pk=upload.pk).period_code == "2023-Q3"
