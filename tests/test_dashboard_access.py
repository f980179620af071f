"""Every dashboard URL, downloads included: anonymous visitors log in first, other users get 403,
officials get the page. A dashboard URL pattern added without a case here fails the test."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import User
from django.urls import URLResolver, get_resolver, resolve, reverse

from targets.models import Leader, ReportingPeriod, Target, TaskNotice, Unit, WorkReport
from tests.conftest import (
    FIXTURES,
    NOTICE_2023_13,
    PROGRESS_FIXTURES,
    import_report,
    import_task_notice,
    import_work_report,
)

pytestmark = pytest.mark.django_db


def dashboard_routes(patterns=None, prefix: str = "") -> dict[str, str]:
    """The route of every officials' URL pattern under dashboard/, by name (by route when it has
    none). The upload pages under dashboard/imports/ are the importers' (test_upload_access.py)."""
    routes = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "uploads":
                routes |= dashboard_routes(pattern.url_patterns, route)
        elif route.startswith("dashboard/"):
            routes[pattern.name or route] = route
    return routes


@pytest.fixture(scope="module")
def urls(module_transaction) -> list[str]:
    """A concrete URL for each dashboard pattern, with real objects of the fixtures."""
    import_report("--publish", *PROGRESS_FIXTURES)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    import_task_notice(NOTICE_2023_13)
    code = ReportingPeriod.objects.latest_first().first().code
    target = Target.objects.filter(reports__isnull=False).first()
    return [
        reverse("dashboard:index"),
        reverse("dashboard:period-detail", args=[code]),
        reverse("dashboard:period-download", args=[code, "csv"]),
        reverse("dashboard:period-download", args=[code, "xlsx"]),
        reverse("dashboard:watch-list", args=[code]),
        reverse("dashboard:watch-list-csv", args=[code]),
        reverse("dashboard:children-comparison", args=[code]),
        reverse("dashboard:children-download", args=[code, "csv"]),
        reverse("dashboard:children-download", args=[code, "xlsx"]),
        reverse("dashboard:leader-detail", args=[Leader.objects.first().name]),
        reverse("dashboard:unit-detail", args=[Unit.objects.filter(report_units__isnull=False).first().name]),
        reverse("dashboard:target-detail", args=[target.year, target.seq]),
        reverse("dashboard:compare-periods"),
        reverse("dashboard:work-report-list"),
        reverse("dashboard:work-report-detail", args=[WorkReport.objects.get().pk]),
        reverse("dashboard:work-report-review", args=[WorkReport.objects.get().pk]),
        reverse("dashboard:work-report-promises", args=[WorkReport.objects.get().pk]),
        reverse("dashboard:notice-list"),
        reverse("dashboard:notice-detail", args=[TaskNotice.objects.get().pk]),
    ]


def test_every_dashboard_url_pattern_has_a_case_here(urls):
    assert {resolve(url).url_name for url in urls} == set(dashboard_routes())


def test_anonymous_visitors_are_sent_to_the_login_page(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login") + "?"), url
        assert parse_qs(urlparse(response.url).query)["next"] == [url]


def test_users_who_are_not_officials_are_forbidden(client, urls):
    client.force_login(User.objects.create_user("visitor", password="a-long-password-123"))
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_officials_get_every_page_and_download(official_client, urls):
    for url in urls:
        assert official_client.get(url).status_code == 200, url
