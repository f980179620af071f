"""importers/task_notice_parser.py on notice 菏政办字〔2023〕13号 and on a notice written for these tests."""

from datetime import date
from pathlib import Path

import pytest

from importers.errors import SourceError
from importers.task_notice_parser import parse_task_notice
from tests.conftest import FIXTURES

NOTICE = FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt"
SAMPLE = Path(__file__).parent / "data" / "key-tasks-notice-sample-2024.txt"


@pytest.fixture(scope="module")
def notice():
    return parse_task_notice(NOTICE, known_units={"各县区政府、管委会"})


def task(notice, number):
    return next(task for task in notice.tasks if task.number == number)


def test_it_reads_the_document_number_office_and_dates(notice):
    assert notice.doc_number == "菏政办字〔2023〕13号"
    assert notice.office == "菏泽市人民政府办公室"
    assert notice.title == "菏泽市人民政府办公室关于印发菏泽市建设绿色低碳高质量发展先行区2023年重点工作任务的通知"
    assert (notice.adopted_on, notice.issued_on, notice.printed_on) == (
        date(2023, 3, 31),
        date(2023, 3, 31),
        date(2023, 4, 24),
    )


def test_it_finds_96_tasks_in_11_sections(notice):
    assert [task.number for task in notice.tasks] == list(range(1, 97))
    assert len(notice.sections) == 11
    assert notice.sections[0].title == "深入实施创新驱动发展战略"
    assert (notice.sections[-1].number, notice.sections[-1].title) == ("十一", "切实抓好组织实施")
    assert [task.number for task in notice.sections[-1].tasks] == [94, 95, 96]


def test_93_tasks_name_lead_units_and_94_to_96_none(notice):
    with_lead = [task.number for task in notice.tasks if task.lead_units]
    assert len(with_lead) == 93
    assert set(range(1, 97)) - set(with_lead) == {94, 95, 96}


def test_it_joins_a_task_across_the_pages_line_wraps(notice):
    second = task(notice, 2)
    assert "持续加大省级创新平台培育力度，建设 2 家左右省级技术创新中心。" in second.text
    assert second.lead_units == ["市科技局", "市工业和信息化局"]
    assert second.participating_units == ["各县区政府、管委会"]


def test_it_joins_a_unit_list_split_by_the_page(notice):
    assert task(notice, 10).participating_units == [
        "市行政审批服务局",
        "市自然资源和规划局",
        "市生态环境局",
        "市应急局",
        "各县区政府、管委会",
    ]
    assert task(notice, 5).participating_units == ["市生态环境局", "各县区政府、管委会"]


def test_it_reads_lead_departments_written_as_qian_tou_bu_men(notice):
    assert task(notice, 68).lead_units == ["市商务局", "市发展改革委"]
    assert "（牵头" not in task(notice, 68).text


def test_the_distribution_list_is_not_part_of_the_last_task(notice):
    assert task(notice, 96).text.endswith("依法依规追责问责。")
    assert notice.distribution.startswith("抄送：市委各部门")


def test_it_reads_a_notice_of_another_year_and_shape():
    sample = parse_task_notice(SAMPLE)
    assert (sample.doc_number, sample.issued_on, sample.printed_on) == (
        "某政办发〔2024〕7号",
        date(2024, 2, 26),
        date(2024, 2, 27),
    )
    assert [(s.number, len(s.tasks)) for s in sample.sections] == [("一", 2), ("二", 3)]
    second, third = sample.tasks[1], sample.tasks[2]
    assert second.lead_units == ["市工业和信息化局", "市大数据局"]
    assert third.text == "深化“一网通办”。推动 300 项高频事项“掌上办”，实现企业开办全流程 1 个工作日内办结。"
    assert sample.tasks[3].participating_units == [] and sample.tasks[4].lead_units == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("政府工作报告\n\n一、2023 年工作回顾\n", "no document number"),
        ("某政办发〔2024〕7号\n\n关于印发的通知\n", "no numbered sections"),
        ("某政办发〔2024〕7号\n\n一、总体要求\n\n做好各项工作。\n", "no numbered tasks"),
    ],
)
def test_a_file_that_is_not_a_notice_is_refused(tmp_path, content, problem):
    path = tmp_path / "not-a-notice.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=f"^not-a-notice.txt: not a task notice: {problem}"):
        parse_task_notice(path)


def test_units_named_as_responsible_and_cooperating_are_read_as_lead_and_participating():
    """Several cities write （责任单位：…；配合单位：…） where Heze writes 牵头单位/参与单位."""
    sample = parse_task_notice(Path(__file__).parent / "data" / "key-tasks-notice-responsibility-units-2024.txt")
    assert [(task.lead_units, task.participating_units) for task in sample.tasks] == [
        (["市行政审批服务局"], []),
        (["市行政审批服务局"], ["市市场监管局", "市税务局"]),
        (["市发展改革委"], ["国网某市供电公司"]),
        (["人民银行某市分行"], ["市地方金融监管局"]),
    ]
    assert sample.tasks[0].text == "推行“一件事一次办”。年内实现 20 个“一件事”集成办理。"
