"""The progress-table parser, on the seed documents and on tables written for these tests."""

from collections import Counter

import openpyxl
import pytest

from importers.errors import SourceError
from importers.periods import Period
from importers.progress_table import parse_progress_table
from targets.imports import progress_field_lengths
from tests.conftest import PROGRESS_2020_H1, PROGRESS_2022_Q3, PROGRESS_2023_H1, write_table


def records_of(table, seq):
    return [record for record in table.records if record.seq == seq]


@pytest.mark.parametrize(
    ("path", "period", "targets", "reports", "statuses", "leaders"),
    [
        (
            PROGRESS_2023_H1,
            Period(2023, "H1"),
            set(range(1, 201)),
            213,
            {"是": 212, "—": 1},
            {"李春英": 5, "聂元科": 45, "王昌华": 45, "曹临": 27, "张鹏": 24, "肖友华": 53, "刘连栋": 5, "姜凌刚": 9},
        ),
        (
            PROGRESS_2022_Q3,
            Period(2022, "Q3"),
            set(range(39, 87)),
            50,
            {"是": 48, "否": 2},
            {"聂元科": 13, "王昌华": 36, "张鹏": 1},
        ),
        (
            PROGRESS_2020_H1,
            Period(2020, "H1"),
            set(range(1, 58)) - {29},
            56,
            {"是": 55, "": 1},
            {"陈平": 8, "王磊": 29, "曹升灵": 19},
        ),
    ],
)
def test_it_reads_the_figures_counted_by_hand(path, period, targets, reports, statuses, leaders):
    table = parse_progress_table(path)
    assert table.period == period
    assert {record.seq for record in table.records} == targets
    assert len(table.records) == reports
    assert Counter(record.status for record in table.records) == statuses
    assert Counter(record.leader for record in table.records) == leaders


def test_it_reads_the_two_up_page_left_table_first():
    table = parse_progress_table(PROGRESS_2020_H1)
    seqs = [record.seq for record in table.records]
    assert seqs == list(range(1, 29)) + list(range(30, 58))
    right = records_of(table, 30)[0]
    assert right.leader == "王磊" and right.units == ["市财政局"]
    assert right.where == "line 10, column 8"


def test_it_imports_the_cut_off_last_row_with_a_warning_naming_its_line():
    table = parse_progress_table(PROGRESS_2020_H1)
    [last] = records_of(table, 57)
    assert last.status == "" and last.units == []
    assert last.cut_off and last.status_code == "incomplete"  # the source is silent, not the office
    assert not any(record.cut_off for record in table.records if record.seq != 57)
    assert last.progress == "出台了医药港管理运行实施办法;"
    assert table.warnings == [
        "line 37, column 8: target 57 looks cut off by the page: no status and no responsible unit"
    ]


def test_it_keeps_the_shifted_continuation_row():
    table = parse_progress_table(PROGRESS_2023_H1)
    first, second = records_of(table, 26)
    assert second.leader == first.leader == "聂元科"
    assert second.deadline == "年底"
    assert second.progress.startswith("20个重点镇国土空间规划已全部形成初步成果")
    assert second.status == "是"
    assert second.units == ["市自然资源和规划局", "市住房城乡建设局"]
    assert second.position == 1 and second.line == 48


def test_it_lets_the_status_and_unit_row_share_the_progress_above():
    table = parse_progress_table(PROGRESS_2023_H1)
    first, second = records_of(table, 28)
    assert second.progress == first.progress and second.progress_shared
    assert second.status == "是" and second.units == ["市市场监管局"]
    assert not first.progress_shared


def test_it_reads_target_40s_second_unit_row():
    table = parse_progress_table(PROGRESS_2023_H1)
    first, second = records_of(table, 40)
    assert second.units == ["市退役军人事务局"]
    assert second.progress.startswith("组织开展退役士兵专项招聘会")
    assert first.units == ["市人力资源社会保障局"]


def test_it_gives_a_continuation_row_its_own_leader_and_the_targets_content():
    table = parse_progress_table(PROGRESS_2023_H1)
    reports = records_of(table, 13)
    assert [record.leader for record in reports] == ["聂元科", "王昌华", "张鹏", "肖友华"]
    assert {record.content for record in reports} == {reports[0].content}
    assert [record.position for record in reports] == [0, 1, 2, 3]


def test_it_reads_one_seq_on_two_rows_as_one_target_with_two_reports():
    table = parse_progress_table(PROGRESS_2022_Q3)
    for seq, leaders, statuses in [(41, ["聂元科", "王昌华"], ["是", "是"]), (47, ["聂元科", "张鹏"], ["否", "是"])]:
        reports = records_of(table, seq)
        assert [record.leader for record in reports] == leaders
        assert [record.status for record in reports] == statuses
        assert reports[1].content == reports[0].content


def test_it_joins_a_unit_name_split_by_a_line_wrap():
    table = parse_progress_table(PROGRESS_2023_H1)
    [record] = records_of(table, 164)
    assert record.units == ["市住房城乡建设局", "牡丹区人民政府", "菏泽鲁西新区管委会"]


def test_it_keeps_the_text_and_line_breaks_of_html_but_no_tag_nor_script(tmp_path):
    path = write_table(
        tmp_path / "t.txt",
        ["1\t张三\t目标\t年底\t<p><b>减排：</b>完成<script>alert(1)</script></p><p>两项 &amp; 三项</p>\t是\t市财政局"],
    )
    [record] = parse_progress_table(path).records
    assert record.progress == "减排：完成\n两项 & 三项"


