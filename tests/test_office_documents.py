"""The progress tables offices really send (tests/data/office, composed by its compose.py): each
imports through import_report with the counts a careful reader finds in it (expected.tsv), every
non-empty cell of its data rows is found again in the export, and a damaged one is refused in
one line with nothing written."""

import csv
import json
import re
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from importers.progress_table import parse_progress_table
from targets.models import ProgressReport, ReportingPeriod, ReportUnit, UnitRole
from tests.conftest import database_snapshot, import_report

pytestmark = pytest.mark.django_db

OFFICE = Path(__file__).parent / "data" / "office"
with (OFFICE / "expected.tsv").open(encoding="utf-8") as expected_file:
    EXPECTED = list(csv.DictReader(expected_file, delimiter="\t"))
ACCEPTED = [row for row in EXPECTED if not row["refused"]]
REFUSED = [row for row in EXPECTED if row["refused"]]
CELLS = json.loads((OFFICE / "cells.json").read_text(encoding="utf-8"))
STATUSES = ["on_track", "behind", "dropped", "unreported", "completed"]
_TAG = re.compile(r"</?[a-z]+>")


def exported_texts() -> list[str]:
    """Every string and number of the JSON export, as text."""
    out = StringIO()
    call_command("export_data", "--format", "json", stdout=out)
    texts: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif value is not None:
            texts.append(str(value))

    walk(json.loads(out.getvalue()))
    return texts


def test_the_folder_holds_ten_documents_or_more_two_of_them_damaged():
    assert len(EXPECTED) >= 10 and len(REFUSED) >= 2
    assert all((OFFICE / row["file"]).exists() for row in EXPECTED)


@pytest.mark.parametrize("expected", ACCEPTED, ids=lambda row: row["file"])
def test_a_document_imports_with_the_counts_a_careful_reader_finds(expected):
    import_report(OFFICE / expected["file"])
    period = ReportingPeriod.objects.get()
    reports = ProgressReport.objects.filter(period=period)
    assert period.code == expected["period"]
    assert reports.values("target").distinct().count() == int(expected["targets"])
    assert reports.count() == int(expected["reports"])
    assert reports.exclude(leader=None).values("leader").distinct().count() == int(expected["leaders"])
    by_status = dict(reports.values_list("status").annotate(n=Count("id")))
    assert {code: by_status.get(code, 0) for code in STATUSES} == {code: int(expected[code]) for code in STATUSES}


@pytest.mark.parametrize("expected", ACCEPTED, ids=lambda row: row["file"])
def test_a_document_names_its_lead_and_participating_units(expected):
    import_report(OFFICE / expected["file"])
    units = {role: ReportUnit.objects.filter(role=role).values("unit").distinct().count() for role in UnitRole.values}
    assert units == {
        UnitRole.LEAD: int(expected["lead_units"]),
        UnitRole.PARTICIPATING: int(expected["participating_units"]),
    }


def test_the_export_gives_each_unit_its_role():
    import_report(OFFICE / "progress-2024-Q1-wps-gbk.csv")
    out = StringIO()
    call_command("export_data", "--format", "json", stdout=out)
    (first,) = json.loads(out.getvalue())["targets"][0]["reports"]
    assert (first["units"], first["unit_roles"]) == (
        ["市发展改革委", "市统计局", "市财政局"],
        ["lead", "participating", "participating"],
    )
    assert first["extras"] == {"协同单位": "市统计局,市财政局"}


@pytest.mark.parametrize("expected", ACCEPTED, ids=lambda row: row["file"])
def test_every_cell_of_a_document_is_found_again_in_the_export(expected):
    import_report(OFFICE / expected["file"])
    texts = exported_texts()
    missing = [cell for cell in CELLS[expected["file"]] if not any(_TAG.sub("", cell) in text for text in texts)]
    assert missing == []


@pytest.mark.parametrize("expected", REFUSED, ids=lambda row: row["file"])
def test_a_damaged_document_is_refused_in_one_line_and_nothing_is_written(expected):
    before = database_snapshot()
    with pytest.raises(CommandError) as raised:
        import_report(OFFICE / expected["file"])
    message = str(raised.value)
    assert message.startswith(expected["refused"]) and "\n" not in message
    assert database_snapshot() == before


