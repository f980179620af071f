"""`/dashboard/compare/`: how the shares of each status and signal moved between two periods."""

import pytest

from tests.conftest import PROGRESS_FIXTURES, assert_queries_do_not_grow, import_report

pytestmark = pytest.mark.django_db


def test_it_compares_the_two_latest_periods_by_default_and_any_two_on_request(official_client):
    import_report(*PROGRESS_FIXTURES)
    page = official_client.get("/dashboard/compare/").content.decode()
    assert "各状态与信号所占比例" in page
    assert "<td>2022年第三季度</td><td>96%</td><td>4%</td>" in page  # 48 and 2 of 50 reports
    page = official_client.get("/dashboard/compare/?a=2020-H1&b=2023-H1").content.decode()
    assert "<td>2020年上半年</td><td>98.2%</td><td>0%</td><td>0%</td><td>1.8%</td>" in page


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    import_report(*PROGRESS_FIXTURES)
    url = "/dashboard/compare/?a=2022-Q3&b=2023-H1"
    assert_queries_do_not_grow(official_client, url, django_assert_max_num_queries)
