"""`/`: the public list of published periods."""

import pytest

from targets.models import ReportingPeriod
from tests.conftest import PROGRESS_2020_H1, PROGRESS_2023_H1, import_report, links, page_text, table_rows

pytestmark = pytest.mark.django_db


def test_it_lists_published_periods_with_their_counts(client, imported_fixtures):
    ReportingPeriod.objects.filter(code="2020-H1").update(published=False)
    response = client.get("/")
    assert response.status_code == 200
    assert "2022年第三季度" in page_text(response) and "2020年上半年" not in page_text(response)
    assert ["2023年上半年", "2023-06-30", "200", "213", "212", "0", "1", "0", "0"] in table_rows(response, "报告期")


def test_it_says_so_when_nothing_is_published(client, db):
    import_report(PROGRESS_2020_H1)
    assert "还没有公开的报告期" in client.get("/").content.decode()


def test_it_runs_three_queries_whatever_the_number_of_periods(client, db, django_assert_num_queries):
    import_report("--publish", PROGRESS_2020_H1)
    with django_assert_num_queries(3):  # the organisation, the others, the periods with their counts
        client.get("/")
    import_report("--publish", PROGRESS_2023_H1)
    with django_assert_num_queries(3):
        client.get("/")


def test_it_speaks_english_when_asked(client, imported_fixtures):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.headers["Content-Language"] == "en"
    page = response.content.decode()
    assert "Published reporting periods" in page and "On plan" in page
    assert "已公开的报告期" not in page


def test_each_organisation_lists_its_own_published_periods_under_its_code(client, city_and_counties):
    ReportingPeriod.objects.filter(organisation__code="juye").update(published=False)
    county = client.get("/o/dingtao/")
    assert "定陶区" in page_text(county)
    assert [row[:4] for row in table_rows(county, "报告期")[1:]] == [["2023年上半年", "2023-06-30", "3", "3"]]
    assert "还没有公开的报告期" in page_text(client.get("/o/juye/"))
    assert table_rows(client.get("/"), "报告期")[1][:4] == ["2023年上半年", "2023-06-30", "200", "213"]


def test_the_list_links_to_the_other_organisations(client, city_and_counties):
    assert ("巨野县", "/o/juye/") in links(client.get("/o/dingtao/"))
    assert ("菏泽市", "/") in links(client.get("/o/dingtao/"))


def test_an_unknown_organisation_is_not_found_and_the_default_one_lives_at_the_root(client, city_and_counties):
    assert client.get("/o/nosuch/").status_code == 404
    response = client.get("/o/heze/")
    assert response.status_code == 302 and response["Location"] == "/"
