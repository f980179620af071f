"""`/dashboard/work-reports/<id>/review/`: every figure the work report claims for the year it
reviews (2022), marked 预计 or 已实现, grouped by section, and set against the 2022 target it
clearly answers with what the latest progress table reported for it."""

from urllib.parse import unquote

import pytest

from targets.models import FigureKind, ReportFigure, WorkReport
from tests.conftest import (
    PROGRESS_2022_Q3,
    WORK_REPORT_2022,
    assert_queries_do_not_grow,
    import_report,
    import_work_report,
    links,
    page_text,
    table_rows,
)

pytestmark = pytest.mark.django_db
HEADER = "指标"
NO_TARGET = "没有明确对应的 2022 年目标"


@pytest.fixture(scope="module")
def report(module_transaction):
    import_report(PROGRESS_2022_Q3)
    import_work_report(WORK_REPORT_2022)
    return WorkReport.objects.get()


def url(report: WorkReport) -> str:
    return f"/dashboard/work-reports/{report.pk}/review/"


def figure_rows(response) -> list[list[str]]:
    return [row for row in table_rows(response, HEADER) if row[0] != HEADER]


def row_of(response, measure: str, figure: str) -> list[str]:
    return next(row for row in figure_rows(response) if row[:2] == [measure, figure])


def test_it_asks_anonymous_visitors_to_log_in(client, report):
    response = client.get(url(report))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_every_review_figure_has_a_row(official_client, report):
    rows = figure_rows(official_client.get(url(report)))
    assert len(rows) == ReportFigure.objects.filter(report=report, kind=FigureKind.REVIEW).count() == 153


def test_the_figures_are_grouped_under_their_sections(official_client, report):
    page = page_text(official_client.get(url(report)))
    assert "（一）全力以赴攻坚克难,经济持续稳定增长 › 二是市场运行平稳有序 指标" in page
    assert page.index("（一）全力以赴攻坚克难") < page.index("（六）用心用情为民服务")


def test_the_summary_counts_the_figures_the_estimates_and_the_matches(official_client, report):
    page = page_text(official_client.get(url(report)))
    assert "共 153 个数字，其中 37 个为预计数" in page
    assert "5 个明确对应到 2022 年的责任目标" in page


def test_a_figure_written_after_yuji_is_marked_estimated(official_client, report):
    row = row_of(official_client.get(url(report)), "全市地区生产总值可比增长", "4.6%")
    assert row[2:5] == ["4.6", "%", "预计"]


def test_a_figure_not_after_yuji_is_marked_final(official_client, report):
    row = row_of(official_client.get(url(report)), "出台汽车家电促消费措施", "15 条")
    assert row[2:5] == ["15", "条", "已实现"]


def test_a_figure_in_wan_shows_its_plain_value(official_client, report):
    row = row_of(official_client.get(url(report)), "新登记市场主体", "15 万家")
    assert row[2:4] == ["150000", "家"]


def test_a_figure_that_clearly_answers_a_target_shows_what_the_table_reported(official_client, report):
    response = official_client.get(url(report))
    row = row_of(response, "规模以上工业增加值增长", "6.5%")
    assert row[5] == "2022-57 规模以上工业增加值增长8%左右"
    assert row[6] == "未按计划（2022年第三季度） · 完成值 6.8%"
    assert ("2022-57", "/dashboard/targets/2022/57/") in links(response)


def test_a_figure_counted_with_another_classifier_still_answers_its_target(official_client, report):
    row = row_of(official_client.get(url(report)), "开设“小荷学堂”", "100 处")
    assert row[5] == "2022-45 建设“小荷学堂”100个"


def test_a_figure_without_a_clear_target_says_so(official_client, report):
    response = official_client.get(url(report))
    assert row_of(response, "全市地区生产总值可比增长", "4.6%")[5] == NO_TARGET
    # 引进人才 is not 引进高端人才 (target 42).
    assert row_of(response, "引进人才", "365 人")[5] == NO_TARGET


def test_figures_paired_by_order_are_not_matched(official_client, report):
    """`生物医药、高端化工产业主营业务收入分别增长 20%、2%`: which is 高端化工's (target 60) is
    the reader's pairing, not the text's."""
    measure = "生物医药、高端化工产业主营业务收入分别增长"
    response = official_client.get(url(report))
    assert row_of(response, measure, "2%")[5] == NO_TARGET
    assert "/dashboard/targets/2022/60/" not in {href for _text, href in links(response)}


def test_the_report_page_links_to_its_review(official_client, report):
    response = official_client.get(f"/dashboard/work-reports/{report.pk}/")
    assert url(report) in {unquote(href) for _text, href in links(response)}


def test_it_escapes_what_the_report_says(official_client, report):
    figure = ReportFigure.objects.filter(report=report, kind=FigureKind.REVIEW).first()
    figure.measure = "<script>alert(1)</script>"
    figure.save()
    page = official_client.get(url(report)).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_its_queries_do_not_grow_with_the_data(official_client, report, django_assert_max_num_queries):
    assert_queries_do_not_grow(official_client, url(report), django_assert_max_num_queries)
