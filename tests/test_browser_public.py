"""End to end in Debian's Chromium: a citizen searches in Chinese, narrows by two facets, opens a
target, switches to English and back; nothing loads from outside 127.0.0.1 (conftest's `page`).
Screenshots at desktop and phone width go to artifacts/screenshots/ (copies in docs/screenshots/)."""

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, PROGRESS_FIXTURES, import_report, import_work_report, restore_migration_data

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database_independent]


@pytest.fixture
def published(live_server):
    restore_migration_data()
    import_report("--publish", *PROGRESS_FIXTURES)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, width, height in (("desktop", 1280, 900), ("phone", 390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(200)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} is wider than {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"public-{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_citizen_searches_narrows_opens_a_target_and_reads_it_in_english(published, page, live_server):
    page.goto(f"{live_server.url}/")
    assert "菏泽市责任目标推进情况" in page.inner_text("h1")
    shoot(page, "home")
    page.fill("input[name=q]", "基站")
    page.click("form.search-box button[type=submit]")
    page.wait_for_url("**/search/?q=**")
    assert page.locator("article.search-result mark").count() > 0  # the words are marked
    page.click(".facets a:has-text('王昌华')")
    page.wait_for_url("**leader=**")
    page.click(".facets a:has-text('按序时推进')")
    page.wait_for_url("**signal=green**")
    results = page.locator("article.search-result")
    assert results.count() >= 1 and all("王昌华" in text for text in results.all_inner_texts())
    shoot(page, "search")
    page.click("article.search-result h2 a >> nth=0")
    assert "项责任目标" in page.inner_text("h1")
    shoot(page, "target")
    chinese = page.url
    page.click("header a[hreflang=en]")
    page.wait_for_url("**/en/targets/**")
    assert "responsibility target" in page.inner_text("h1").lower() or "Target" in page.inner_text("h1")
    page.click("header a[hreflang=zh-hans]")
    page.wait_for_url(chinese)
    assert "项责任目标" in page.inner_text("h1")


def test_a_citizen_narrows_a_period_by_two_facets(published, page, live_server):
    page.goto(f"{live_server.url}/periods/2023-H1/")
    page.click(".facets a:has-text('肖友华')")
    page.wait_for_url("**leader=**")
    page.click(".facets a:has-text('年底')")
    page.wait_for_url("**deadline=year_end**")
    rows = page.locator("table.reports tbody tr")
    assert rows.count() >= 1 and all("肖友华" in text for text in rows.all_inner_texts())
    page.wait_for_selector(".chart .plot-container")
    # Drawn with plotly's default template (static/js/chart-template.js): its text colour, not plotly.js's.
    assert page.evaluate("document.querySelector('.chart .js-plotly-plot')._fullLayout.font.color") == "#2a3f5f"
    shoot(page, "period")


def test_a_journalist_downloads_a_narrowed_list_and_finds_the_whole_data_set(published, page, live_server):
    page.goto(f"{live_server.url}/periods/2023-H1/")
    page.click(".facets a:has-text('王昌华')")
    page.wait_for_url("**leader=**")
    with page.expect_download() as waiting:
        page.click("p.downloads a:has-text('CSV')")
    download = waiting.value
    assert download.suggested_filename == "heze-2023-H1-leader-王昌华.csv"
    header, *rows = csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig")))
    assert header[3] == "市政府领导" and rows and {row[3] for row in rows} == {"王昌华"}
    page.click("header a:has-text('开放数据')")
    page.wait_for_url("**/data/")
    files = page.locator("table tbody tr")
    assert files.count() >= 3
    names = " ".join(files.all_inner_texts())
    assert ".csv" in names and ".sqlite3" in names and ".json" in names
    assert all(len(digest) == 64 for digest in page.locator("code.digest").all_inner_texts())
    shoot(page, "data")
