"""Every public list and record page has its JSON form (`?format=json`): what the page shows, with
the same filters and paging, a `version`, and the addresses of the next and previous pages. Its
keys are pinned here: a change of shape must raise JSON_VERSION (and these lists)."""

import json

import pytest

from public.json_forms import JSON_VERSION
from targets.cache import bump_data_version
from targets.models import ProgressReport, ReportingPeriod
from tests.conftest import PROGRESS_FIXTURES, assert_queries_do_not_grow, import_report

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]
PAGES = {
    "index": "/",
    "period": "/periods/2023-H1/?leader=王昌华&signal=green",
    "target": "/targets/2023/86/",
    "leader": "/leaders/王昌华/",
    "unit": "/units/市财政局/",
    "organisations": "/organisations/",
    "search": "/search/?q=5G基站",
}


def form(client, url: str) -> dict:
    response = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert response.status_code == 200, (url, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def key_paths(value, prefix: str = "") -> set[str]:
    """Every key of a form as a path (`reports[].units[].role`); open mappings (counts by code,
    a report's extra columns) are kept as one key."""
    if isinstance(value, list):
        return set().union(*(key_paths(item, f"{prefix}[]") for item in value)) if value else set()
    if not isinstance(value, dict) or prefix.rsplit(".", 1)[-1] in OPEN_MAPPINGS:
        return set()
    paths = set()
    for key, item in value.items():
        path = f"{prefix}.{key}" if prefix else key
        paths |= {path} | key_paths(item, path)
    return paths


OPEN_MAPPINGS = ("status", "signal", "extras", "filters")


def under(prefix: str, keys: set[str]) -> set[str]:
    return {prefix} | {f"{prefix}.{key}" if not key.startswith("[]") else prefix + key for key in keys}


ENVELOPE = {"version", "kind", "language", "html", *under("organisation", {"code", "name", "level"})}
PAGING = under("paging", {"count", "page", "pages", "per_page", "next", "previous"})
COUNTS = {"reports", "status", "signal", "measurable", "on_pace", "contradictions"}
UNITS = {"[].name", "[].as_written", "[].role"}
REPORT = {
    "period", "year", "seq", "target", "deadline", "leader", "status", "status_label", "status_as_written",
    "progress", "extras", "signal", "signal_label", "completion", "expected", "url",
} | {f"units{key}" for key in UNITS} | {"units"}  # fmt: skip
PERIOD = {"code", "label", "year", "kind", "as_of", "url"}
EXTENT = {"extent", "extent.summary", "extent.details", "extent.partial"}
FACETS = under(
    "facets",
    {"[].name", "[].label", "[].values"} | {f"[].values[].{k}" for k in ("value", "label", "count", "chosen")},
)


def items(prefix: str, keys: set[str]) -> set[str]:
    return {prefix} | {f"{prefix}[].{key}" for key in keys}


PINNED = {
    "index": ENVELOPE | PAGING | under("latest", PERIOD | EXTENT) | under("latest_counts", COUNTS)
    | items("periods", PERIOD | {"targets", "reports", "status"}),
    "period": ENVELOPE | PAGING | FACETS | {"filters"} | under("period", PERIOD | EXTENT) | items("reports", REPORT),
    "target": ENVELOPE | under("target", {"year", "seq", "content", "deadline", "due_date", "url"})
    | items("history", REPORT | {"question"}) | items("linked", {"year", "seq", "url"}),
    "leader": ENVELOPE | PAGING | {"leader"} | under("counts", COUNTS) | items("reports", REPORT)
    | items("units", {"unit", "counts"} | {f"counts.{key}" for key in COUNTS}),
    "unit": ENVELOPE | PAGING | {"unit"} | under("counts", COUNTS) | items("reports", REPORT),
    "organisations": ENVELOPE | items("organisations", {"code", "name", "level", "parent", "url"}),
    "search": ENVELOPE - under("organisation", {"code", "name", "level"}) | {"organisation"} | PAGING | FACETS
    | {"query", "filters", "suggestions"} | items("reports", REPORT | {"organisation"}),
}  # fmt: skip


@pytest.fixture
def one_draft(db):
    """2022 Q3 unpublished (a draft), the rest published."""
    import_report("--publish", *PROGRESS_FIXTURES)
    ProgressReport.objects.filter(period__code="2022-Q3").update()

    ReportingPeriod.objects.filter(code="2022-Q3").update(published=False)
    bump_data_version()


@pytest.mark.parametrize("kind", PAGES)
def test_each_form_keeps_its_pinned_keys_under_its_version(client, imported_fixtures, kind):
    data = form(client, PAGES[kind])
    assert data["version"] == JSON_VERSION == 1 and data["kind"] == kind
    assert key_paths(data) == PINNED[kind]


def test_a_list_form_holds_the_pages_rows_in_its_order_with_links_to_its_neighbours(client, imported_fixtures):
    first = form(client, "/periods/2023-H1/?per_page=20&sort=seq")
    assert first["paging"]["count"] == ProgressReport.objects.filter(period__code="2023-H1").count() == 213
    assert first["paging"]["pages"] == 11 and first["paging"]["previous"] is None
    assert [report["seq"] for report in first["reports"]][:3] == [1, 2, 3]
    following = client.get(first["paging"]["next"])
    second = json.loads(following.content)
    assert second["paging"]["page"] == 2 and second["paging"]["previous"].endswith("page=1")
    assert {report["seq"] for report in second["reports"]}.isdisjoint(report["seq"] for report in first["reports"])
    assert first["reports"][0]["url"] == "http://testserver/targets/2023/1/"


def test_a_narrowed_list_form_says_its_filters_and_counts_what_they_leave(client, imported_fixtures):
    data = form(client, PAGES["period"])
    assert data["filters"] == {"leader": "王昌华", "signal": "green"}
    assert data["reports"] and all(r["leader"] == "王昌华" and r["signal"] == "green" for r in data["reports"])
    leaders = next(facet for facet in data["facets"] if facet["name"] == "leader")
    assert [(v["value"], v["chosen"]) for v in leaders["values"]] == [("王昌华", True)]
    assert data["paging"]["count"] == len(data["reports"])


def test_the_target_form_holds_its_history_across_years_with_each_tables_question(client, imported_fixtures):
    data = form(client, "/targets/2023/86/")
    assert data["target"]["content"] == "新建并开通 5G 基站 1700 个以上"
    history = {(entry["period"], entry["seq"]): entry for entry in data["history"]}
    assert ("2022-Q3", 58) in history and ("2023-H1", 86) in history
    assert history["2022-Q3", 58]["question"] == "是否按计划完成进度"
    assert data["linked"] == [{"year": 2022, "seq": 58, "url": "http://testserver/targets/2022/58/"}]


def test_search_finds_the_same_reports_as_its_page(client, imported_fixtures):
    data = form(client, PAGES["search"])
    assert {(r["period"], r["seq"]) for r in data["reports"]} >= {("2023-H1", 86), ("2022-Q3", 58)}
    assert data["query"] == "5G基站" and data["reports"][0]["organisation"] == "heze"
    assert form(client, "/search/?q=托位")["paging"]["count"] == 2


def test_no_form_shows_a_draft(client, one_draft):
    forms = [form(client, url) for url in PAGES.values()]
    forms += [form(client, "/search/?q=基站"), form(client, "/periods/2023-H1/?per_page=500")]
    for data in forms:
        text = json.dumps(data, ensure_ascii=False)
        assert "2022-Q3" not in text and "2022年第三季度" not in text, data["kind"]
    assert client.get("/periods/2022-Q3/?format=json").status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "format=xml",
        "format=json&page=999",
        "format=json&page=abc",
        "format=json&per_page=100000",
        "format=json&per_page=0",
    ],
)
def test_a_bad_format_page_or_page_size_is_a_clear_400(client, imported_fixtures, query):
    for url in ("/periods/2023-H1/", "/leaders/王昌华/", "/search/?q=基站"):
        response = client.get(url + ("&" if "?" in url else "?") + query)
        assert response.status_code == 400, (url, query)


