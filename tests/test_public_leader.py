"""`/leaders/<name>/`: a leader's targets over the published periods."""

from urllib.parse import unquote

import pytest

from targets.models import Leader, ReportingPeriod
from tests.conftest import assert_queries_do_not_grow, links, page_text, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def test_it_shows_the_leaders_published_reports_with_totals_and_chart(client, imported_fixtures):
    page = page_text(client.get("/leaders/王昌华/"))
    assert "王昌华分管的责任目标" in page and "各报告期的进度信号" in page
    ReportingPeriod.objects.filter(code="2023-H1").update(published=False)
    rows = table_rows(client.get("/leaders/王昌华/"), "序号")[1:]
    assert rows and all("2023" not in row[0] for row in rows)
    assert "2023年上半年" not in page_text(client.get("/leaders/王昌华/"))


def test_an_unknown_leader_is_not_found(client, imported_fixtures):
    assert client.get("/leaders/无此人/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(client, imported_fixtures, django_assert_max_num_queries):
    assert_queries_do_not_grow(client, "/leaders/王昌华/", django_assert_max_num_queries)


def test_its_units_table_lists_the_leaders_units_with_public_links(client, imported_fixtures):
    response = client.get("/leaders/王昌华/")
    rows = table_rows(response, "责任单位")
    assert rows[0] == ["责任单位", "推进情况", "按序时推进"]
    assert ["市工业和信息化局", "34", "6 / 10"] in rows and ["市医保局", "3", "1 / 1"] in rows
    assert ("市工业和信息化局", "/units/市工业和信息化局/") in [(text, unquote(href)) for text, href in links(response)]
    assert not any(href.startswith("/dashboard/") for _text, href in links(response))


def test_its_units_table_counts_the_published_periods_only(client, imported_fixtures):
    ReportingPeriod.objects.filter(code="2023-H1").update(published=False)
    Leader.objects.get(name="王昌华").save()  # any change to the data shows at once
    rows = table_rows(client.get("/leaders/王昌华/"), "责任单位")
    assert ["市工业和信息化局", "12", "2 / 4"] in rows
    assert "市医保局" not in [row[0] for row in rows]  # reported in 2023 H1 only
