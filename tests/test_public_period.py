"""`/periods/<code>/`: a published period's reports with facets, sorting and pages; the address
holds the whole state."""

from urllib.parse import unquote

import pytest

from targets.models import ProgressReport, ReportingPeriod
from tests.conftest import PROGRESS_2020_H1, assert_queries_do_not_grow, import_report, links, page_text, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]
URL = "/periods/2023-H1/"


def seqs(response) -> list[str]:
    return [row[0] for row in table_rows(response, "序号")[1:]]


def facet_links(response) -> dict[str, str]:
    """Each facet value's link text → its address (with the query string), as a reader sees it."""
    return {text: unquote(href) for text, href in links(response) if href.startswith("?")}


def test_each_facet_lists_its_values_with_their_counts(client, imported_fixtures):
    page = page_text(client.get(URL))
    assert "进度信号 ● 按序时推进 34" in page or "● 按序时推进 34" in page
    red = ProgressReport.objects.filter(period__code="2023-H1", pace__signal="red").count()
    assert f"■ 明显滞后 {red}" in page
    assert "完成时限 年底 200 其他日期 6" in page and "市政府领导 肖友华 53 王昌华 45" in page


def test_a_facet_value_narrows_the_list_and_two_narrow_it_further(client, imported_fixtures):
    first = client.get(URL)
    assert facet_links(first)["王昌华"] == "?leader=王昌华"
    narrowed = client.get(f"{URL}?leader=王昌华")
    by_leader = ProgressReport.objects.filter(period__code="2023-H1", leader__name="王昌华")
    assert len(seqs(narrowed)) == min(by_leader.count(), 50)
    assert facet_links(narrowed)["■ 明显滞后"] == "?leader=王昌华&signal=red"
    both = client.get(f"{URL}?leader=王昌华&signal=red")
    expected = sorted(str(seq) for seq in by_leader.filter(pace__signal="red").values_list("target__seq", flat=True))
    assert sorted(seqs(both)) == expected
    # The chosen value can be taken off again, the other kept.
    assert ("×", "?signal=red") in [(text, unquote(href)) for text, href in links(both)]


@pytest.mark.parametrize("code", ["2023-H1", "2022-Q3", "2020-H1"])
def test_each_facet_values_count_is_the_number_of_reports_it_narrows_the_list_to(client, imported_fixtures, code):
    facets = client.get(f"/periods/{code}/?format=json").json()["facets"]
    assert [facet["name"] for facet in facets] == ["leader", "unit", "status", "signal", "deadline"]
    for facet in facets:
        assert facet["values"], facet["name"]
        for value in facet["values"][:4]:  # the most frequent: a page's worth of units takes long
            narrowed = client.get(f"/periods/{code}/", {facet["name"]: value["value"], "format": "json"}).json()
            assert narrowed["paging"]["count"] == value["count"], (facet["name"], value["value"])


def test_a_report_without_units_is_counted_under_no_unit(client, imported_fixtures):
    report = ProgressReport.objects.filter(period__code="2023-H1").order_by("target__seq").first()
    report.report_units.all().delete()
    facets = {facet["name"]: facet for facet in client.get(f"{URL}?format=json").json()["facets"]}
    values = [value["value"] for value in facets["unit"]["values"]]
    assert values and None not in values and "" not in values
    assert facets["unit"]["values"] == sorted(
        facets["unit"]["values"], key=lambda value: (-value["count"], value["value"])
    )


def test_it_sorts_and_pages_through_the_address(client, imported_fixtures):
    assert len(seqs(client.get(URL))) == 50 and seqs(client.get(f"{URL}?page=5"))[-1] == "200"
    by_completion = ProgressReport.objects.filter(period__code="2023-H1", pace__completion__isnull=False)
    most = by_completion.order_by("-pace__completion").first().pace.completion
    header, first = table_rows(client.get(f"{URL}?sort=-completion"), "序号")[:2]
    assert dict(zip(header, first, strict=True))["完成度"] == f"{most * 100:.1f}%"


def test_a_partial_table_says_what_it_covers(client, db):
    import_report("--publish", PROGRESS_2020_H1)
    page = page_text(client.get("/periods/2020-H1/"))
    assert "本表列出 56 项（原文共 196 项） 所列序号：1–28、30–57。 缺少序号 29。" in page
    assert "原表不完整 1" in page  # the status facet


def test_an_unpublished_period_is_not_found(client, imported_fixtures):
    ReportingPeriod.objects.filter(code="2022-Q3").update(published=False)
    assert client.get("/periods/2022-Q3/").status_code == 404
    assert client.get("/periods/2031-H1/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(client, imported_fixtures, django_assert_max_num_queries):
    assert_queries_do_not_grow(client, f"{URL}?signal=red&sort=-completion", django_assert_max_num_queries)


def test_every_signal_in_the_list_links_to_what_it_means(client, imported_fixtures):
    response = client.get(f"{URL}?signal=green")
    signal_links = [href for text, href in links(response) if text == "● 按序时推进"]
    assert len(signal_links) == 34 and set(signal_links) == {"/pace/"}


def test_it_draws_the_periods_charts_with_their_tables(client, imported_fixtures):
    page = page_text(client.get(URL))
    assert "各位市政府领导的报告状态" in page and "数据表" in page