def test_a_page_without_a_json_form_says_so(client, imported_fixtures):
    assert client.get("/pace/?format=json").status_code == 400


def test_any_site_may_read_a_form_and_english_lives_under_en(client, imported_fixtures):
    response = client.get("/periods/2023-H1/?format=json&per_page=1")
    assert response["Access-Control-Allow-Origin"] == "*"
    chinese = json.loads(response.content)["reports"][0]
    english = form(client, "/en/periods/2023-H1/?per_page=1")
    assert english["language"] == "en" and english["reports"][0]["status"] == chinese["status"]
    assert english["reports"][0]["status_label"] != chinese["status_label"]
    assert english["html"] == "http://testserver/en/periods/2023-H1/?per_page=1"


def test_a_form_is_kept_like_its_page(client, imported_fixtures, django_assert_max_num_queries):
    first = client.get("/targets/2023/86/?format=json")
    with django_assert_max_num_queries(2):
        again = client.get("/targets/2023/86/?format=json")
    assert again.content == first.content and again["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/periods/2023-H1/?format=json&signal=red", "/search/?q=基站&format=json"])
def test_its_queries_do_not_grow_with_the_data(
    client, imported_fixtures, django_assert_max_num_queries, monkeypatch, url
):
    # A search with fewer results than its facets count has its count from them; the bound is
    # lowered below the fixtures' three for 基站, so that they, like five times the data, count apart.
    monkeypatch.setattr("public.search.FACET_RESULTS", 2)
    assert_queries_do_not_grow(client, url, django_assert_max_num_queries)
