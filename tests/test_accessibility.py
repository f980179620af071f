"""Every kind of page passes axe-core (its default rules, any impact) on a desktop and on a
390-px phone, and none is wider than the phone: the pages a crawl reaches from `/` and, as an
official, from `/dashboard/` (one page of each URL pattern and organisation), the login page and
the error pages (404, and 403 for an official who may not upload). axe-core comes from npm (`make test` installs it) and is served to the page by
the test itself, never from a CDN."""

import re
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from django.urls import Resolver404, resolve

from targets.models import Organisation
from tests.conftest import (
    FIXTURES,
    NOTICE_2023_13,
    PROGRESS_2023_H1,
    PROGRESS_FIXTURES,
    import_report,
    import_task_notice,
    import_work_report,
    log_in_browser,
    make_importer,
    make_official,
    restore_migration_data,
)
from uploads.services import new_upload

# Pages render alike on both databases; the upload browser test covers the worker on each. Run in
# the PostgreSQL pass: the SQLite pass carries the other browser tests and the benchmarks.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.database_independent,
    pytest.mark.in_postgresql_pass,
]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# Not pages: downloads, the admin (Django's own), logging out and the language switch (forms).
SKIPPED = ("/admin/", "/accounts/logout/", "/i18n/", ".csv", ".xlsx", ".json", ".sqlite3", "/file")
MOST_PAGES = 80


@pytest.fixture
def axe(page, live_server):
    """axe-core served from node_modules at a path of the site (so the pages' own CSP allows it)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does)")
    page.context.route(f"{live_server.url}/__axe.min.js", lambda route: route.fulfill(path=str(AXE)))
    return page


@pytest.fixture
def official(live_server):
    """An official who may also upload (so the crawl reaches the upload pages, one upload among
    them), and one who may not (who gets the 403 page there)."""
    restore_migration_data()
    import_report("--publish", *PROGRESS_FIXTURES)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    import_task_notice(NOTICE_2023_13)
    organisation = Organisation.objects.default()
    make_official("reader", organisation)
    importer = make_importer("official", organisation)
    new_upload(organisation, importer, "progress", PROGRESS_2023_H1.name, PROGRESS_2023_H1.read_bytes(), "")
    return importer


def kind_of(path: str) -> str | None:
    """The URL pattern a path shows (its name and organisation), None for what is not a page."""
    if any(part in path for part in SKIPPED):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}:{match.kwargs.get('code', '')}"


def violations_here(page, viewport: str) -> list[str]:
    """axe-core's violations on the page as loaded, and a too-wide page, one line each."""
    page.add_script_tag(url="/__axe.min.js")
    results = page.evaluate(
        """async () => (await axe.run(document)).violations.map(
            v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"""
    )
    found = [f"{page.url} [{viewport}] {line}" for line in results]
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > VIEWPORTS[viewport]["width"]:
        found.append(f"{page.url} [{viewport}] {width} px wide")
    return found


def violations_of(page, url: str, viewports=tuple(VIEWPORTS)) -> list[str]:
    """violations_here at each viewport."""
    found = []
    for viewport in viewports:
        page.set_viewport_size(VIEWPORTS[viewport])
        page.goto(url)
        found += violations_here(page, viewport)
    return found


def crawl(page, live_server, start: str) -> tuple[list[str], list[str]]:
    """One page of each kind reached from `start`, following the site's own links, and their
    violations: at the desktop width as the crawl loads them, then at the phone's."""
    seen_kinds, queue, pages, problems = set(), [start], [], []
    page.set_viewport_size(VIEWPORTS["desktop"])
    while queue and len(pages) < MOST_PAGES:
        path = queue.pop(0)
        kind = kind_of(urlparse(path).path)
        if kind is None or kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        pages.append(path)
        page.goto(f"{live_server.url}{path}")
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlparse(urldefrag(href)[0])
            if url.hostname in ("127.0.0.1", "localhost") and url.port == urlparse(live_server.url).port:
                queue.append(url.path)
        problems += violations_here(page, "desktop")
    for path in pages:
        problems += violations_of(page, f"{live_server.url}{path}", ["phone"])
    return pages, problems


def test_every_public_page_passes_axe_and_fits_a_phone(official, axe, live_server):
    page = axe
    public, problems = crawl(page, live_server, "/")
    problems += violations_of(page, f"{live_server.url}/no-such-page/")
    page.console_errors[:] = [error for error in page.console_errors if not re.search(r"status of 404 ", error)]
    assert len(public) >= 10, public
    assert problems == [], "\n".join(problems)


# The officials' pages apart from the public ones: two tests, which two test processes run at once.
def test_every_officials_page_passes_axe_and_fits_a_phone(official, axe, live_server):
    page = axe
    problems = violations_of(page, f"{live_server.url}/accounts/login/")
    log_in_browser(page, live_server, "reader")
    problems += violations_of(page, f"{live_server.url}/dashboard/imports/")  # 403: not an importer
    # The console reports the 403 the test asked for; any other error still fails the test.
    page.console_errors[:] = [error for error in page.console_errors if not re.search(r"status of 403 ", error)]
    page.context.clear_cookies()
    log_in_browser(page, live_server, "official")
    officials, found = crawl(page, live_server, "/dashboard/")
    problems += found
    assert len(officials) >= 10, officials
    assert "/dashboard/imports/" in officials and any(re.fullmatch(r"/dashboard/imports/\d+/", p) for p in officials)
    assert problems == [], "\n".join(problems)
