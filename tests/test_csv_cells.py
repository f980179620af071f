"""Every CSV the project writes opens in a spreadsheet without running a formula a cell holds;
XLSX downloads store such cells as text."""

import csv
import io
from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command

from targets.csv_cells import SpreadsheetSafeWriter, neutralise
from targets.models import ProgressReport, Target
from tests.conftest import HEADER, import_report

TITLE = "菏泽市人民政府2024年经济社会发展责任目标上半年工作推进情况一览表"
# Content, progress, unit and extra cells that a spreadsheet would read as formulas.
ROWS = [
    "1\t王五\t=1+1 新建公园 10 处以上\t年底\t@SUM(A1) 已新建公园 1 处\t是\t+市财政局\t-2",
    '2\t王五\t新建绿道 20 公里以上\t年底\t-2 已新建绿道 2 公里\t是\t市财政局\t=HYPERLINK("http://x.example")',
]
# The importer trims a cell's blanks, so a leading tab can only come from an admin's edit.
EDITED_CONTENT = "\t=x 新建绿道 20 公里以上"


@pytest.fixture
def formulas(db, tmp_path):
    path = tmp_path / "formulas.txt"
    path.write_text("\n".join([TITLE, "", f"{HEADER}\t备注", *ROWS]) + "\n", encoding="utf-8")
    import_report(path)
    Target.objects.filter(year=2024, seq=2).update(content=EDITED_CONTENT)


def read_csv(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def by_seq(rows: list[dict], key: str = "seq") -> dict[str, dict]:
    return {row[key]: row for row in rows}


@pytest.mark.parametrize("cell", ["=1+1", "@SUM(A1)", "+86", "-2", "\t=x", "\r=x", "-3.5"])
def test_a_text_cell_that_would_start_a_formula_is_prefixed_with_a_quote(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["建设公园", "1+1=2", " =x", "'=x", "", '{"备注": "-2"}'])
def test_any_other_text_cell_is_left_as_written(cell):
    assert neutralise(cell) == cell


def test_numbers_the_project_computed_stay_numbers_even_when_negative():
    out = StringIO()
    SpreadsheetSafeWriter(out).writerow([-3.5, Decimal("-2.0"), -1, "-3.5"])
    assert out.getvalue() == "-3.5,-2.0,-1,'-3.5\r\n"


def test_the_export_command_csv_prefixes_formula_cells(formulas, tmp_path):
    path = tmp_path / "reports.csv"
    call_command("export_data", "--format", "csv", "-o", str(path), stdout=StringIO(), stderr=StringIO())
    rows = by_seq(read_csv(path.read_text(encoding="utf-8-sig")))
    assert rows["1"]["target_content"] == "'=1+1 新建公园 10 处以上"
    assert rows["1"]["progress"] == "'@SUM(A1) 已新建公园 1 处"
    assert rows["1"]["units"] == "'+市财政局" and rows["1"]["units_as_written"] == "'+市财政局"
    assert rows["2"]["target_content"] == "'" + EDITED_CONTENT
    assert rows["2"]["progress"] == "'-2 已新建绿道 2 公里"


def test_the_period_download_csv_prefixes_formula_cells(formulas, official_client):
    response = official_client.get("/dashboard/periods/2024-H1/reports.csv")
    rows = by_seq(read_csv(response.content.decode("utf-8")), "序号")
    assert rows["1"]["责任目标内容"] == "'=1+1 新建公园 10 处以上"
    assert rows["1"]["推进情况"] == "'@SUM(A1) 已新建公园 1 处"
    assert rows["1"]["责任单位"] == "'+市财政局"
    assert rows["1"]["完成度"] == "10.0"  # a computed number stays a number
    assert rows["2"]["责任目标内容"] == "'" + EDITED_CONTENT
    assert rows["2"]["推进情况"] == "'-2 已新建绿道 2 公里"


def test_the_watch_list_csv_prefixes_formula_cells(formulas, official_client):
    response = official_client.get("/dashboard/periods/2024-H1/watch.csv")
    rows = by_seq(read_csv(response.content.decode("utf-8")))
    assert (rows["1"]["target"], rows["1"]["progress"]) == ("'=1+1 新建公园 10 处以上", "'@SUM(A1) 已新建公园 1 处")
    assert (rows["2"]["target"], rows["2"]["progress"]) == ("'" + EDITED_CONTENT, "'-2 已新建绿道 2 公里")


def test_the_xlsx_export_and_download_store_formula_cells_as_text(formulas, official_client, tmp_path):
    path = tmp_path / "export.xlsx"
    call_command("export_data", "--format", "xlsx", "-o", str(path), stdout=StringIO(), stderr=StringIO())
    sheet = openpyxl.load_workbook(path)["2024-H1"]
    header = [cell.value for cell in sheet[2]]
    extras = sheet.cell(row=3, column=header.index("备注") + 1)
    assert (extras.value, extras.data_type) == ("-2", "s")
    assert (sheet["C3"].value, sheet["C3"].data_type) == ("=1+1 新建公园 10 处以上", "s")
    response = official_client.get("/dashboard/periods/2024-H1/reports.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    progress = next(row[10] for row in sheet.iter_rows(min_row=2) if row[1].value == 1)
    assert (progress.value, progress.data_type) == ("@SUM(A1) 已新建公园 1 处", "s")
    assert ProgressReport.objects.count() == 2
