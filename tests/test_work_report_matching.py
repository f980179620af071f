"""analysis/work_report_matching.py: which review figures of the 2022-12-27 report clearly answer
a target, and which goal clause each target of the goals' sentence belongs to."""

import pytest

from analysis.work_report_matching import (
    GoalClause,
    ReviewFigure,
    TargetContent,
    goal_of_each,
    measures_alike,
    review_matches,
)
from importers.work_report_parser import FIGURE_GOAL, FIGURE_REVIEW, parse_work_report
from tests.conftest import WORK_REPORT_2022


@pytest.fixture(scope="module")
def report():
    return parse_work_report(WORK_REPORT_2022)


@pytest.fixture(scope="module")
def review(report):
    texts = [sentence.text for sentence in report.sentences]
    return [
        ReviewFigure(f"{f.measure} {f.text}", f.sentence, texts[f.sentence], f.start, f.measure)
        for f in report.figures
        if f.kind == FIGURE_REVIEW
    ]


def test_a_figure_measuring_the_same_thing_in_another_classifier_matches(review):
    targets = [TargetContent(44, "建设“希望小屋”1000个"), TargetContent(45, "建设“小荷学堂”100个")]
    assert review_matches(review, targets) == {"建成“希望小屋” 4007 间": 44, "开设“小荷学堂” 100 处": 45}


def test_a_goal_whose_subject_stands_in_an_earlier_clause_needs_a_like_sentence(review):
    biomedicine = "继续把生物医药产业作为首选核心产业，着力培育 20 个领航企业，力争营业收入增长 20%左右"
    assert review_matches(review, [TargetContent(50, biomedicine)]) == {}


def test_a_target_two_figures_would_answer_is_left_out(review):
    both = TargetContent(1, "规模以上工业增加值增长6%左右，固定资产投资增长10%左右")
    assert review_matches(review, [both]) == {}
    assert review_matches(review, [TargetContent(2, "固定资产投资增长10%左右")]) == {"固定资产投资增长 18%": 2}


def test_measures_differ_when_a_word_of_the_goal_is_missing():
    assert measures_alike("国控河流断面优良率", "国控河流断面水体优良率")
    assert not measures_alike("引进高端人才", "引进人才")
    assert not measures_alike("高端化工营业收入增长", "生物医药、高端化工产业主营业务收入分别增长")
    assert not measures_alike("增长", "固定资产投资增长")  # one word could be anything's


def test_each_target_of_the_goals_sentence_gets_the_goal_that_names_its_figure(report):
    goals = [f for f in report.figures if f.kind == FIGURE_GOAL]
    clauses = [GoalClause(goal.measure, goal.text, goal.value is not None) for goal in goals]
    targets = [
        TargetContent(2, "一般公共预算收入增长 5.5%左右"),
        TargetContent(6, "地区生产总值增长 5.5%左右"),
        TargetContent(10, "节能减排和大气、水环境质量完成省下达的目标任务"),
        TargetContent(99, "新建农村公路 1000 公里"),
    ]
    chosen = {key: goals[index].measure for key, index in goal_of_each(clauses, targets).items()}
    assert chosen == {2: "一般公共预算收入增长", 6: "地区生产总值增长", 10: goals[8].measure}
