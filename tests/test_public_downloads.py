"""A public list downloads as the reader narrowed it: a period's reports and a search's results,
as CSV (UTF-8 with BOM, streamed, every cell formula-neutralised) and XLSX (text as text), the
filters in the file's name; published periods only."""

import csv
import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from targets.cache import bump_data_version
from targets.models import ProgressReport, ReportingPeriod
from tests.conftest import PROGRESS_FIXTURES, import_report, links

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def file_name(response) -> str:
    return unquote(response["Content-Disposition"].split("filename*=utf-8''")[-1])


def test_a_narrowed_period_downloads_as_csv_with_its_filters_in_the_name(client, imported_fixtures):
    response = client.get("/periods/2023-H1/reports.csv?leader=王昌华&signal=green")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert file_name(response) == "heze-2023-H1-leader-王昌华-signal-green.csv"
    header, *rows = csv_rows(response)
    assert header[:3] == ["报告期", "序号", "责任目标内容"]
    expected = ProgressReport.objects.filter(period__code="2023-H1", leader__name="王昌华", pace__signal="green")
    assert len(rows) == expected.count() > 0
    assert {row[3] for row in rows} == {"王昌华"} and {row[7] for row in rows} == {"按序时推进"}


def test_a_cell_that_would_start_a_formula_is_neutralised(client, imported_fixtures):
    ProgressReport.objects.filter(period__code="2023-H1", target__seq=1).update(progress="=HYPERLINK(1)")
    bump_data_version()
    rows = csv_rows(client.get("/periods/2023-H1/reports.csv"))
    assert [row[-1] for row in rows if row[1] == "1"] == ["'=HYPERLINK(1)"]


def test_the_excel_download_keeps_text_as_text(client, imported_fixtures):
    response = client.get("/periods/2023-H1/reports.xlsx?q=基站")
    assert file_name(response) == "heze-2023-H1-q-基站.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = list(sheet.iter_rows())
    assert header[0].value == "报告期" and rows
    assert all(row[2].data_type == "s" for row in rows) and any("基站" in row[2].value for row in rows)


def test_search_results_download_with_their_government(client, imported_fixtures):
    response = client.get("/search/results.csv?q=托位")
    assert file_name(response) == "search-q-托位.csv"
    header, *rows = csv_rows(response)
    assert header[0] == "政府" and len(rows) == 2
    assert {(row[1], row[2]) for row in rows} == {("2023-H1", "88"), ("2022-Q3", "78")}
    assert {row[0] for row in rows} == {"菏泽市"}


def test_the_pages_link_their_downloads_and_json(client, imported_fixtures):
    period = dict((href.split("?")[0], text) for text, href in links(client.get("/periods/2023-H1/?status=behind")))
    assert {"/periods/2023-H1/reports.csv", "/periods/2023-H1/reports.xlsx"} <= set(period)
    found = [href for _text, href in links(client.get("/search/?q=基站"))]
    assert "/search/results.csv?q=%E5%9F%BA%E7%AB%99" in found and "?q=%E5%9F%BA%E7%AB%99&format=json" in found


def test_no_download_holds_a_draft(client, db):
    import_report("--publish", *PROGRESS_FIXTURES)
    ReportingPeriod.objects.filter(code="2022-Q3").update(published=False)
    assert client.get("/periods/2022-Q3/reports.csv").status_code == 404
    rows = csv_rows(client.get("/search/results.csv?q=基站"))
    assert rows[1:] and not any(row[1] == "2022-Q3" for row in rows)


def test_nothing_can_be_posted_to_a_download(client, imported_fixtures):
    assert client.post("/periods/2023-H1/reports.csv").status_code == 405
    assert client.post("/search/results.xlsx?q=基站").status_code == 405
