"""`/dashboard/`: the latest period at a glance, for officials only."""

import re

import pytest
from django.contrib.auth.models import User

from tests.conftest import PROGRESS_2020_H1, PROGRESS_FIXTURES, assert_queries_do_not_grow, import_report, page_text

pytestmark = pytest.mark.django_db


def test_it_asks_anonymous_visitors_to_log_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_user_outside_the_officials_group_is_refused(client):
    client.force_login(User.objects.create_user("someone", password="x" * 12))
    assert client.get("/dashboard/").status_code == 403


def test_it_says_so_before_anything_is_imported(official_client):
    assert "还没有导入任何报告期" in official_client.get("/dashboard/").content.decode()


def test_it_shows_the_latest_period_with_totals_charts_and_the_watch_list(official_client):
    import_report(*PROGRESS_FIXTURES)
    page = official_client.get("/dashboard/").content.decode()
    assert "<h1>2023年上半年概览</h1>" in page
    assert '<span class="number">213</span><span>推进情况</span>' in page
    assert "plotly.min.js" in page and "各位市政府领导的进度信号" in page
    assert "进度最落后的责任单位" in page and "数据表" in page  # the charts' tables
    assert '<mark class="achieved">10.52 亿元</mark>' in page  # the watch list's top entries


def test_the_period_picker_shows_another_period(official_client):
    import_report(*PROGRESS_FIXTURES)
    page = official_client.get("/dashboard/?period=2020-H1").content.decode()
    assert "<h1>2020年上半年概览</h1>" in page


def test_the_totals_of_a_partial_table_say_how_much_of_it_they_count(official_client):
    import_report(*PROGRESS_FIXTURES)
    page = page_text(official_client.get("/dashboard/?period=2020-H1"))
    assert "本表列出 56 项（原文共 196 项）：以下合计与图表只计原表所列。" in page
    assert "56推进情况 55按计划推进" in page and "1原表不完整" in page
    assert "本表列出 200 项" in page_text(official_client.get("/dashboard/"))


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    import_report(PROGRESS_2020_H1)
    assert_queries_do_not_grow(official_client, "/dashboard/", django_assert_max_num_queries)


def test_it_runs_no_inline_script_and_says_so_in_its_content_security_policy(official_client):
    import_report(*PROGRESS_FIXTURES)
    response = official_client.get("/dashboard/")
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "default-src 'self'" in policy
        and "unsafe-inline" not in policy.split("style-src")[0]
    )
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts and all("src=" in attributes or 'type="application/json"' in attributes for attributes in scripts)
