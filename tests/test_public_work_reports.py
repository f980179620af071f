"""`/work-reports/…`: the government work report for everyone, the same pages as the officials'
(the report whole, its review of the past year, its promises), the targets' statuses and signals
from published periods only."""

import pytest

from targets.models import ReportingPeriod, WorkReport
from tests.conftest import (
    WORK_REPORT_2022,
    assert_queries_do_not_grow,
    import_work_report,
    links,
    page_text,
    table_rows,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]
STATUS = "按计划推进（2023年上半年）"
TARGET_57 = "2022-57 规模以上工业增加值增长8%左右"
PAGES = ["", "review/", "promises/"]  # the report whole, its review, its promises


@pytest.fixture
def report(imported_fixtures):
    """The 2022-12-27 report (2022 reviewed, 2023's goals), every progress fixture published."""
    import_work_report(WORK_REPORT_2022)
    return WorkReport.objects.get()


def url(report: WorkReport, page: str = "") -> str:
    return f"/work-reports/{report.pk}/{page}"


def every_url(report: WorkReport) -> list[str]:
    return ["/work-reports/", *(url(report, page) for page in PAGES)]


def unpublish(code: str) -> None:
    ReportingPeriod.objects.filter(code=code).update(published=False)
    WorkReport.objects.get().save()  # any change to the data shows at once


def hrefs(response) -> set[str]:
    return {href for _text, href in links(response)}


def rows_after(response, header: str) -> list[list[str]]:
    return [row for row in table_rows(response, header) if row[0] != header]


def review_row(response, measure: str, figure: str) -> list[str]:
    return next(row for row in rows_after(response, "指标") if row[:2] == [measure, figure])


def test_the_list_shows_the_report_and_the_home_page_links_to_it(client, report):
    response = client.get("/work-reports/")
    assert ["政府工作报告（摘要）", "2022-12-27", "2023", str(report.sentences.count()), "80"] in table_rows(response)
    assert ("政府工作报告（摘要）", url(report)) in links(response)
    home = links(client.get("/"))
    assert ("政府工作报告", "/work-reports/") in home and ("查看政府工作报告", "/work-reports/") in home


def test_the_report_shows_its_sentences_with_public_links_to_their_targets(client, report):
    response = client.get(url(report))
    page = page_text(response)
    assert "80 项量化承诺，其中 2 项没有对应的 2023 年责任目标。" in page
    assert "新建并开通 5G 基站 1700 个以上" in page
    assert ("#86 · 按计划推进", "/targets/2023/86/") in links(response)
    assert {url(report, "review/"), url(report, "promises/")} <= hrefs(response)
    assert not any(href.startswith("/dashboard/") for href in hrefs(response))


def test_the_review_shows_each_figure_with_its_targets_published_status(client, report):
    response = client.get(url(report, "review/"))
    row = review_row(response, "规模以上工业增加值增长", "6.5%")
    assert row[5:] == [TARGET_57, "未按计划（2022年第三季度） · 完成值 6.8%"]
    assert ("2022-57", "/targets/2022/57/") in links(response)
    assert "共 153 个数字，其中 37 个为预计数" in page_text(response)


def test_the_promises_show_the_goals_and_the_ten_livelihood_projects_with_their_targets(client, report):
    response = client.get(url(report, "promises/"))
    goals, projects = rows_after(response, "目标"), rows_after(response, "实事")
    assert ["地区生产总值增长", "5.5%左右", "2023-6 地区生产总值增长 5.5%左右", STATUS, "● 按序时推进"] in goals
    assert len({row[0] for row in projects}) == 10
    teachers = [row[1:] for row in projects if row[0].startswith("(4) 加快乡镇寄宿制学校建设")]
    assert ["2023-199 新招聘教师3000名", STATUS, "○ 无法量化"] in teachers
    assert ("2023-86", "/targets/2023/86/") in links(response)


def test_an_unpublished_periods_statuses_do_not_show_and_its_targets_are_named_not_linked(client, report):
    unpublish("2023-H1")
    detail, promises = client.get(url(report)), client.get(url(report, "promises/"))
    assert "#86" in page_text(detail) and "按计划推进" not in page_text(detail)
    assert ["2023-199 新招聘教师3000名", "未报告", "—"] in [row[1:] for row in rows_after(promises, "实事")]
    for response in (detail, promises):
        assert "2023年上半年" not in page_text(response)
        assert not any(href.startswith("/targets/2023/") for href in hrefs(response))


def test_an_unpublished_period_leaves_the_review_without_its_reports(client, report):
    unpublish("2022-Q3")
    response = client.get(url(report, "review/"))
    assert review_row(response, "规模以上工业增加值增长", "6.5%")[5:] == [TARGET_57, "未报告"]
    assert "2022年第三季度" not in page_text(response) and "/targets/2022/57/" not in hrefs(response)


def test_no_page_shows_a_file_a_batch_a_review_flag_or_the_way_into_the_dashboard(client, report):
    for address in every_url(report):
        response = client.get(address)
        text, html = page_text(response), response.content.decode()
        assert ".txt" not in text and "work-report-2022" not in html and "导入批次" not in text, address
        assert "待审核" not in text and "needs_review" not in html, address
        assert "/dashboard/" not in html and "/admin/" not in html, address
        assert '<meta name="description" content="' in html and "<title>" in html, address


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_changed_through_them(client, report, method):
    for address in every_url(report):
        assert getattr(client, method)(address).status_code == 405, (method, address)


def test_in_english_the_labels_are_english_and_the_links_stay_in_english(client, report):
    promises = client.get(f"/en{url(report, 'promises/')}")
    page = page_text(promises)
    assert "Main expected goals" in page and "Livelihood projects" in page and "主要预期目标" not in page
    assert ["Project", "Linked targets", "Latest status", "Pace signal"] in table_rows(promises)
    assert ("2023-86", "/en/targets/2023/86/") in links(promises)
    assert "Full text" in page_text(client.get(f"/en{url(report)}"))
    assert ("Work reports", "/en/work-reports/") in links(promises)
    assert table_rows(client.get("/en/work-reports/"))[0][:3] == ["Title", "Delivered on", "Year of goals"]


def test_an_unknown_report_is_not_found(client, report):
    assert client.get(f"/work-reports/{report.pk + 1}/review/").status_code == 404


def test_a_countys_pages_show_its_own_reports_only(client, city_and_counties):
    import_work_report(WORK_REPORT_2022)  # the city's
    assert "还没有导入政府工作报告。" in page_text(client.get("/o/dingtao/work-reports/"))
    assert client.get(f"/o/dingtao{url(WorkReport.objects.get(), 'promises/')}").status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_their_queries_do_not_grow_with_the_data(client, report, page, django_assert_max_num_queries):
    assert_queries_do_not_grow(client, url(report, page), django_assert_max_num_queries)


def test_a_page_served_again_costs_two_queries(client, report, django_assert_max_num_queries):
    for address in every_url(report):
        client.get(address)
        with django_assert_max_num_queries(2):  # the kept copy, the data versions
            assert client.get(address).status_code == 200
