"""`/dashboard/compare/`: how the shares of each status and signal moved between two periods."""

import pytest

from tests.conftest import PROGRESS_FIXTURES, assert_queries_do_not_grow, import_report, page_text, table_rows

pytestmark = pytest.mark.django_db


def test_it_compares_the_two_latest_periods_by_default_and_any_two_on_request(official_client):
    import_report(*PROGRESS_FIXTURES)
    page = official_client.get("/dashboard/compare/")
    assert "各状态与信号所占比例" in page_text(page)
    assert [row[:3] for row in table_rows(page, "报告期")][1:] == [
        ["2022年第三季度", "96%", "4%"],  # 48 and 2 of 50 reports
        ["2023年上半年", "99.5%", "0%"],
    ]
    page = official_client.get("/dashboard/compare/?a=2020-H1&b=2023-H1")
    header, row_2020 = table_rows(page, "报告期")[:2]
    shares = dict(zip(header, row_2020, strict=True))
    assert [shares[name] for name in ("报告期", "按计划推进", "未按计划", "未报告")] == [
        "2020年上半年",
        "98.2%",
        "0%",
        "0%",
    ]
    # 2020's row 57 lost its status to a page break: the source's gap, not a report missing.
    assert shares["原表不完整"] == "1.8%"
    assert "2020年上半年：本表列出 56 项（原文共 196 项）" in page_text(page)
    assert "2023年上半年：本表列出 200 项" in page_text(page)


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    import_report(*PROGRESS_FIXTURES)
    url = "/dashboard/compare/?a=2022-Q3&b=2023-H1"
    assert_queries_do_not_grow(official_client, url, django_assert_max_num_queries)
