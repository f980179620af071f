"""`manage.py import_report`: the seed documents into the database, atomically and idempotently."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from importers.text import plain_text
from targets.models import ImportBatch, Leader, ProgressReport, ReportingPeriod, ReportUnit, Target, Unit
from tests.conftest import (
    PROGRESS_2020_H1,
    PROGRESS_2022_Q3,
    PROGRESS_2023_H1,
    PROGRESS_FIXTURES,
    database_snapshot,
    write_table,
)

pytestmark = pytest.mark.django_db


def run_import(*args: object) -> str:
    out = StringIO()
    call_command("import_report", *[str(arg) for arg in args], stdout=out, stderr=StringIO())
    return out.getvalue()


def status_counts(period_code: str) -> dict:
    rows = ProgressReport.objects.filter(period__code=period_code).values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}


def leader_counts(period_code: str) -> dict:
    return dict(Counter(ProgressReport.objects.filter(period__code=period_code).values_list("leader__name", flat=True)))


def test_it_stores_the_figures_counted_by_hand(imported_fixtures):
    assert Target.objects.filter(year=2023).count() == 200
    assert ProgressReport.objects.filter(period__code="2023-H1").count() == 213
    assert status_counts("2023-H1") == {"on_track": 212, "dropped": 1}
    assert ProgressReport.objects.get(period__code="2023-H1", status="dropped").target.seq == 113
    assert leader_counts("2023-H1") == {
        "李春英": 5, "聂元科": 45, "王昌华": 45, "曹临": 27, "张鹏": 24, "肖友华": 53, "刘连栋": 5, "姜凌刚": 9,
    }  # fmt: skip

    assert Target.objects.filter(year=2022).count() == 48
    assert ProgressReport.objects.filter(period__code="2022-Q3").count() == 50
    assert status_counts("2022-Q3") == {"on_track": 48, "behind": 2}
    behind = ProgressReport.objects.filter(period__code="2022-Q3", status="behind")
    assert sorted(behind.values_list("target__seq", flat=True)) == [47, 57]
    assert behind.get(target__seq=47).report_units.get().unit.name == "菏泽鲁西新区管委会"
    assert leader_counts("2022-Q3") == {"聂元科": 13, "王昌华": 36, "张鹏": 1}

    assert Target.objects.filter(year=2020).count() == 56
    assert ProgressReport.objects.filter(period__code="2020-H1").count() == 56
    assert status_counts("2020-H1") == {"on_track": 55, "incomplete": 1}
    assert leader_counts("2020-H1") == {"陈平": 8, "王磊": 29, "曹升灵": 19}


def test_it_names_the_period_from_the_title(imported_fixtures):
    periods = ReportingPeriod.objects.order_by("as_of").values_list("code", "label", "as_of", "published")
    assert [(code, label, str(as_of), published) for code, label, as_of, published in periods] == [
        ("2020-H1", "2020年上半年", "2020-06-30", True),
        ("2022-Q3", "2022年第三季度", "2022-09-30", True),
        ("2023-H1", "2023年上半年", "2023-06-30", True),
    ]


def test_spellings_of_one_leader_or_unit_become_one_record(imported_fixtures):
    assert Leader.objects.filter(name__contains=" ").count() == 0
    assert ProgressReport.objects.filter(leader__name="曹临", period__code="2023-H1").count() == 27
    units = ReportUnit.objects.select_related("unit")
    assert {ru.unit.name for ru in units.filter(as_written="市发改委")} == {"市发展改革委"}
    assert {ru.unit.name for ru in units.filter(as_written="市工信局")} == {"市工业和信息化局"}
    assert {ru.unit.name for ru in units.filter(as_written="鄆城县人民政府")} == {"郓城县人民政府"}
    assert {ru.unit.name for ru in units.filter(as_written="鲁西新区管委会")} == {"菏泽鲁西新区管委会"}
    assert not Unit.objects.filter(needs_review=True).exists()


def test_the_lead_unit_comes_first_in_written_order(imported_fixtures):
    report = ProgressReport.objects.get(period__code="2023-H1", target__seq=164)
    assert [ru.as_written for ru in report.report_units.all()] == [
        "市住房城乡建设局",
        "牡丹区人民政府",
        "菏泽鲁西新区管委会",
    ]


def test_deadlines_are_parsed_to_dates_or_marked_ongoing(imported_fixtures):
    targets = Target.objects.filter(year=2023)
    assert str(targets.get(seq=1).due_date) == "2023-12-31"
    assert str(targets.get(seq=47).due_date) == "2023-10-31"  # written "10 月底"
    assert str(targets.get(seq=131).due_date) == "2023-06-30"
    assert targets.get(seq=17).ongoing and targets.get(seq=17).due_date is None
    assert targets.get(seq=69).ongoing  # 持续推进
    assert str(Target.objects.get(year=2022, seq=76).due_date) == "2023-06-30"  # 2023年6月底


def test_every_cell_of_every_fixture_is_found_again(imported_fixtures):
    stored = set()
    for report in ProgressReport.objects.select_related("target", "leader").prefetch_related("report_units"):
        written = [ru.as_written for ru in report.report_units.all()]
        stored.update([report.target.content, report.deadline, report.progress, report.status_as_written])
        stored.update([str(report.target.seq), report.leader.name if report.leader else "", "".join(written)])
        stored.update(report.extras.values())
    for batch in ImportBatch.objects.all():
        stored.update([batch.title, *batch.notes])
    header_words = {"序号", "市政府领导", "责任目标内容", "完成时限", "推进情况", "完成情况", "是否按计划完成进度"}
    header_words |= {"是否完成", "责任单位"}
    stored = {re.sub(r"\s+", "", text) for text in stored}
    for path in PROGRESS_FIXTURES:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
            for cell in filter(None, (cell.strip().lstrip("#").strip() for cell in line.split("\t"))):
                if cell in header_words:
                    continue
                found = re.sub(r"\s+", "", plain_text(cell))
                assert found in stored, f"{path.name} line {number}: {cell[:40]!r} was lost"


def test_importing_the_same_file_again_changes_nothing(db):
    first = run_import(PROGRESS_2023_H1)
    before = database_snapshot()
    again = run_import(PROGRESS_2023_H1)
    assert "213 new" in first
    assert "0 new, 0 updated, 213 unchanged, 0 removed" in again and "no change" in again
    assert database_snapshot() == before


def test_a_corrected_file_updates_the_period_in_place_in_a_new_batch(db, tmp_path):
    run_import(PROGRESS_2022_Q3)
    report = ProgressReport.objects.get(period__code="2022-Q3", target__seq=57)
    corrected = tmp_path / "2022-Q3-corrected.txt"
    text = PROGRESS_2022_Q3.read_text(encoding="utf-8")
    text = text.replace("增长6.8%", "增长7.2%").replace("\t否\t市工业和信息化局", "\t是\t市工业和信息化局")
    text = text.replace("86\t王昌华\t用好鄆城睿鹰制药", "86\t王昌华\t用好郓城睿鹰制药")
    corrected.write_text(text, encoding="utf-8")
    output = run_import(corrected)
    assert "0 new, 2 updated, 48 unchanged, 0 removed" in output
    report.refresh_from_db()
    assert report.status == "on_track" and "增长7.2%" in report.progress
    assert report.batch.file_name == "2022-Q3-corrected.txt"
    assert Target.objects.get(year=2022, seq=86).content.startswith("用好郓城")
    assert ImportBatch.objects.filter(period__code="2022-Q3").count() == 2
    assert ProgressReport.objects.get(period__code="2022-Q3", target__seq=39).batch.file_name != corrected.name


def test_rows_left_out_of_a_corrected_file_are_removed(db, tmp_path):
    run_import(PROGRESS_2022_Q3)
    lines = PROGRESS_2022_Q3.read_text(encoding="utf-8").split("\n")
    shorter = tmp_path / "shorter.txt"
    shorter.write_text("\n".join(line for line in lines if not line.startswith("47\t张鹏")), encoding="utf-8")
    assert "0 new, 0 updated, 49 unchanged, 1 removed" in run_import(shorter)
    assert ProgressReport.objects.filter(period__code="2022-Q3", target__seq=47).count() == 1


def test_a_dry_run_counts_but_writes_nothing(db):
    before = database_snapshot()
    output = run_import("--dry-run", PROGRESS_2020_H1)
    assert "56 new" in output and "dry run, nothing written" in output
    assert database_snapshot() == before


def test_an_unknown_unit_is_created_for_review_with_a_warning(db, tmp_path):
    path = write_table(tmp_path / "t.txt", ["1\t王五\t建设公园\t年底\t已开工\t是\t市新设机构局 市财政局"])
    output = run_import(path)
    assert "line 4: new unit '市新设机构局' created and marked for review" in output
    assert Unit.objects.get(name="市新设机构局").needs_review
    assert not Unit.objects.get(name="市财政局").needs_review


def test_publish_shows_the_period_and_period_overrides_the_title(db, tmp_path):
    path = write_table(tmp_path / "t.txt", ["1\t王五\t建设公园\t年底\t已开工\t是\t市财政局"])
    run_import("--period", "2024-Q3", path)
    assert not ReportingPeriod.objects.get(code="2024-Q3").published
    run_import("--period", "2024-Q3", "--publish", path)
    assert ReportingPeriod.objects.get(code="2024-Q3").published


@pytest.mark.parametrize(
    ("name", "content", "extra_args", "message"),
    [
        ("empty.txt", b"", [], r"^empty.txt: the file is empty$"),
        ("prose.txt", "菏泽市政府工作报告\n今年的工作\n".encode(), [], r"^prose.txt: no progress table found"),
        ("nounits.txt", "2024年上半年\n序号\t市政府领导\t责任目标内容\t推进情况\n1\t王五\t目标\t进展\n".encode(), [],
         r"^nounits.txt, line 2: the table has no 责任单位"),
        ("binary.xlsx", b"PK\x03\x04\x00\x00garbage", [], r"^binary.xlsx: not a readable .xlsx workbook"),
        ("notitle.txt", "序号\t市政府领导\t责任目标内容\t推进情况\t责任单位\n1\t王五\t目标\t进展\t市财政局\n".encode(), [],
         r"^notitle.txt: no reporting period in the title line"),
        ("t.txt", "2024年上半年\n序号\t市政府领导\t责任目标内容\t推进情况\t责任单位\n1\t王五\t目标\t进展\t市财政局\n".encode(),
         ["--period", "2024-Q2"], r"^t.txt: unknown period '2024-Q2'"),
    ],
)  # fmt: skip
def test_bad_input_fails_with_one_line_and_writes_nothing(db, tmp_path, name, content, extra_args, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = database_snapshot()
    with pytest.raises(CommandError, match=message) as raised:
        run_import(*extra_args, path)
    assert "\n" not in str(raised.value)
    assert database_snapshot() == before


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match=r"^nothere.txt: no such file"):
        run_import(tmp_path / "nothere.txt")


def test_several_files_import_each_on_its_own(db, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("no table here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        run_import(PROGRESS_2020_H1, bad)
    assert ProgressReport.objects.filter(period__code="2020-H1").count() == 56


def test_text_is_stored_as_text_markup_as_its_text_and_anything_else_as_written(db, tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(
        "菏泽市2024年上半年工作推进情况一览表\n"
        "序号\t市政府领导\t责任目标内容\t完成时限\t推进情况\t是否按计划完成进度\t责任单位\t备注\n"
        "1\t王五\t7.1% & 税收占比>50%\t年底\tR&amp;D 投入 <5%\t是\t市财政局\t<p>一</p><p>二 &gt; 三</p>\n"
        "2\t王五\t建设公园\t年底\t<b>进展：</b>完成<br>两项\t是\t市财政局\t\n",
        encoding="utf-8",
    )
    run_import(path)
    first, second = ProgressReport.objects.select_related("target").order_by("target__seq")
    assert first.target.content == "7.1% & 税收占比>50%"
    assert first.progress == "R&amp;D 投入 <5%"  # no tags: not HTML, kept exactly as written
    assert first.extras == {"备注": "一\n二 > 三"}
    assert second.progress == "进展：完成\n两项"