def test_a_merged_cell_gives_its_target_and_deadline_to_every_row_it_spans():
    records = parse_progress_table(OFFICE / "progress-2024-Q3-merged-cells.xlsx").records
    third = [record for record in records if record.seq == 3]
    assert [(record.leader, record.deadline) for record in third] == [
        ("张伟", "2024年10月31日"),
        ("赵敏", "2024年10月31日"),
        ("刘洋", "2024年10月31日"),
    ]
    assert {record.content for record in third} == {"完成造林面积3万亩"}


def test_sheets_footnotes_and_section_headings_are_notes_not_reports():
    workbook = parse_progress_table(OFFICE / "progress-2024-Q3-merged-cells.xlsx")
    assert "注：是否按计划完成进度填“是”或“否”；不再实施的目标填“—”。" in workbook.notes
    assert "各单位于每季度末报送。" in workbook.notes  # the sheet 填表要求
    assert workbook.warnings == []
    word = parse_progress_table(OFFICE / "progress-2024-M08-word-table.docx")
    assert {"一、经济发展", "二、民生保障"} <= set(word.notes) and word.warnings == []


def test_a_progress_paragraph_under_a_report_joins_it_and_pieces_of_text_never_become_units():
    table = parse_progress_table(OFFICE / "progress-2024-Q3-continuation-rows.txt")
    first, second = table.records[0], table.records[1]
    assert first.progress == "新增就业1.7万人\n进度说明：其中高校毕业生就业0.6万人。"
    assert second.progress == "新增82家\n开展春风行动招聘会\n96 场\n5.2 万个" and second.units == ["市工业和信息化局"]
    assert table.warnings == ["line 6: '96 场、5.2 万个' in the 责任单位 column is no unit name: read as progress"]


def test_collective_phrases_are_kept_as_written_and_never_made_units():
    import_report(OFFICE / "progress-2024-Q3-continuation-rows.txt")
    report = ProgressReport.objects.get(target__seq=3, position=0)
    assert [unit.unit.name for unit in report.report_units.all()] == ["市水务局"]
    assert report.extras == {"责任单位": "市水务局、相关各单位、市直各部门"}


def test_a_table_without_a_leader_column_imports_with_a_warning_naming_it():
    table = parse_progress_table(OFFICE / "progress-2024-H1-no-leader-column.xlsx")
    assert [record.leader for record in table.records] == ["", ""]
    assert len(table.warnings) == 1 and "no 市政府领导 (or " in table.warnings[0]


def test_a_dash_or_slash_is_an_empty_cell_but_a_dash_in_the_status_column_is_dropped():
    table = parse_progress_table(OFFICE / "progress-2024-Q3-unicode-text.txt")
    assert [(record.deadline, record.status, record.extras) for record in table.records] == [
        ("年底", "是", {}),
        ("", "是", {}),
        ("年底", "—", {"备 注": "因规划调整"}),
    ]


def test_a_table_without_status_column_states_its_share_in_a_column_of_its_own():
    import_report(OFFICE / "progress-2024-FY-no-status-column.csv")
    paces = ProgressReport.objects.order_by("target__seq").values_list("status", "pace__stated_share", "pace__kind")
    assert [(status, float(share), kind) for status, share, kind in paces] == [
        ("unreported", 110.0, "stated_share"),
        ("unreported", 84.0, "stated_share"),
    ]


def rewritten_docx(tmp_path: Path, name: str, change) -> Path:
    """The composed Word document with its main part changed."""
    source, path = OFFICE / "progress-2024-M08-word-table.docx", tmp_path / name
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as copy:
        for member in original.infolist():
            data = original.read(member)
            copy.writestr(member, change(data) if member.filename == "word/document.xml" else data)
    return path


def test_a_word_document_declaring_entities_is_refused_before_it_is_read(tmp_path):
    declared = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]>'
    path = rewritten_docx(tmp_path, "laughs.docx", lambda data: declared + data.split(b"?>", 1)[1])
    with pytest.raises(CommandError, match=r"^laughs.docx: the document's XML declares entities or a DTD, refused"):
        import_report(path)


def test_a_word_document_with_broken_xml_is_refused_in_one_line(tmp_path):
    path = rewritten_docx(tmp_path, "broken.docx", lambda data: data.replace(b"</w:tbl>", b"", 1))
    with pytest.raises(CommandError) as raised:
        import_report(path)
    assert str(raised.value).startswith("broken.docx: the document's XML is malformed (") and "\n" not in str(
        raised.value
    )
