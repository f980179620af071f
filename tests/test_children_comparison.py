"""A parent organisation's comparison of its children in one period: one row per child with its
shares, the most behind first, sortable, with a chart and its table, and as CSV and XLSX."""

import csv
import io

import pytest
from openpyxl import load_workbook

from targets.models import Organisation
from tests.conftest import COUNTY_ROWS, import_report, make_official, page_text, table_rows, write_table

pytestmark = pytest.mark.django_db

URL = "/dashboard/periods/2023-H1/children/"
HEADER = [
    "政府",
    "责任目标",
    "推进情况条数",
    "按序时推进",
    "滞后（黄灯、红灯）",
    "达到目标",
    "不再实施",
    "与报告状态矛盾",
    "未报告",
]


@pytest.fixture
def city_client(client, city_and_counties):
    client.force_login(make_official("city", city_and_counties["heze"]))
    return client


def comparison_rows(page) -> list[list[str]]:
    rows = table_rows(page, "政府")
    assert rows[0] == HEADER
    return rows[1:]


def test_each_child_has_a_row_and_the_most_behind_comes_first(city_client):
    assert comparison_rows(city_client.get(URL)) == [
        ["定陶区", "3", "3", "33.3%", "66.7%", "0.0%", "0.0%", "1", "0"],
        ["巨野县", "2", "2", "50.0%", "0.0%", "0.0%", "0.0%", "0", "0"],
    ]


def test_the_rows_sort_by_any_column(city_client):
    rows = comparison_rows(city_client.get(URL + "?sort=-on_pace_share"))
    assert [row[0] for row in rows] == ["巨野县", "定陶区"]
    rows = comparison_rows(city_client.get(URL + "?sort=organisation"))
    assert [row[0] for row in rows] == ["定陶区", "巨野县"]


def test_a_child_that_has_not_reported_the_period_says_so(city_client, city_and_counties):
    Organisation.objects.create(code="shanxian", name="单县", level="county", parent=city_and_counties["heze"])
    rows = comparison_rows(city_client.get(URL))
    assert rows[-1][:3] == ["单县", "本期未导入", "0"]


def test_each_row_links_to_the_childs_period(city_client):
    page = city_client.get(URL)
    assert "/dashboard/o/dingtao/periods/2023-H1/" in page.content.decode()


def test_the_chart_has_its_numbers_as_a_table(city_client):
    page = city_client.get(URL)
    assert "各下级政府的推进情况" in page_text(page)
    assert ["定陶区", "33.3%", "66.7%", "0.0%", "0.0%"] in table_rows(page, "下级政府")


def test_the_csv_holds_the_same_rows_formula_neutral_with_a_bom(city_client, tmp_path, city_and_counties):
    response = city_client.get("/dashboard/periods/2023-H1/children.csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[1] == ["定陶区", "dingtao", "2023-H1", "3", "3", "33.3", "66.7", "0.0", "0.0", "1", "0"]
    assert response["Content-Disposition"] == 'attachment; filename="children-heze-2023-H1.csv"'


def test_a_childs_name_that_looks_like_a_formula_stays_text_in_the_csv(city_client, city_and_counties):
    Organisation.objects.filter(code="juye").update(name="=HYPERLINK(1)")
    text = city_client.get("/dashboard/periods/2023-H1/children.csv").content.decode("utf-8")
    assert "'=HYPERLINK(1)" in text


def test_the_xlsx_holds_the_same_rows(city_client):
    response = city_client.get("/dashboard/periods/2023-H1/children.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[1][:5] == ["定陶区", "dingtao", "2023-H1", 3, 3]


def test_a_period_neither_the_parent_nor_a_child_has_is_not_found(city_client):
    assert city_client.get("/dashboard/periods/2031-H1/children/").status_code == 404


def test_the_page_runs_as_many_queries_for_many_children_as_for_two(
    city_client, city_and_counties, tmp_path, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as two:
        assert city_client.get(URL).status_code == 200
    for number in range(10):
        code, name = f"county-{number}", f"第{'一二三四五六七八九十'[number]}县"
        Organisation.objects.create(code=code, name=name, level="county", parent=city_and_counties["heze"])
        title = f"{name}2023年经济社会发展责任目标上半年工作推进情况一览表"
        import_report("--org", code, write_table(tmp_path / f"{code}.txt", COUNTY_ROWS["juye"], title=title))
    with django_assert_max_num_queries(len(two.captured_queries)):
        assert len(comparison_rows(city_client.get(URL))) == 12
