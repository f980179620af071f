"""`/dashboard/periods/<code>/watch/` and its CSV: red, yellow and contradicted reports with evidence."""

import csv

import pytest

from tests.conftest import PROGRESS_2023_H1, assert_queries_do_not_grow, import_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(official_client):
    return official_client


def test_it_asks_anonymous_visitors_to_log_in(client):
    import_report(PROGRESS_2023_H1)
    assert client.get("/dashboard/periods/2023-H1/watch/").status_code == 302
    assert client.get("/dashboard/periods/2023-H1/watch.csv").status_code == 302


def test_it_lists_flagged_reports_with_the_evidence_marked(official):
    import_report(PROGRESS_2023_H1)
    page = official.get("/dashboard/periods/2023-H1/watch/").content.decode()
    assert '<mark class="goal">1700 个以上</mark>' in page and '<mark class="achieved">807 个</mark>' in page
    assert '<mark class="achieved">10.52 亿元</mark>' in page  # water investment: red, reported 是
    assert "与报告状态矛盾" in page
    assert "10587" not in page  # childcare places are done: not on the list
    assert page.index("10.52 亿元") < page.index("807 个")  # 14.9 points behind before 2.5


def test_the_csv_has_the_same_rows(official):
    import_report(PROGRESS_2023_H1)
    response = official.get("/dashboard/periods/2023-H1/watch.csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff") and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(text.lstrip("\ufeff").splitlines()))
    base_stations = next(row for row in rows if row["seq"] == "86")
    assert (base_stations["completion"], base_stations["expected"], base_stations["signal"]) == (
        "47.5%",
        "50.0%",
        "yellow",
    )
    assert all(row["signal"] in ("red", "yellow") or row["contradiction"] == "yes" for row in rows)


def test_an_unknown_period_is_not_found(official):
    assert official.get("/dashboard/periods/2031-H1/watch/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(official, django_assert_max_num_queries):
    import_report(PROGRESS_2023_H1)
    assert_queries_do_not_grow(official, "/dashboard/periods/2023-H1/watch/", django_assert_max_num_queries)
