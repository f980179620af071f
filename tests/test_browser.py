"""End to end in Debian's Chromium, driven by Playwright (tests/conftest.py's `browser` and
`page`): what an official does in a day. Screenshots of each page, desktop and phone width, are
saved in artifacts/screenshots/.
"""

import csv
from pathlib import Path

import pytest

from targets.models import Organisation
from tests.conftest import (
    FIXTURES,
    PROGRESS_FIXTURES,
    import_report,
    import_work_report,
    log_in_browser,
    make_official,
    restore_migration_data,
)

SCREENSHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"

# Pages render alike on both databases; the upload browser test covers the worker on each.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database_independent]


@pytest.fixture
def official(live_server):
    restore_migration_data()
    import_report("--publish", *PROGRESS_FIXTURES)
    import_work_report(FIXTURES / "work-report-2022-12-27-abstract.txt")
    return make_official("official", Organisation.objects.default())


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size, width, height in (("desktop", 1280, 900), ("phone", 390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # the charts refit to the new width
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} is wider than {width}px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{size}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_an_official_goes_from_the_overview_to_a_leader_and_a_target(official, page, live_server):
    log_in_browser(page, live_server, "official")
    assert "2023年上半年概览" in page.inner_text("h1")
    page.wait_for_selector(".chart .plot-container")  # plotly drew the chart from the local file
    shoot(page, "overview")
    page.click(".data-table.watch tbody tr:first-child a")  # the target at the top of the watch list
    assert "项责任目标" in page.inner_text("h1")
    page.goto(f"{live_server.url}/dashboard/leaders/王昌华/")
    assert "王昌华" in page.inner_text("h1")
    shoot(page, "leader")
    page.click("table.reports tbody tr:has-text('新建并开通 5G 基站 1700') td a >> nth=0")
    assert page.inner_text("h1") == "2023 年第 86 项责任目标"
    assert page.locator("mark.achieved").all_inner_texts() == ["1658个", "807 个"]  # 2022 #58, then 2023
    assert "2022-58" in page.inner_text(".facts")  # the same target in 2022
    shoot(page, "target")
    page.goto(f"{live_server.url}/dashboard/units/市工业和信息化局/")
    shoot(page, "unit")
    page.goto(f"{live_server.url}/dashboard/compare/")
    shoot(page, "compare")
    page.goto(f"{live_server.url}/dashboard/work-reports/")
    page.click("table a")
    shoot(page, "work-report")


def test_an_official_filters_sorts_and_downloads_the_period_table(official, page, live_server, tmp_path):
    log_in_browser(page, live_server, "official")
    page.goto(f"{live_server.url}/dashboard/periods/2023-H1/")
    page.select_option("select[name=signal]", "yellow")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**signal=yellow**")
    rows = page.locator("table.reports tbody tr")
    assert rows.count() == 3 and all("略有滞后" in text for text in rows.all_inner_texts())
    page.click("table.reports th a:has-text('完成度')")  # sort by completion
    page.wait_for_url("**sort=completion**")
    first = page.locator("table.reports tbody tr").first.inner_text()
    assert "45.5%" in first  # 434 of 953 villages: the lowest of the three
    shoot(page, "period")
    with page.expect_download() as download:
        page.click("a:has-text('下载 CSV')")
    path = tmp_path / "reports.csv"
    download.value.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    assert rows[0][0] == "报告期" and len(rows) == 4 and {row[7] for row in rows[1:]} == {"略有滞后"}


def test_the_language_switch_turns_the_pages_to_english(official, page, live_server):
    log_in_browser(page, live_server, "official")
    page.select_option("select[name=language]", "en")
    page.click("form.language button[type=submit]")
    page.wait_for_selector("text=Watch list")
    assert page.inner_text("h1") == "Overview 2023年上半年"
    assert "Log out" in page.inner_text("nav")
    shoot(page, "overview-english")
