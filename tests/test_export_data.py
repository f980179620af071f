"""`manage.py export_data`: JSON in the agreed shape, CSV for spreadsheets, XLSX that imports back."""

import csv
import json
import re
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from targets.models import ProgressReport, Target
from tests.conftest import FIXTURES, PROGRESS_2023_H1, import_report

pytestmark = pytest.mark.django_db


def export(*args: object) -> str:
    out = StringIO()
    call_command("export_data", *[str(arg) for arg in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_json_has_the_agreed_shape(imported_fixtures):
    data = json.loads(export("--format", "json"))
    assert [period["code"] for period in data["periods"]] == ["2020-H1", "2022-Q3", "2023-H1"]
    assert set(data["periods"][0]) == {"code", "label", "as_of", "published", "year", "kind", "table"}
    assert len(data["targets"]) == 200 + 48 + 56
    target = next(t for t in data["targets"] if (t["year"], t["seq"]) == (2022, 47))
    assert {"year", "seq", "content", "deadline", "reports"} <= set(target)
    first, second = target["reports"]
    assert {"period", "position", "leader", "units", "units_as_written", "status", "progress"} <= set(first)
    assert (first["leader"], first["status"], first["units"], first["units_as_written"]) == (
        "聂元科",
        "behind",
        ["菏泽鲁西新区管委会"],
        ["鲁西新区管委会"],
    )
    assert (second["leader"], second["status"]) == ("张鹏", "on_track")


def test_the_json_of_the_fixtures_holds_their_text_without_tags_or_added_entities(imported_fixtures):
    call_command("import_work_report", str(FIXTURES / "work-report-2022-12-27-abstract.txt"), stdout=StringIO())
    call_command(
        "import_task_notice", str(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt"), stdout=StringIO()
    )
    exported = export("--format", "json")
    sources = "".join(path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt")))
    for entity in ("&amp;", "&lt;", "&gt;"):
        assert exported.count(entity) <= sources.count(entity), entity
    assert "<b>" in sources and not re.search(r"</?(?:b|p|br)>", exported)  # the source's markup, as text
    target = next(t for t in json.loads(exported)["targets"] if (t["year"], t["seq"]) == (2023, 33))
    assert target["reports"][0]["progress"].startswith("产业突破工程：1—6月份，全区新增产值51.6亿")


def test_a_period_option_limits_the_export(imported_fixtures):
    data = json.loads(export("--period", "2022-Q3"))
    assert [period["code"] for period in data["periods"]] == ["2022-Q3"]
    assert {report["period"] for target in data["targets"] for report in target["reports"]} == {"2022-Q3"}
    assert sum(len(target["reports"]) for target in data["targets"]) == 50


def test_an_unknown_period_is_refused(imported_fixtures):
    with pytest.raises(CommandError, match="unknown period '2031-H1'"):
        export("--period", "2031-H1")


def test_the_csv_has_a_bom_and_one_row_per_report(imported_fixtures, tmp_path):
    path = tmp_path / "reports.csv"
    export("--format", "csv", "-o", path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))
    assert len(rows) == 213 + 50 + 56
    row = next(r for r in rows if r["period"] == "2023-H1" and r["seq"] == "164")
    assert row["units"] == "市住房城乡建设局、牡丹区人民政府、菏泽鲁西新区管委会"
    assert row["status"] == "on_track" and row["leader"] == "肖友华"


def test_an_xlsx_export_imports_back_to_the_same_data(db, tmp_path):
    import_report(PROGRESS_2023_H1)
    before = json.loads(export("--period", "2023-H1"))
    path = tmp_path / "2023-H1.xlsx"
    export("--format", "xlsx", "--period", "2023-H1", "-o", path)
    ProgressReport.objects.all().delete()
    Target.objects.all().delete()
    import_report(path)
    after = json.loads(export("--period", "2023-H1"))
    for data in (before, after):
        for period in data["periods"]:
            period.pop("table")  # the XLSX is a file of its own, with its own title line and name
        for target in data["targets"]:
            for report in target["reports"]:
                report.pop("source")
    assert after == before
    shared = ProgressReport.objects.get(target__seq=28, position=1)
    assert shared.progress_shared and shared.source_line == "sheet '2023-H1' row 40"


def test_an_xlsx_export_writes_texts_as_text_not_formulas(db, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(
        "2024年上半年\n序号\t市政府领导\t责任目标内容\t推进情况\t责任单位\n1\t王五\t=SUM(A1:A2)\t进展\t市财政局\n",
        encoding="utf-8",
    )
    import_report(path)
    out = tmp_path / "out.xlsx"
    export("--format", "xlsx", "-o", out)
    sheet = openpyxl.load_workbook(out)["2024-H1"]
    assert sheet["C3"].value == "=SUM(A1:A2)" and sheet["C3"].data_type == "s"


def test_the_json_carries_work_reports_task_notices_and_source_sentences(db):
    import_report(PROGRESS_2023_H1)
    call_command("import_work_report", str(FIXTURES / "work-report-2022-12-27-abstract.txt"), stdout=StringIO())
    call_command(
        "import_task_notice", str(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt"), stdout=StringIO()
    )
    data = json.loads(export())
    [report] = data["work_reports"]
    assert (report["title"], report["date"], report["year_of_goals"]) == ("政府工作报告（摘要）", "2022-12-27", 2023)
    assert [section["number"] for section in report["sections"]] == ["一", "二", "三", "四"]
    first_point = report["sections"][2]["children"][0]["children"][0]
    assert {key: first_point[key] for key in ("number", "title", "level", "children")} == {
        "number": "一是",
        "title": "扩大有效投资",
        "level": 3,
        "children": [],
    }
    base_stations = next(c for c in report["commitments"] if c["text"] == "1700 个以上")
    assert base_stations == {
        "text": "1700 个以上",
        "measure": "新建并开通 5G 基站",
        "value": 1700.0,
        "unit": "个",
        "comparison": "at_least",
        "section": "三 （七） 六是 (3)",
    }
    [notice] = data["task_notices"]
    assert notice["doc_number"] == "菏政办字〔2023〕13号" and len(notice["sections"]) == 11
    first = notice["sections"][0]["tasks"][0]
    assert (first["number"], first["lead_units"], first["participating_units"]) == (
        1,
        ["市科技局"],
        ["各县区人民政府", "各管委会"],
    )
    target = next(t for t in data["targets"] if t["seq"] == 86)
    assert target["source_sentence"]["text"] == "新建并开通 5G 基站 1700 个以上。"
    assert set(target["source_sentence"]) == {"text", "section", "score", "confirmed", "work_report", "position"}
    assert target["source_sentence"]["work_report"] == {"title": "政府工作报告（摘要）", "date": "2022-12-27"}
    assert next(t for t in data["targets"] if t["seq"] == 23)["source_sentence"] is None


def test_each_period_carries_its_table_as_written_and_what_it_covers(imported_fixtures):
    periods = {period["code"]: period for period in json.loads(export())["periods"]}
    table_2020 = periods["2020-H1"]["table"]
    assert table_2020["title"] == "菏泽市人民政府 2020 年经济社会发展责任目标上半年工作推进情况一览表"
    assert "确定的196项经济社会发展责任目标" in table_2020["notes"][0]
    assert {"header": "是否完成", "field": "status"} in table_2020["headers"]
    assert (table_2020["stated_total"], table_2020["listed"]) == (196, 56)
    assert (table_2020["numbers"], table_2020["cut_off"]) == ([[1, 28], [30, 57]], [57])
    assert periods["2022-Q3"]["table"]["numbers"] == [[39, 86]]
    assert {"header": "是否按计划完成进度", "field": "status"} in periods["2023-H1"]["table"]["headers"]
    data = json.loads(export())
    row_57 = next(t for t in data["targets"] if (t["year"], t["seq"]) == (2020, 57))["reports"][0]
    assert row_57["status"] == "incomplete"  # cut off in the source, not unreported
    assert {"name": "菏泽鲁西新区管委会", "aliases": ["鲁西新区管委会"], "needs_review": False} in data["units"]


def test_the_json_holds_the_work_reports_header_sentences_and_every_figure(db):
    call_command("import_work_report", str(FIXTURES / "work-report-2022-12-27-abstract.txt"), stdout=StringIO())
    [report] = json.loads(export())["work_reports"]
    assert (report["meeting"], report["speaker"], report["speaker_role"]) == (
        "菏泽市第二十届人民代表大会第二次会议",
        "张伦",
        "菏泽市市长",
    )
    assert len(report["sentences"]) == 309 and report["sentences"][4]["text"].startswith(
        "预计全市地区生产总值可比增长 4.6%"
    )
    review = [figure for figure in report["figures"] if figure["kind"] == "review"]
    gdp = next(figure for figure in review if figure["text"] == "4.6%")
    assert (gdp["measure"], gdp["estimated"], gdp["sentence"]) == ("全市地区生产总值可比增长", True, 4)
    assert any(not figure["estimated"] for figure in review)  # figures not after 预计 are final
    assert {figure["kind"] for figure in report["figures"]} == {"review", "goal", "commitment"}


def test_the_json_holds_the_notices_header_and_each_tasks_target_link(db):
    import_report(PROGRESS_2023_H1)
    call_command(
        "import_task_notice", str(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt"), stdout=StringIO()
    )
    [notice] = json.loads(export())["task_notices"]
    assert (notice["office"], notice["adopted_on"], notice["issued_on"], notice["printed_on"]) == (
        "菏泽市人民政府办公室",
        "2023-03-31",
        "2023-03-31",
        "2023-04-24",
    )
    assert notice["preamble"][0] == "各县区人民政府（管委会），市政府各部门、各直属机构："
    assert "市政府第31次常务会议审议通过" in notice["preamble"][1]
    assert notice["distribution"].startswith("抄送：市委各部门")
    tasks = [task for section in notice["sections"] for task in section["tasks"]]
    assert len(tasks) == 96
    task_60 = next(task for task in tasks if task["number"] == 60)
    assert "按职责分工负责" in task_60["units_as_written"]
    assert "各县区政府、管委会" in task_60["units_as_written"]
    assert task_60["participating_units"] == ["各县区人民政府", "各管委会"]
    linked = [task for task in tasks if task["target_link"] and task["target_link"]["seq"]]
    assert len(linked) == 36 and all(task["target_link"]["year"] == 2023 for task in linked)
