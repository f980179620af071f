"""importers/work_report_parser.py on the 2022-12-27 abstract and on a report written for these tests."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from importers.errors import SourceError
from importers.work_report_parser import parse_work_report
from tests.conftest import FIXTURES

WORK_REPORT = FIXTURES / "work-report-2022-12-27-abstract.txt"
SAMPLE = Path(__file__).parent / "data" / "work-report-sample-2024.txt"
COMMITMENTS = Path(__file__).parent / "data" / "work_report_commitments.tsv"


@pytest.fixture(scope="module")
def report():
    return parse_work_report(WORK_REPORT)


def figures_of(report, kind):
    return [figure for figure in report.figures if figure.kind == kind]


def test_it_reads_the_title_lines(report):
    assert report.title == "政府工作报告（摘要）"
    assert report.delivered_on == date(2022, 12, 27)
    assert report.meeting == "菏泽市第二十届人民代表大会第二次会议"
    assert (report.speaker_role, report.speaker) == ("菏泽市市长", "张伦")
    assert report.year_of_goals == 2023


def test_it_recognises_the_four_parts_and_their_sections(report):
    tops = [(section.number, section.kind, len(section.children)) for section in report.sections]
    assert tops == [("一", "review", 6), ("二", "goals", 0), ("三", "key_work", 7), ("四", "capacity", 4)]
    key_work = report.sections[2]
    assert key_work.children[0].title == "聚焦经济稳定增长,着力巩固良好发展态势"
    assert [item.number for item in key_work.children[0].children] == ["一是", "二是", "三是"]
    livelihood = key_work.children[6].children[5]
    assert livelihood.title == "办好十项民生实事"
    assert [item.number for item in livelihood.children] == [f"({n})" for n in range(1, 11)]


def test_livelihood_projects_keep_their_whole_titles(report):
    projects = report.sections[2].children[6].children[5].children
    assert projects[3].title == "加快乡镇寄宿制学校建设,新建、改扩建农村学校餐厅、宿舍 30 处;新招聘教师 3000 名"
    assert projects[1].title == "市区新增公共停车位 10000 个,新建住宅小区绿色综合能源服务站 50 个"
    assert projects[0].title == "新改建农村公路 1000 公里"


def test_it_joins_sentences_that_the_page_broke(report):
    texts = [sentence.text for sentence in report.sentences]
    assert (
        "加快清洁能源“一基地两示范”建设以及整县分布式光伏开发建设,新能源和可再生能源发电装机达到 460 万千瓦以上。"
        in texts
    )
    assert "保障好群众的就医用药,重点抓好老年人和患基础性疾病群体的防控,着力保健康、防重症。" in texts
    assert any(text.startswith("鄆城县被认定为国家级小麦制种大县") for text in texts)


def test_each_sentence_knows_its_section(report):
    sentence = next(s for s in report.sentences if s.text.startswith("新建并开通 5G 基站 1700 个以上"))
    assert sentence.section_path == ("三", "（七）", "六是", "(3)")
    assert sentence.kind == "key_work"


def test_it_reads_the_figures_of_the_past_year(report):
    review = {(figure.measure, figure.value, figure.unit) for figure in figures_of(report, "review")}
    assert ("全市地区生产总值可比增长", Decimal("4.6"), "%") in review
    assert any(value == Decimal(4250) and unit == "亿元" for _, value, unit in review)
    assert ("全市社会消费品零售总额", Decimal(1920), "亿元") in review


def test_it_reads_the_main_expected_goals(report):
    goals = [(g.measure, g.value, g.unit, g.comparison) for g in figures_of(report, "goal")]
    assert goals[:7] == [
        ("地区生产总值增长", Decimal("5.5"), "%", "about"),
        ("规模以上工业增加值增长", Decimal(6), "%", "about"),
        ("社会消费品零售总额增长", Decimal(5), "%", "at_least"),
        ("固定资产投资增长", Decimal(10), "%", "about"),
        ("一般公共预算收入增长", Decimal("5.5"), "%", "about"),
        ("居民人均可支配收入增长", Decimal(6), "%", "about"),
        ("城镇调查失业率", Decimal("5.5"), "%", "within"),
    ]
    qualitative = [measure for measure, value, _, _ in goals[7:] if value is None]
    assert qualitative == ["外贸外资促稳提质", "节能减排和大气、水环境质量完成省下达的目标任务", "安全发展水平持续提升"]


def hand_checked_commitments():
    with COMMITMENTS.open(encoding="utf-8") as file:
        rows = [row for row in csv.reader(file, delimiter="\t") if row and not row[0].startswith("#")]
    return [pytest.param(*row, id=f"{row[0]} {row[1]}") for row in rows]


def test_at_least_thirty_commitments_are_checked_by_hand():
    assert len(hand_checked_commitments()) >= 30


@pytest.mark.parametrize(("measure", "value", "unit", "comparison", "section"), hand_checked_commitments())
def test_it_finds_each_hand_checked_commitment(report, measure, value, unit, comparison, section):
    found = [
        figure
        for figure in figures_of(report, "commitment")
        if figure.value == Decimal(value) and figure.unit == unit and measure in figure.measure
    ]
    assert found, f"no commitment {measure} {value} {unit}"
    figure = found[0]
    assert figure.comparison == (comparison or None)
    assert " ".join(report.sentences[figure.sentence].section_path).startswith(section)
    sentence = report.sentences[figure.sentence].text
    assert sentence[figure.start : figure.end] == figure.text


def test_qualifiers_are_not_commitments(report):
    texts = [figure.text for figure in figures_of(report, "commitment")]
    assert "七个" not in texts  # 重点做好七个方面的工作
    assert not any(f.measure.startswith("新签约") and f.unit == "亿元" for f in figures_of(report, "commitment"))


def test_it_reads_a_report_of_another_year_and_shape():
    sample = parse_work_report(SAMPLE)
    assert (sample.delivered_on, sample.speaker, sample.year_of_goals) == (date(2024, 1, 15), "李明", 2024)
    assert [(s.number, s.kind, len(s.children)) for s in sample.sections] == [
        ("一", "review", 2),
        ("二", "goals", 0),
        ("三", "key_work", 2),
    ]
    goals = [(g.measure, g.value, g.comparison) for g in figures_of(sample, "goal")]
    assert goals == [
        ("地区生产总值增长", Decimal(6), "at_least"),
        ("一般公共预算收入增长", Decimal(4), "about"),
        ("城镇调查失业率", Decimal(5), "within"),
        ("粮食产量稳定在", Decimal(120), "at_least"),
        ("生态环境质量持续改善", None, None),
    ]
    commitments = {(c.measure, c.value, c.unit) for c in figures_of(sample, "commitment")}
    assert ("开发公益性岗位", Decimal(2000), "个") in commitments
    assert ("新建社区食堂", Decimal(40), "处") in commitments
    assert ("惠及居民", Decimal("1.8"), "万户") in commitments
    assert len(commitments) == 11


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("序号\t市政府领导\n1\t王五\n", "not a government work report"),
        ("政府工作报告\n\n今年的工作很多。\n", "the report has no numbered sections"),
    ],
)
def test_a_file_that_is_not_a_work_report_is_refused(tmp_path, content, problem):
    path = tmp_path / "not-a-report.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=f"^not-a-report.txt: {problem}"):
        parse_work_report(path)
