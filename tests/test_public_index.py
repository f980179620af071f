"""`/`: the latest published period at a glance, a search box, and every published period."""

import pytest

from targets.models import ReportingPeriod
from tests.conftest import PROGRESS_2020_H1, PROGRESS_2023_H1, import_report, links, page_text, table_rows

pytestmark = pytest.mark.django_db


def test_it_shows_the_latest_published_period_at_a_glance(client, imported_fixtures):
    page = page_text(client.get("/"))
    assert "最新一期：2023年上半年" in page and "本表列出 200 项" in page
    assert "213推进情况 212按计划推进 0未按计划 1不再实施" in page
    assert ("序时进度和信号是什么意思？", "/pace/") in links(client.get("/"))
    assert ("查看本期全部推进情况", "/periods/2023-H1/") in links(client.get("/"))


def test_it_lists_published_periods_with_their_counts_and_links(client, imported_fixtures):
    ReportingPeriod.objects.filter(code="2020-H1").update(published=False)
    response = client.get("/")
    assert "2022年第三季度" in page_text(response) and "2020年上半年" not in page_text(response)
    assert ["2023年上半年", "2023-06-30", "200", "213", "212", "0", "1", "0", "0", "0"] in table_rows(
        response, "报告期"
    )
    assert ("2022年第三季度", "/periods/2022-Q3/") in links(response)


def test_a_partial_periods_row_counts_its_cut_off_row_as_incomplete(client, db):
    import_report("--publish", PROGRESS_2020_H1)
    header, row = table_rows(client.get("/"), "报告期")[:2]
    counts = dict(zip(header, row, strict=True))
    assert (counts["未报告"], counts["原表不完整"]) == ("0", "1")


def test_it_says_so_when_nothing_is_published(client, db):
    import_report(PROGRESS_2020_H1)
    assert "还没有公开的报告期" in page_text(client.get("/"))


def test_its_queries_do_not_grow_with_the_number_of_periods(client, db, django_assert_max_num_queries):
    # One to look for a kept copy, nine to read the page (periods counted for paging), four to
    # keep it; then two a visit.
    import_report("--publish", PROGRESS_2020_H1)
    with django_assert_max_num_queries(14):
        client.get("/")
    import_report("--publish", PROGRESS_2023_H1)
    with django_assert_max_num_queries(14):
        client.get("/")
    with django_assert_max_num_queries(2):  # the kept copy, the data versions
        client.get("/")


def test_english_lives_under_en_and_the_switch_is_a_plain_link(client, imported_fixtures):
    response = client.get("/en/")
    assert response.headers["Content-Language"] == "en"
    page = page_text(response)
    assert "Published reporting periods" in page and "已公开的报告期" not in page
    assert ("中文", "/") in links(response)
    assert ("English", "/en/") in links(client.get("/"))
    # The address alone decides: a browser asking for English at / gets Chinese, for everyone alike.
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert chinese.headers["Content-Language"] == "zh-hans" and "Accept-Language" not in chinese.get("Vary", "")


def test_each_organisation_lists_its_own_published_periods_under_its_code(client, city_and_counties):
    ReportingPeriod.objects.filter(organisation__code="juye").update(published=False)
    county = client.get("/o/dingtao/")
    assert "定陶区" in page_text(county)
    assert [row[:4] for row in table_rows(county, "报告期")[1:]] == [["2023年上半年", "2023-06-30", "3", "3"]]
    assert ("2023年上半年", "/o/dingtao/periods/2023-H1/") in links(county)
    assert "还没有公开的报告期" in page_text(client.get("/o/juye/"))
    assert table_rows(client.get("/"), "报告期")[1][:4] == ["2023年上半年", "2023-06-30", "200", "213"]


def test_the_list_links_to_the_other_organisations(client, city_and_counties):
    assert ("巨野县", "/o/juye/") in links(client.get("/o/dingtao/"))
    assert ("菏泽市", "/") in links(client.get("/o/dingtao/"))
    assert ("巨野县", "/o/juye/") in links(client.get("/organisations/"))


def test_an_unknown_organisation_is_not_found_and_the_default_one_lives_at_the_root(client, city_and_counties):
    assert client.get("/o/nosuch/").status_code == 404
    response = client.get("/o/heze/")
    assert response.status_code == 302 and response["Location"] == "/"