def test_it_reads_the_header_names_of_other_cities_and_keeps_unknown_columns(tmp_path):
    path = tmp_path / "other-city.txt"
    path.write_text(
        "某市2024年重点工作第一季度推进情况\n"
        "序号\t分管领导\t工作任务\t时间节点\t工作进展\t完成状态\t牵头单位\t责任人\t相关单位\t备注\n"
        "1\t王 五\t建设公园 3 处\t9月底\t已开工 2 处\t是\t市城管局\t李四\t市财政局\t需协调用地\n",
        encoding="utf-8",
    )
    table = parse_progress_table(path)
    [record] = table.records
    assert table.period == Period(2024, "Q1")
    assert (record.leader, record.content, record.deadline, record.progress) == (
        "王五",
        "建设公园 3 处",
        "9月底",
        "已开工 2 处",
    )
    assert record.units == ["市城管局"]
    assert record.extras == {"责任人": "李四", "相关单位": "市财政局", "备注": "需协调用地"}


def test_a_table_without_status_or_deadline_columns_reads_those_as_empty(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(
        "2024年责任目标上半年推进情况\n序号\t责任领导\t目标任务\t进展情况\t责任单位\n1\t王五\t建设公园\t已开工\t市城管局\n",
        encoding="utf-8",
    )
    [record] = parse_progress_table(path).records
    assert (record.status, record.deadline, record.progress) == ("", "", "已开工")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "gbk"])
def test_it_reads_text_in_the_encodings_offices_use(tmp_path, encoding):
    path = tmp_path / "t.txt"
    write_table(path, ["1\t曹 临\t完成953个行政村生活污水治理\t年底\t已完成\t是\t市生态环境局"])
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    [record] = parse_progress_table(path).records
    assert (record.leader, record.content) == ("曹临", "完成953个行政村生活污水治理")


def test_it_reads_csv_with_cells_that_hold_line_breaks(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "2024年责任目标上半年推进情况\n"
        "序号,市政府领导,责任目标内容,完成时限,推进情况,是否完成,责任单位\n"
        '1,王五,建设公园,年底,"第一段\n第二段",是,"市城管局\n市财政局"\n'
        "2,王五,修路,6月底,已完成,否,市交通运输局\n",
        encoding="utf-8",
    )
    first, second = parse_progress_table(path).records
    assert first.progress == "第一段\n第二段" and first.units == ["市城管局", "市财政局"]
    assert (second.status, second.line) == ("否", 6)  # the row above spans lines 3–5


def test_it_reads_an_xlsx_sheet_with_merged_cells_and_blank_rows(tmp_path):
    path = tmp_path / "t.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["2024年责任目标第三季度推进情况"])
    sheet.append([])
    sheet.append(["序号", "市政府领导", "责任目标内容", "完成时限", "推进情况", "是否按计划完成进度", "责任单位"])
    sheet.append([1, "王五", "建设公园", "年底", "已开工", "是", "市城管局"])
    sheet.append([None, "赵六", None, "年底", "已选址", "是", "市财政局"])
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("C4:C5")
    workbook.save(path)
    table = parse_progress_table(path)
    assert table.period == Period(2024, "Q3")
    first, second = table.records
    assert (first.seq, first.leader, first.units) == (1, "王五", ["市城管局"])
    assert (second.seq, second.leader, second.content, second.position) == (1, "赵六", "建设公园", 1)
    assert second.where == "sheet 'Sheet1' row 5"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "the file is empty"),
        ("只是一段文字\n没有表格\n".encode(), "no progress table found"),
        ("2024年上半年\n序号\t市政府领导\t完成时限\t推进情况\t责任单位\n".encode(), "has no 责任目标内容"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_bad_input_gets_one_line_naming_the_file_and_the_problem(tmp_path, content, problem):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError) as raised:
        parse_progress_table(path)
    message = str(raised.value)
    assert message.startswith("bad.txt") and problem in message and "\n" not in message


def test_the_missing_column_error_names_the_header_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("2024年上半年\n\n序号\t市政府领导\t责任目标内容\t完成时限\t责任单位\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"^bad.txt, line 3: the table has no 推进情况"):
        parse_progress_table(path)


def test_a_truncated_xlsx_is_refused(tmp_path):
    good = tmp_path / "good.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号"])
    workbook.save(good)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[:300])
    with pytest.raises(SourceError, match=r"^bad.xlsx: not a readable .xlsx workbook"):
        parse_progress_table(bad)


def test_an_overlong_leader_cell_is_refused_with_its_line(tmp_path):
    path = write_table(tmp_path / "t.txt", ["1\t" + "王" * 60 + "\t目标\t年底\t进展\t是\t市财政局"])
    with pytest.raises(SourceError, match=r"^t.txt, line 4: the leader cell is 60 characters long \(at most 50\)"):
        parse_progress_table(path, field_lengths=progress_field_lengths())


def test_without_field_lengths_the_parser_keeps_a_long_cell(tmp_path):
    path = write_table(tmp_path / "t.txt", ["1\t" + "王" * 60 + "\t目标\t年底\t进展\t是\t市财政局"])
    assert parse_progress_table(path).records[0].leader == "王" * 60


def test_it_keeps_the_header_row_as_written_with_the_field_of_each_column():
    headers_2020 = parse_progress_table(PROGRESS_2020_H1).headers
    # A two-up page repeats its header: the first table's is kept.
    assert headers_2020 == [
        ["序号", "seq"], ["市政府领导", "leader"], ["责任目标内容", "content"], ["完成时限", "deadline"],
        ["完成情况", "progress"], ["是否完成", "status"], ["责任单位", "units"],
    ]  # fmt: skip
    assert ["是否按计划完成进度", "status"] in parse_progress_table(PROGRESS_2023_H1).headers
