"""`/dashboard/work-reports/<id>/promises/`: the 2023 main expected goals and the 十项民生实事,
each with its linked targets and their latest status and signal."""

from urllib.parse import unquote

import pytest

from targets.models import ReportSection, WorkReport
from tests.conftest import (
    PROGRESS_2023_H1,
    WORK_REPORT_2022,
    assert_queries_do_not_grow,
    import_report,
    import_work_report,
    links,
    page_text,
    table_rows,
)

pytestmark = pytest.mark.django_db
STATUS = "按计划推进（2023年上半年）"


@pytest.fixture(scope="module")
def report(module_transaction):
    import_report(PROGRESS_2023_H1)
    import_work_report(WORK_REPORT_2022)
    return WorkReport.objects.get()


def url(report: WorkReport) -> str:
    return f"/dashboard/work-reports/{report.pk}/promises/"


def goal_rows(response) -> list[list[str]]:
    return [row for row in table_rows(response, "目标") if row[0] != "目标"]


def project_rows(response) -> list[list[str]]:
    return [row for row in table_rows(response, "实事") if row[0] != "实事"]


def test_it_asks_anonymous_visitors_to_log_in(client, report):
    response = client.get(url(report))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_each_main_expected_goal_shows_its_target_with_status_and_signal(official_client, report):
    rows = goal_rows(official_client.get(url(report)))
    assert ["地区生产总值增长", "5.5%左右", "2023-6 地区生产总值增长 5.5%左右", STATUS, "● 按序时推进"] in rows
    assert [row[0] for row in rows][:7] == [
        "地区生产总值增长",
        "规模以上工业增加值增长",
        "社会消费品零售总额增长",
        "固定资产投资增长",
        "一般公共预算收入增长",
        "居民人均可支配收入增长",
        "城镇调查失业率",
    ]


def test_goals_with_the_same_figure_keep_their_own_targets(official_client, report):
    """GDP, the budget and unemployment are all 5.5%: each keeps the target that names it."""
    rows = {row[0]: row[2] for row in goal_rows(official_client.get(url(report)))}
    assert rows["一般公共预算收入增长"] == "2023-2 一般公共预算收入增长 5.5%左右"
    assert rows["城镇调查失业率"] == "2023-9 城镇调查失业率控制在 5.5%以内"


def test_a_goal_without_a_target_says_so(official_client, report):
    rows = goal_rows(official_client.get(url(report)))
    assert ["外贸外资促稳提质", "—", "没有对应的责任目标"] in rows


def test_the_ten_livelihood_projects_are_listed_with_their_full_titles(official_client, report):
    response = official_client.get(url(report))
    projects = {row[0] for row in project_rows(response)}
    assert len(projects) == 10
    assert "(4) 加快乡镇寄宿制学校建设,新建、改扩建农村学校餐厅、宿舍 30 处;新招聘教师 3000 名" in projects
    assert "（七）聚焦保障改善民生,着力提升人民生活品质 › 六是办好十项民生实事" in page_text(response)


def test_a_project_shows_each_of_its_targets_with_status_and_signal(official_client, report):
    response = official_client.get(url(report))
    teachers = [row for row in project_rows(response) if row[0].startswith("(4) ")]
    assert [row[1:] for row in teachers] == [
        ["2023-198 加快乡镇寄宿制学校建设，新建、改扩建农村学校餐厅、宿舍30处", STATUS, "○ 无法量化"],
        ["2023-199 新招聘教师3000名", STATUS, "○ 无法量化"],
    ]
    base_stations = next(row for row in project_rows(response) if row[0].startswith("(3) "))
    assert base_stations[1:] == ["2023-86 新建并开通 5G 基站 1700 个以上", STATUS, "▲ 略有滞后"]
    assert ("2023-86", "/dashboard/targets/2023/86/") in links(response)


def test_the_report_page_links_to_its_promises(official_client, report):
    response = official_client.get(f"/dashboard/work-reports/{report.pk}/")
    assert url(report) in {unquote(href) for _text, href in links(response)}


def test_it_escapes_what_the_report_says(official_client, report):
    section = ReportSection.objects.get(report=report, parent__title="办好十项民生实事", number="(1)")
    section.title = "<script>alert(1)</script>"
    section.save()
    page = official_client.get(url(report)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_its_queries_do_not_grow_with_the_data(official_client, report, django_assert_max_num_queries):
    assert_queries_do_not_grow(official_client, url(report), django_assert_max_num_queries)
