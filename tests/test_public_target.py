"""`/targets/<year>/<seq>/`: a published target with its history across years."""

import pytest

from targets.models import ReportingPeriod
from tests.conftest import assert_queries_do_not_grow, links, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def test_it_shows_the_target_with_its_history_across_years(client, imported_fixtures):
    response = client.get("/targets/2023/86/")
    page = page_text(response)
    assert "新建并开通 5G 基站 1700 个以上" in page
    assert "2022-58" in page and "2023-86" in page  # the same target in 2022
    assert "原表“是否按计划完成进度”：是（按计划推进）" in page
    assert ("2022-58", "/targets/2022/58/") in links(response)
    assert (
        "市工业和信息化局",
        "/units/%E5%B8%82%E5%B7%A5%E4%B8%9A%E5%92%8C%E4%BF%A1%E6%81%AF%E5%8C%96%E5%B1%80/",
    ) in links(response)


def test_a_year_whose_period_is_unpublished_is_left_out(client, imported_fixtures):
    ReportingPeriod.objects.filter(code="2022-Q3").update(published=False)
    page = page_text(client.get("/targets/2023/86/"))
    assert "2022-58" not in page and "2022年第三季度" not in page
    assert client.get("/targets/2022/58/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(client, imported_fixtures, django_assert_max_num_queries):
    assert_queries_do_not_grow(client, "/targets/2023/86/", django_assert_max_num_queries)
