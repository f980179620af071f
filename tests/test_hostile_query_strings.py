"""Hostile paths and query strings get 400 or 404, never a server error, on SQLite and PostgreSQL."""

from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from targets.models import Leader, ReportingPeriod, Target, Unit, WorkReport
from tests.conftest import FIXTURES, PROGRESS_FIXTURES, import_report, import_work_report, table_rows

pytestmark = pytest.mark.django_db
ALLOWED = {200, 302, 400, 404}
# The parameters the pages read: the period picker, compare's two periods, the report filter,
# django-tables2's sorting and paging.
PARAMETERS = [
    "period",
    "a",
    "b",
    "leader",
    "unit",
    "status",
    "signal",
    "deadline",
    "q",
    "sort",
    "page",
    "per_page",
    "org",
]
# Values the pages accept (the fixtures' period codes, sorts, choices) and values they must refuse.
REAL = ["2023-H1", "2022-Q3", "2020-H1", "seq", "-seq", "leader", "-signal", "completion", "on_track", "red", "ongoing"]
HOSTILE = ["\x00", "a\x00b", "-1", "0", "-0", "1e9", "", " ", "%00", "NaN", "9" * 30, "-" + "9" * 30, "١٢", "content"]
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)  # any character a URL can carry
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(REAL),
    st.integers(min_value=-5, max_value=5).map(str),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    TEXT,
)


@pytest.fixture
def pages(db) -> dict[str, str]:
    """Every officials' page with real objects of the imported fixtures, and the public index."""
    import_report("--publish", *PROGRESS_FIXTURES)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    code = ReportingPeriod.objects.latest_first().first().code
    target = Target.objects.filter(reports__isnull=False).first()
    return {
        "public index": reverse("public:index"),
        "public period": reverse("public:period-detail", args=[code]),
        "public target": reverse("public:target-detail", args=[target.year, target.seq]),
        "public leader": reverse("public:leader-detail", args=[Leader.objects.first().name]),
        "public search": reverse("public:search"),
        "public english period": "/en" + reverse("public:period-detail", args=[code]),
        "overview": reverse("dashboard:index"),
        "period": reverse("dashboard:period-detail", args=[code]),
        "period csv": reverse("dashboard:period-download", args=[code, "csv"]),
        "period xlsx": reverse("dashboard:period-download", args=[code, "xlsx"]),
        "watch list": reverse("dashboard:watch-list", args=[code]),
        "watch list csv": reverse("dashboard:watch-list-csv", args=[code]),
        "leader": reverse("dashboard:leader-detail", args=[Leader.objects.first().name]),
        "unit": reverse("dashboard:unit-detail", args=[Unit.objects.filter(report_units__isnull=False).first().name]),
        "target": reverse("dashboard:target-detail", args=[target.year, target.seq]),
        "compare": reverse("dashboard:compare-periods"),
        "work reports": reverse("dashboard:work-report-list"),
        "work report": reverse("dashboard:work-report-detail", args=[WorkReport.objects.get().pk]),
    }


@st.composite
def query_strings(draw) -> str:
    """Any of the pages' own parameters (each present about half the time) and a few made-up
    ones, with any values, then raw ASCII with stray %, & and = that no form would send."""
    pairs = list(draw(st.fixed_dictionaries({}, optional=dict.fromkeys(PARAMETERS, VALUES))).items())
    pairs += draw(st.lists(st.tuples(TEXT, VALUES), max_size=2))
    raw = draw(st.text(st.sampled_from("%&=+;/?abz09fF\x00-. "), max_size=12))
    return f"{urlencode(pairs)}&{raw}"


# The fixtures are read-only data and a logged-in client: every example only sends GET requests
# (the page cache aside, they write nothing), so sharing them between examples is sound.
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=query_strings())
@example(query="per_page=-1&page=-1")  # the 500s found by hand, tried on every run
@example(query="period=%00&q=a%00b&leader=%00")
def test_no_query_string_makes_any_page_fail(official_client, pages, query):
    for page in pages.values():
        status = official_client.get(f"{page}?{query}").status_code
        assert status in ALLOWED, f"{page}?{query} gave {status}"


# The paged lists; a page size is checked before anything is read, so these need no data.
PAGED = ["/dashboard/periods/2023-H1/", "/dashboard/leaders/王昌华/", "/dashboard/units/市财政局/", "/periods/2023-H1/"]


@pytest.mark.parametrize("per_page", ["-1", "0", "100000000"])
@pytest.mark.parametrize("url", [*PAGED, "/leaders/王昌华/"])
def test_a_page_size_out_of_range_is_a_bad_request(official_client, url, per_page):
    assert official_client.get(url, {"per_page": per_page}).status_code == 400


def test_a_page_size_in_range_is_honoured(official_client, pages):
    page = official_client.get(pages["period"], {"per_page": "3"})
    assert page.status_code == 200
    assert len(table_rows(page, "序号")) == 1 + 3  # the header row and three reports


@pytest.mark.parametrize(
    "url",
    [
        "/dashboard/?period=%00",
        "/dashboard/periods/2023-H1/?q=%00",
        "/dashboard/periods/2023-H1/?leader=1%00",
        "/dashboard/periods/2023-H1/?a%00=1",
        "/dashboard/periods/2023-%00H1/",
        "/dashboard/periods/%00/reports.csv",
        "/dashboard/periods/%00/watch/",
        "/dashboard/leaders/a%00b/",
        "/dashboard/units/a%00b/",
        "/dashboard/compare/?a=%00&b=2023-H1",
        "/?x=%00",
        "/periods/2023-H1/?leader=%00",
        "/search/?q=%00",
        "/targets/2023/%00/",
    ],
)
def test_a_nul_in_the_path_or_the_query_is_a_bad_request(official_client, url):
    assert official_client.get(url).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        f"/dashboard/targets/{'9' * 30}/1/",
        f"/dashboard/targets/2023/{'9' * 30}/",
        f"/dashboard/work-reports/{'9' * 30}/",
        f"/dashboard/leaders/{quote('王' * 300)}/",
        f"/dashboard/periods/{quote('期' * 300)}/",
        f"/targets/{'9' * 30}/1/",
        f"/leaders/{quote('王' * 300)}/",
        f"/o/{quote('a' * 300)}/",
        f"/en/periods/{quote('期' * 300)}/",
    ],
)
def test_huge_numbers_and_long_names_in_the_path_are_not_found(official_client, path):
    assert official_client.get(path).status_code == 404
