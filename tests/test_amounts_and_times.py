"""analysis/amounts_and_times.py: the amounts and times a task names, as the notice page lists them."""

from analysis.amounts_and_times import amounts_and_times
from analysis.deadlines import find_times


def test_amounts_read_with_their_unit_and_how_they_compare():
    found = amounts_and_times("新招聘教师3000名，不少于4000户，约 1000 平方公里，1—2家，30万千瓦以下，达到 97.1%。")
    assert found.amounts == ["3000 名", "4000 户以上", "1000 平方公里左右", "1—2 家", "30 万千瓦以下", "97.1%"]


def test_ranks_durations_and_repeats_are_not_listed_as_amounts():
    found = amounts_and_times("退出全国 168 个城市的后 20 位，实施RCEP“6小时”通关，新增 5家，再新增5家。")
    assert found.amounts == ["168 个", "5 家"]


def test_times_are_found_as_written_once_each():
    assert find_times("6月底前完成，年底前全面应用，2023年6月底建成，年内推动，一季度末前启动，年内") == [
        "6月底前",
        "年底前",
        "2023年6月底",
        "年内",
        "一季度末前",
    ]


def test_a_cited_plan_s_years_and_a_span_of_years_are_not_the_task_s_times():
    assert find_times("落实《三年行动计划（2023—2025年）》，三年内完成，持续推进") == []
