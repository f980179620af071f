"""`/search/?q=…`: Chinese full-text search over every organisation's published periods, ranked,
the words marked, narrowed by facets; no result says so and offers nearby words."""

import re
from urllib.parse import unquote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from public.models import KeptPage
from targets.models import ReportingPeriod
from tests.conftest import assert_queries_do_not_grow, links, page_text, parsed_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def result_titles(response) -> list[str]:
    """The year-number of each result, in the order shown."""
    return [text for text, href in links(response) if href.startswith(("/targets/", "/en/targets/")) and "-" in text]


def test_5g_base_stations_finds_both_years_targets_ranked_first(client, imported_fixtures):
    response = client.get("/search/", {"q": "5G基站"})
    titles = result_titles(response)
    assert {"2023-86", "2022-58"} <= set(titles[:4])
    assert "找到" in page_text(response)
    assert ("mark", {"class": "search-word"}) in parsed_page(response).elements  # the words are marked


def test_childcare_places_are_found_though_jieba_does_not_know_the_word(client, imported_fixtures):
    titles = result_titles(client.get("/search/", {"q": "托位"}))
    assert {"2023-88", "2022-78"} <= set(titles)


def test_no_result_says_so_and_offers_nearby_words(client, imported_fixtures):
    response = client.get("/search/", {"q": "基站建设量子"})
    page = page_text(response)
    assert "找到 0 条推进情况" in page or "没有找到包含“基站建设量子”的推进情况" in page
    suggestions = [text for text, href in links(response) if href.startswith("?q=")]
    assert suggestions and "基站建设量子" not in suggestions


def test_a_one_character_and_a_500_character_query_both_answer(client, imported_fixtures):
    assert client.get("/search/", {"q": "托"}).status_code == 200
    assert result_titles(client.get("/search/", {"q": "托"}))
    long_query = ("新建并开通5G基站" * 70)[:500]
    response = client.get("/search/", {"q": long_query})
    assert response.status_code == 200 and "2023-86" in result_titles(response)


def test_facets_narrow_the_results_by_organisation_and_leader(client, city_and_counties):
    response = client.get("/search/", {"q": "基站"})
    facet = {text: unquote(href) for text, href in links(response) if href.startswith("?")}
    assert "菏泽市" in facet and facet["王昌华"] == "?q=基站&leader=王昌华"
    narrowed = client.get("/search/", {"q": "基站", "leader": "王昌华"})
    assert result_titles(narrowed) and all("王昌华" in text for text in page_text(narrowed).split("找到")[1:2])


def test_an_unpublished_period_is_never_searched(client, imported_fixtures):
    ReportingPeriod.objects.filter(code="2022-Q3").update(published=False)
    titles = result_titles(client.get("/search/", {"q": "5G基站"}))
    assert "2023-86" in titles and "2022-58" not in titles


def test_it_speaks_english_under_en(client, imported_fixtures):
    response = client.get("/en/search/", {"q": "5G基站"})
    assert response.headers["Content-Language"] == "en" and "2023-86" in result_titles(response)
    assert ("2023-86", "/en/targets/2023/86/") in links(response)


def test_its_queries_do_not_grow_with_the_data(client, imported_fixtures, django_assert_max_num_queries):
    assert_queries_do_not_grow(client, "/search/?q=基站&signal=green", django_assert_max_num_queries)


def test_each_facet_counts_the_results_as_narrowed(client, imported_fixtures):
    response = client.get("/search/", {"q": "基站", "leader": "王昌华", "signal": "green"})
    shown = len(result_titles(response))
    assert f"菏泽市 {shown}" in page_text(response)


def shown_results(client, **params) -> list[str]:
    return result_titles(client.get("/search/", {"q": "基站", **params}))


def count_only(client, monkeypatch, results: int) -> None:
    """Facets over the `results` most relevant results (the seeds hold three for 基站), the pages
    kept with the default emptied."""
    monkeypatch.setattr("public.search.FACET_RESULTS", results)
    KeptPage.objects.all().delete()


def test_the_facets_of_a_common_word_count_its_most_relevant_results_and_say_so(client, imported_fixtures, monkeypatch):
    everything = page_text(client.get("/search/", {"q": "基站"}))
    assert "只统计最相关的前" not in everything and "找到 3 条推进情况" in everything
    count_only(client, monkeypatch, 2)
    page = page_text(client.get("/search/", {"q": "基站"}))
    assert "左侧的筛选计数只统计最相关的前 2 条" in page and "找到 3 条推进情况" in page  # the count stays exact
    facets = client.get("/search/", {"q": "基站", "format": "json"}).json()["facets"]
    organisation = next(facet for facet in facets if facet["name"] == "org")
    assert [value["count"] for value in organisation["values"]] == [2]


def test_pages_within_and_beyond_the_counted_results_show_the_same_order(client, imported_fixtures, monkeypatch):
    pages = [shown_results(client, per_page=1, page=number) for number in (1, 2, 3)]
    count_only(client, monkeypatch, 2)  # pages 1 and 2 read by id, page 3 ranked
    assert [shown_results(client, per_page=1, page=number) for number in (1, 2, 3)] == pages
    assert len({title for page in pages for title in page}) == 3


def matching_scans(client, query: str) -> tuple[int, str]:
    """How many queries matched the words of `query` against the texts, and the page's text."""
    KeptPage.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        text = page_text(client.get("/search/", {"q": query}))
    # FTS5's MATCH, PostgreSQL's @@, and LIKE for a word matched inside the texts.
    scans = [query for query in queries.captured_queries if re.search(r"\bMATCH\b|@@|\bLIKE\b", query["sql"])]
    return len(scans), text


def test_the_matches_are_read_once_when_fewer_than_are_counted(client, imported_fixtures, monkeypatch):
    # 托位 is matched inside the texts (a scan of every text), 基站 through the index.
    scans, text = matching_scans(client, "托位")
    assert scans == 1 and "找到 2 条推进情况" in text
    scans, text = matching_scans(client, "基站")
    assert scans == 1 and "找到 3 条推进情况" in text
    # 3 results, 2 of them counted: the total is counted apart, and the first page (of 20) reaches
    # beyond the counted, so it is read from the ranked matches.
    count_only(client, monkeypatch, 2)
    scans, text = matching_scans(client, "基站")
    assert scans == 3 and "找到 3 条推进情况" in text
