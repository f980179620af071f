"""`/dashboard/imports/<id>/columns/`: a table whose headers are not all known is shown column by
column with sample cells; the fields the admin chooses read it, are remembered for the next
table with those headers (by the command line's import too), and go with the upload's rollback."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from targets.models import ProgressReport, TableHeader
from tests.conftest import PROGRESS_2023_H1, import_report, page_text
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"
HEADER = "序号\t市政府领导\t责任目标内容\t完成时限\t推进情况\t是否按计划完成进度\t责任单位"


@pytest.fixture
def unusual(tmp_path):
    """2023 H1 with two headers nobody has used: 目标 for the targets, 本季度进展 for the progress."""
    path = tmp_path / "unusual-headers.txt"
    renamed = HEADER.replace("责任目标内容", "目标").replace("推进情况", "本季度进展")
    path.write_text(PROGRESS_2023_H1.read_text(encoding="utf-8").replace(HEADER, renamed), encoding="utf-8")
    return path


def uploaded(client, path) -> Upload:
    client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": "progress"})
    return Upload.objects.latest("pk")


def choose(client, upload: Upload, fields: dict[str, str]):
    """Post the mapping form with the field chosen for each header (others as they are)."""
    data = {
        f"column-{column['index']}": fields.get(column["header"], column["field"])
        for column in upload.preview["columns"]
    }
    return client.post(f"{URL}{upload.pk}/columns/", data)


def test_unknown_headers_are_shown_with_samples_and_the_chosen_fields_read_the_table(importer_client, unusual):
    upload = uploaded(importer_client, unusual)
    assert upload.state == UploadState.MAPPING and not ProgressReport.objects.exists()
    page = page_text(importer_client.get(f"{URL}{upload.pk}/"))
    assert "the table has no 责任目标内容" in page and "目标 依法接受市人大及其常委会监督" in page
    response = choose(importer_client, upload, {"目标": "content", "本季度进展": "progress"})
    upload.refresh_from_db()
    assert response.status_code == 302 and (upload.state, upload.preview["new"]) == (UploadState.WAITING, 213)
    assert set(TableHeader.objects.values_list("header", "field")) == {("目标", "content"), ("本季度进展", "progress")}
    assert uploaded(importer_client, unusual).state == UploadState.WAITING  # remembered: no question this time
    import_report(unusual)  # the command line reads it with the remembered headers too
    assert ProgressReport.objects.filter(period__code="2023-H1").count() == 213


def test_a_field_chosen_twice_or_a_required_one_missing_is_said_on_the_page(importer_client, unusual):
    upload = uploaded(importer_client, unusual)
    twice = choose(importer_client, upload, {"目标": "content", "本季度进展": "content"})
    assert twice.status_code == 400 and "每个字段只能对应一列：责任目标内容 选了不止一次。" in page_text(twice)
    missing = choose(importer_client, upload, {"目标": "content"})
    assert missing.status_code == 400 and "请为这些字段各选一列：推进情况。" in page_text(missing)
    assert not TableHeader.objects.exists() and Upload.objects.get(pk=upload.pk).state == UploadState.MAPPING


def test_the_rollback_of_the_upload_forgets_the_headers_it_taught(importer_client, unusual):
    upload = uploaded(importer_client, unusual)
    choose(importer_client, upload, {"目标": "content", "本季度进展": "progress"})
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    importer_client.post(f"{URL}{upload.pk}/rollback/")
    assert Upload.objects.get(pk=upload.pk).state == UploadState.ROLLED_BACK
    assert not TableHeader.objects.exists() and not ProgressReport.objects.exists()
