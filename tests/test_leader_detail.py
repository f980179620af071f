"""`/dashboard/leaders/<name>/`: a leader's targets and reports over periods, counts, chart and units."""

import pytest

from tests.conftest import PROGRESS_FIXTURES, assert_queries_do_not_grow, import_report, links

pytestmark = pytest.mark.django_db


def test_it_shows_the_leaders_reports_over_periods_and_units(official_client):
    import_report(*PROGRESS_FIXTURES)
    response = official_client.get("/dashboard/leaders/王昌华/")
    page = response.content.decode()
    assert "<h1>王昌华分管的责任目标</h1>" in page
    assert '<span class="number">81</span><span>推进情况</span>' in page  # 45 in 2023-H1 and 36 in 2022-Q3
    assert "各报告期的进度信号" in page
    unit_page = "/dashboard/units/%E5%B8%82%E5%B7%A5%E4%B8%9A%E5%92%8C%E4%BF%A1%E6%81%AF%E5%8C%96%E5%B1%80/"
    assert ("市工业和信息化局", unit_page) in links(response)


def test_an_unknown_leader_is_not_found(official_client):
    assert official_client.get("/dashboard/leaders/无此人/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    import_report(*PROGRESS_FIXTURES)
    assert_queries_do_not_grow(official_client, "/dashboard/leaders/王昌华/", django_assert_max_num_queries)
