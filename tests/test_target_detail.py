"""`/dashboard/targets/<year>/<seq>/`: one target, its source sentence, its reports over years, its chart."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.synthetic import generate
from tests.conftest import (
    FIXTURES,
    PROGRESS_2022_Q3,
    PROGRESS_2023_H1,
    grow_tenfold,
    import_report,
    write_table,
)
from tests.test_import_work_report import import_work_report

pytestmark = pytest.mark.django_db


def test_it_shows_source_history_evidence_and_chart(official_client):
    import_report(PROGRESS_2022_Q3, PROGRESS_2023_H1)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    page = official_client.get("/dashboard/targets/2023/86/").content.decode()
    assert "<h1>2023 年第 86 项责任目标</h1>" in page
    assert "新建并开通 5G 基站 1700 个以上。</a>" in page  # the work-report sentence
    assert 'href="/dashboard/targets/2022/58/">2022-58</a>' in page
    assert '<mark class="achieved">1658个</mark>' in page and '<mark class="achieved">807 个</mark>' in page
    assert "完成度与序时进度" in page


def test_html_in_progress_text_is_shown_sanitised(official_client, tmp_path):
    progress = '<b>减排：</b>完成<script>alert("x")</script><img src=x onerror=alert(2)>'
    import_report(write_table(tmp_path / "t.txt", [f"1\t王五\t建设公园\t年底\t{progress}\t是\t市财政局"]))
    page = official_client.get("/dashboard/targets/2024/1/").content.decode()
    assert "<b>减排：</b>完成" in page
    assert 'alert("x")' not in page and "onerror" not in page


def test_an_unknown_target_is_not_found(official_client):
    assert official_client.get("/dashboard/targets/2031/1/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    """A target with one period before and after (a small data set), then one in ten times the data."""
    generate(range(2040, 2043), 5, leaders=["王五"], units=["市财政局", "市教育局"])
    with CaptureQueriesContext(connection) as small:
        assert official_client.get("/dashboard/targets/2041/1/").status_code == 200
    grow_tenfold()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert official_client.get("/dashboard/targets/2032/1/").status_code == 200
