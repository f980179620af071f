"""`/dashboard/targets/<year>/<seq>/`: one target, its source sentence, its reports over years, its chart."""

import json
import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.models import ProgressReport, Target
from targets.synthetic import generate
from tests.conftest import (
    FIXTURES,
    PROGRESS_2020_H1,
    PROGRESS_2022_Q3,
    PROGRESS_2023_H1,
    import_report,
    import_work_report,
    links,
    page_text,
    parsed_page,
    write_table,
)

pytestmark = pytest.mark.django_db


def test_it_shows_source_history_evidence_and_chart(official_client):
    import_report(PROGRESS_2022_Q3, PROGRESS_2023_H1)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    response = official_client.get("/dashboard/targets/2023/86/")
    page = response.content.decode()
    assert "<h1>2023 年第 86 项责任目标</h1>" in page
    link_texts = [text for text, _ in links(response)]
    assert any(text.endswith("新建并开通 5G 基站 1700 个以上。") for text in link_texts)  # the work-report sentence
    assert ("2022-58", "/dashboard/targets/2022/58/") in links(response)  # the same target in 2022
    assert '<mark class="achieved">1658个</mark>' in page and '<mark class="achieved">807 个</mark>' in page
    assert "完成度与序时进度" in page


def test_markup_in_a_progress_cell_shows_as_its_text_with_its_line_breaks_and_never_runs(official_client, tmp_path):
    progress = '<b>进展：</b>完成<br>两项<script>alert("x")</script><img src=x onerror=alert(2)>'
    import_report(write_table(tmp_path / "t.txt", [f"1\t王五\t建设公园\t年底\t{progress}\t是\t市财政局"]))
    assert ProgressReport.objects.get(target__year=2024, target__seq=1).progress == "进展：完成\n两项"
    page = official_client.get("/dashboard/targets/2024/1/").content.decode()
    assert "进展：完成<br>两项" in page
    assert "<b>" not in page and 'alert("x")' not in page and "onerror" not in page


def test_a_figure_in_a_text_that_was_markup_is_marked_on_the_right_characters(official_client, tmp_path):
    progress = "<p><b>进展：</b>完成选址<br>已新建公园 3 处</p>"
    import_report(write_table(tmp_path / "t.txt", [f"1\t王五\t新建公园 10 处以上\t年底\t{progress}\t是\t市财政局"]))
    page = official_client.get("/dashboard/targets/2024/1/").content.decode()
    assert '<mark class="goal">10 处以上</mark>' in page
    assert '进展：完成选址<br>已新建公园 <mark class="achieved">3 处</mark>' in page


def test_an_admin_edit_with_markup_in_a_target_shows_as_escaped_text(official_client, tmp_path):
    import_report(write_table(tmp_path / "t.txt", ["1\t王五\t建设公园\t年底\t已开工\t是\t市财政局"]))
    Target.objects.filter(year=2024, seq=1).update(content="<img src=x onerror=alert(1)>")
    page = parsed_page(official_client.get("/dashboard/targets/2024/1/"))
    assert "<img src=x onerror=alert(1)>" in page.text
    assert not [attrs for tag, attrs in page.elements if tag == "img" or "onerror" in attrs]


def test_an_unknown_target_is_not_found(official_client):
    assert official_client.get("/dashboard/targets/2031/1/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    """A target with one year before and after (a small data set), then one in about forty
    times the data (three years of 200 targets, four periods each)."""
    generate(range(2040, 2043), 5, leaders=["王五"], units=["市财政局", "市教育局"])
    with CaptureQueriesContext(connection) as small:
        assert official_client.get("/dashboard/targets/2041/1/").status_code == 200
    generate(range(2030, 2033), 200, leaders=["王五"], units=["市财政局", "市教育局"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert official_client.get("/dashboard/targets/2031/1/").status_code == 200


def test_its_chart_draws_each_years_target_as_its_own_series(official_client):
    import_report(PROGRESS_2022_Q3, PROGRESS_2023_H1)
    response = official_client.get("/dashboard/targets/2023/86/")
    chart = response.context["chart"]
    assert [row[:2] for row in chart.rows] == [["2022-58", "2022年第三季度"], ["2023-86", "2023年上半年"]]
    data = re.search(r'<script type="application/json" id="[^"]+">(.*)</script>', str(chart.html), re.S).group(1)
    series = {trace["name"]: trace["x"] for trace in json.loads(data)["data"]}
    assert series["2022-58 完成度"] == ["2022年第三季度"] and series["2023-86 完成度"] == ["2023年上半年"]


def test_each_period_shows_its_units_lead_first_and_the_status_as_reported(official_client):
    import_report(PROGRESS_2023_H1)
    response = official_client.get("/dashboard/targets/2023/86/")
    page = page_text(response)
    assert "责任单位：市工业和信息化局、市信息通信发展办公室（配合）" in page
    # The answer beside the question the table asked, then the code it stands for.
    assert "原表“是否按计划完成进度”：是（按计划推进）" in page
    hrefs = {unquote(href) for _text, href in links(response)}
    assert {"/dashboard/units/市工业和信息化局/", "/dashboard/units/市信息通信发展办公室/"} <= hrefs


def test_a_row_cut_off_in_the_source_reads_as_incomplete_under_the_question_of_its_table(official_client):
    import_report(PROGRESS_2020_H1)
    page = page_text(official_client.get("/dashboard/targets/2020/57/"))
    assert "原表“是否完成”：—（原表不完整）" in page and "未报告" not in page
