"""The public site is read-only and shows published periods only: never drafts, user names,
import batches or source files, review flags or the way into the admin."""

from urllib.parse import urlparse

import pytest
from django.contrib.auth.models import User

from targets.models import ProgressReport, ReportingPeriod, Unit
from tests.conftest import PROGRESS_FIXTURES, import_report, links, page_text

pytestmark = pytest.mark.django_db
START = ["/", "/en/", "/pace/", "/organisations/", "/search/?q=基站"]


def crawl(client) -> dict[str, object]:
    """Every public page a reader reaches from the start pages (their responses by address),
    the facets' and sorting links included; downloads and other sites left out."""
    seen, queue = {}, list(START)
    while queue and len(seen) < 150:
        url = queue.pop(0)
        if url in seen:
            continue
        seen[url] = response = client.get(url)
        assert response.status_code == 200, url
        for _text, href in links(response):
            target = href if href.startswith("/") else urlparse(url).path + href if href.startswith("?") else None
            downloads = target and (target.split("?")[0].endswith((".csv", ".xlsx")) or "format=json" in target)
            if target and not downloads and not target.startswith(("/dashboard/", "/accounts/", "/admin/", "/static/")):
                queue.append(target.split("#")[0])
    return seen


@pytest.fixture(scope="module")
def one_draft(module_transaction):
    """2022 Q3 unpublished (a draft), the rest published; a user and a unit under review exist.
    Made once for the module (module_transaction's rules)."""
    import_report("--publish", *PROGRESS_FIXTURES)
    ReportingPeriod.objects.filter(code="2022-Q3").update(published=False)
    User.objects.create_user("wang-importer", password="a-long-password-1", first_name="王", last_name="导入")
    Unit.objects.filter(name="市财政局").update(needs_review=True)


def test_no_public_page_shows_a_draft_a_user_a_batch_a_file_or_the_admin(client, one_draft):
    draft_only = ProgressReport.objects.filter(period__code="2022-Q3").exclude(
        target__content__in=ProgressReport.objects.exclude(period__code="2022-Q3").values("target__content")
    )
    draft_texts = [report.progress[:20] for report in draft_only if len(report.progress) > 20][:20]
    pages = crawl(client)
    assert len(pages) > 30
    for url, response in pages.items():
        text, html = page_text(response), response.content.decode()
        assert "2022年第三季度" not in text and "/periods/2022-Q3/" not in html, url
        assert not any(snippet in text for snippet in draft_texts), url
        assert "wang-importer" not in html and "王导入" not in text, url
        assert ".txt" not in text and "progress-report" not in html and "导入批次" not in text, url
        assert "待审核" not in text and "needs_review" not in html, url
        assert "/admin/" not in html and "/dashboard/" not in html, url


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_changed_through_a_public_page(client, one_draft, method):
    for url in ["/", "/periods/2023-H1/", "/targets/2023/86/", "/leaders/王昌华/", "/search/?q=基站", "/pace/"]:
        assert getattr(client, method)(url).status_code == 405, (method, url)


def test_every_page_has_its_title_and_description_and_runs_no_inline_script(client, one_draft):
    for url in ["/", "/periods/2023-H1/", "/targets/2023/86/", "/leaders/王昌华/", "/units/市财政局/", "/pace/"]:
        response = client.get(url)
        html = response.content.decode()
        assert '<meta name="description" content="' in html and "<title>" in html, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]


def test_robots_and_the_sitemap_list_published_pages_only(client, one_draft):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /dashboard/" in robots and "Sitemap: http://testserver/sitemap.xml" in robots
    index = client.get("/sitemap.xml").content.decode()
    assert "sitemap-periods.xml" in index and "sitemap-targets.xml" in index
    periods = client.get("/sitemap-periods.xml").content.decode()
    assert "/periods/2023-H1/" in periods and "/periods/2022-Q3/" not in periods
    targets = client.get("/sitemap-targets.xml").content.decode()
    assert "/targets/2023/86/" in targets and "/targets/2022/47/" not in targets
