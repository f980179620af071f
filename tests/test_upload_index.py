"""`/dashboard/imports/`: an importer uploads a document and sees what importing it would do,
before anything is written; bad files are refused on the page, with nothing written."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.models import ProgressReport, ReportingPeriod
from tests.conftest import FIXTURES, PROGRESS_2023_H1, database_snapshot, import_report, make_official, page_text
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"
OFFICE = PROGRESS_2023_H1.parent.parent / "tests" / "data" / "office"


def upload(client, path, kind="progress", period=""):
    file = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(URL, {"file": file, "kind": kind, "period": period})


def test_an_uploaded_table_is_previewed_and_nothing_is_imported_yet(importer_client):
    response = upload(importer_client, PROGRESS_2023_H1)
    stored = Upload.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{stored.pk}/"
    assert (stored.state, stored.period_code, stored.size) == (
        UploadState.WAITING,
        "2023-H1",
        PROGRESS_2023_H1.stat().st_size,
    )
    page = page_text(importer_client.get(response["Location"]))
    assert "报告期：2023-H1" in page and "新增 213 条" in page and "确认导入" in page
    assert not ProgressReport.objects.exists() and not ReportingPeriod.objects.exists()


def test_an_office_workbook_is_previewed_with_its_warnings(importer_client):
    response = upload(importer_client, OFFICE / "progress-2024-Q3-continuation-rows.txt")
    page = page_text(importer_client.get(response["Location"]))
    assert "新增 4 条" in page and "'96 场、5.2 万个' in the 责任单位 column is no unit name" in page


def test_the_chosen_period_overrides_the_title(importer_client):
    upload(importer_client, PROGRESS_2023_H1, period="2023-q3")
    assert Upload.objects.get().period_code == "2023-Q3"


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("report.xlsx", b"%PDF-1.7 not a workbook", "report.xlsx: not a readable .xlsx workbook"),
        ("empty.txt", b"", "所提交的是空文件。"),
        ("no-table.txt", "2024年上半年\n没有表格\n".encode(), "no-table.txt: no progress table found"),
    ],
)
def test_a_bad_file_is_refused_on_the_page_and_nothing_is_written(importer_client, name, content, problem):
    before = database_snapshot()
    response = importer_client.post(URL, {"file": SimpleUploadedFile(name, content), "kind": "progress"})
    assert response.status_code in (200, 400) and problem in page_text(response)
    assert not Upload.objects.exists() and database_snapshot() == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(importer_client, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    file = SimpleUploadedFile("big.txt", BytesIO(b"x" * 5000).read())
    response = importer_client.post(URL, {"file": file, "kind": "progress"})
    assert "文件超过 1000 字节，没有读取。" in page_text(response) and not Upload.objects.exists()


def test_the_page_lists_earlier_uploads_and_the_periods_to_publish(importer_client):
    upload(importer_client, PROGRESS_2023_H1)
    page = page_text(importer_client.get(URL))
    assert PROGRESS_2023_H1.name in page and "待确认" in page and "还没有导入任何报告期。" in page


def test_officials_who_are_not_importers_get_403_and_visitors_the_login(client, official_client):
    assert official_client.get(URL).status_code == 403
    assert upload(official_client, PROGRESS_2023_H1).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_importer_of_a_county_cannot_upload_for_the_city(client, city_and_counties):
    from django.conf import settings
    from django.contrib.auth.models import Group

    user = make_official("county-importer", city_and_counties["dingtao"])
    user.groups.add(Group.objects.get_or_create(name=settings.IMPORTERS_GROUP)[0])
    client.force_login(user)
    assert client.get(URL).status_code in (302, 404)
    assert client.get("/dashboard/o/dingtao/imports/").status_code == 200
    assert client.get("/dashboard/o/juye/imports/").status_code == 404


def test_every_form_needs_its_csrf_token(importer_client):
    importer_client.handler.enforce_csrf_checks = True
    assert upload(importer_client, PROGRESS_2023_H1).status_code == 403
    assert not Upload.objects.exists()


def test_work_reports_and_notices_are_previewed_by_their_parts(importer_client):
    response = upload(importer_client, FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt", kind="task_notice")
    page = page_text(importer_client.get(response["Location"]))
    assert "菏政办字〔2023〕13号" in page and "11 个部分" in page and "96 项任务" in page


def test_a_misspelt_unit_is_shown_with_the_closest_existing_units(importer_client, tmp_path):
    import_report(PROGRESS_2023_H1)
    misspelt = tmp_path / "2023-H1-misspelt.txt"
    misspelt.write_text(PROGRESS_2023_H1.read_text(encoding="utf-8").replace("市发展改革委", "市发展改草委"), "utf-8")
    response = upload(importer_client, misspelt)
    preview = Upload.objects.get().preview
    assert preview["new_units"]["市发展改草委"][0] == "市发展改革委" and preview["new_leaders"] == []
    assert "市发展改草委 → 市发展改革委" in page_text(importer_client.get(response["Location"]))


def test_a_period_chosen_other_than_the_titles_is_pointed_out(importer_client):
    response = upload(importer_client, PROGRESS_2023_H1, period="2023-Q3")
    page = page_text(importer_client.get(response["Location"]))
    assert "文件标题中的报告期是 2023-H1，与所选的 2023-Q3 不同" in page


def test_a_file_already_imported_says_there_is_nothing_to_do(importer_client):
    import_report(PROGRESS_2023_H1)
    response = upload(importer_client, PROGRESS_2023_H1)
    page = page_text(importer_client.get(response["Location"]))
    assert "没有需要导入的变化" in page and "不变 213 条" in page and "新增 0 条" in page
    assert "文件标题中的报告期" not in page


def test_the_page_lists_every_import_batch_the_command_lines_too(importer_client):
    import_report(FIXTURES / "progress-report-2020-H1-extract-targets-1-57.txt")
    page = page_text(importer_client.get(URL))
    assert "progress-report-2020-H1-extract-targets-1-57.txt 2020年上半年" in page
    assert "56 0 0 0 1" in page  # new, updated, unchanged, removed, and its one warning


def test_its_queries_do_not_grow_with_the_uploads(importer_client, django_assert_max_num_queries):
    upload(importer_client, PROGRESS_2023_H1)
    with CaptureQueriesContext(connection) as one:
        importer_client.get(URL)
    queries = len(one)  # read now: the log is emptied at the next request
    for _ in range(5):
        upload(importer_client, PROGRESS_2023_H1)
    import_report(PROGRESS_2023_H1)
    with django_assert_max_num_queries(queries):
        importer_client.get(URL)
