"""Other cities' words, one table each (issue 12): column headers (importers.columns), status
words (analysis.statuses) and period words (importers.periods)."""

from datetime import date

import pytest

from analysis.statuses import BEHIND, COMPLETED, DROPPED, ON_TRACK, UNREPORTED, status_code
from importers.columns import find_blocks
from importers.periods import parse_period_code, period_from_title
from importers.units import read_unit_cell


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("重点任务", "content"), ("目标任务", "content"), ("考核指标", "content"), ("工作目标", "content"),
        ("分管领导", "leader"), ("责任领导", "leader"), ("牵头领导", "leader"), ("分管县领导", "leader"),
        ("牵头单位", "units"), ("责任单位", "units"), ("责任部门", "units"),
        ("配合单位", "partners"), ("参与单位", "partners"), ("相关单位", "partners"), ("协同单位", "partners"),
        ("全年完成情况", "progress"), ("完成情况", "progress"), ("工作进展", "progress"), ("已完成数", "progress"),
        ("是否完成", "status"), ("是否按计划完成进度", "status"), ("完成率", "share"), ("占年任务之比", "share"),
        ("单  位", None), ("责 任 单 位", "units"), ("备  注", None),
    ],
)  # fmt: skip
def test_a_header_word_of_another_city_names_its_column(header, field):
    # A header row of our own spellings, the word in place of its field's (or beside them).
    ours = {"seq": "序号", "content": "责任目标内容", "progress": "推进情况"}
    cells = [name for key, name in ours.items() if key != field] + [header]
    (block,) = find_blocks(tuple(cells))
    assert {key for key, index in block.columns.items() if index == len(cells) - 1} == ({field} if field else set())


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("是", ON_TRACK), ("按序时", ON_TRACK), ("达进度", ON_TRACK), ("正常推进", ON_TRACK), ("推进中", ON_TRACK),
        ("达到序时进度", ON_TRACK), ("已完成", COMPLETED), ("提前完成", COMPLETED), ("超额完成", COMPLETED),
        ("否", BEHIND), ("未完成", BEHIND), ("滞后", BEHIND), ("推进缓慢", BEHIND), ("欠进度", BEHIND),
        ("慢序时", BEHIND), ("未达到序时进度", BEHIND), ("—", DROPPED), ("取消", DROPPED), ("暂缓", DROPPED),
        ("不再实施", DROPPED), ("", UNREPORTED), ("推 进 缓 慢", BEHIND), ("大概吧", None),
    ],
)  # fmt: skip
def test_a_status_word_reads_as_its_code(word, code):
    assert status_code(word) == code


@pytest.mark.parametrize(
    ("title", "code", "as_of"),
    [
        ("某市2024年1-3月工作目标推进情况", "2024-Q1", date(2024, 3, 31)),
        ("2024年一季度重点工作", "2024-Q1", date(2024, 3, 31)),
        ("2024年二季度重点工作", "2024-H1", date(2024, 6, 30)),
        ("某市2024年1-6月重点任务推进情况表", "2024-H1", date(2024, 6, 30)),
        ("2024年前三季度责任目标", "2024-Q3", date(2024, 9, 30)),
        ("2024年1—9月责任目标", "2024-Q3", date(2024, 9, 30)),
        ("2024年全年责任目标完成情况", "2024-FY", date(2024, 12, 31)),
        ("2024年度责任目标完成情况", "2024-FY", date(2024, 12, 31)),
        ("2024年度责任目标第一季度推进情况", "2024-Q1", date(2024, 3, 31)),
        ("郓城县2024年1-8月考核指标推进情况", "2024-M08", date(2024, 8, 31)),
        ("2024年1-2月推进情况", "2024-M02", date(2024, 2, 29)),
        ("2023年1-2月推进情况", "2023-M02", date(2023, 2, 28)),
        ("2024年1-11月推进情况", "2024-M11", date(2024, 11, 30)),
        ("2024年1月份推进情况", "2024-M01", date(2024, 1, 31)),
    ],
)
def test_a_period_word_in_a_title_gives_its_period(title, code, as_of):
    period = period_from_title(title)
    assert (period.code, period.as_of) == (code, as_of)
    assert parse_period_code(code) == period


def test_a_month_period_has_a_chinese_label():
    assert period_from_title("2024年1-8月").label == "2024年1-8月"


@pytest.mark.parametrize(
    ("cell", "names", "collective", "not_units"),
    [
        ("市水务局、相关各单位、市直各部门", ["市水务局"], ["相关各单位", "市直各部门"], []),
        ("各乡、街道办事处", [], ["各乡、街道办事处"], []),
        ("市财政局，各县区", ["市财政局"], ["各县区"], []),
        ("开展春风行动招聘会\n96 场\n5.2 万个", [], [], ["开展春风行动招聘会", "96 场", "5.2 万个"]),
        ("市人社局 各县区人民政府", ["市人社局", "各县区人民政府"], [], []),
    ],
)
def test_a_unit_cell_keeps_collective_phrases_and_text_apart_from_unit_names(cell, names, collective, not_units):
    found = read_unit_cell(cell)
    assert (found.names, found.collective, found.not_units) == (names, collective, not_units)
