"""End to end in Debian's Chromium, driven by Playwright: an importer uploads the 2023 H1 table as
.xlsx with one unit misspelt, previews it, accepts the suggested unit for the misspelling,
confirms, watches a real `db_worker` import it, sees the unit merged on the dashboard, and rolls
the import back.

Screenshots of each step (desktop width) are saved in artifacts/screenshots/upload-*.png (the
README shows copies of them in docs/screenshots/). Each page is also checked at a phone's width: none is wider than the phone.
"""

from urllib.parse import quote, unquote

import openpyxl
import pytest
from playwright.sync_api import Error as PlaywrightError

from targets.models import Organisation, ReportingPeriod, Unit, UnitAlias
from tests.conftest import (
    NOTICE_2023_13,
    PROGRESS_2023_H1,
    ROOT,
    import_task_notice,
    log_in_browser,
    make_importer,
    restore_migration_data,
)
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
URL = "/dashboard/imports/"
MISSPELT, RIGHT = "市发展改草委", "市发展改革委"
# How long the background import may take, from the worker's start to the page saying it is done.
IMPORT_WAIT_MS = 30_000


def misspelt_workbook(path):
    """The 2023 H1 table as an .xlsx: its title, its header, its rows split on tabs, with every
    市发展改革委 misspelt."""
    workbook = openpyxl.Workbook()
    for line in PROGRESS_2023_H1.read_text(encoding="utf-8").splitlines():
        if line.strip():
            line = line.replace(RIGHT, MISSPELT)
            workbook.active.append([line.removeprefix("## ")] if line.startswith("## ") else line.split("\t"))
    workbook.save(path)
    return path


def rows_naming(unit: str) -> int:
    """The fixture's rows that name the unit."""
    return sum(unit in line.split("\t")[-1] for line in PROGRESS_2023_H1.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def importer(live_server):
    """An importer of the default organisation; the 2023 key-tasks notice (naming 市发展改革委)
    already imported."""
    restore_migration_data()
    import_task_notice(NOTICE_2023_13)
    return make_importer("importer", Organisation.objects.default())


class Steps:
    """Each step's screenshot at desktop width, and the widths of the pages wider than a phone."""

    def __init__(self, page):
        self.page, self.too_wide = page, {}

    def shoot(self, name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        self.page.set_viewport_size(PHONE)
        self.page.wait_for_timeout(200)  # the layout settles at the new width
        width = self.page_width()
        if width > PHONE["width"]:
            self.too_wide[name] = width
        self.page.set_viewport_size(DESKTOP)

    def page_width(self) -> int:
        """The page's width; measured again in the page that replaced it if it refreshed itself."""
        try:
            return self.page.evaluate("document.documentElement.scrollWidth")
        except PlaywrightError:
            self.page.wait_for_load_state()
            return self.page.evaluate("document.documentElement.scrollWidth")


def unit_links(page) -> list[tuple[str, str]]:
    """(text, path) of each unit link of the report table."""
    found = page.eval_on_selector_all(
        "table.reports a[href*='/units/']", "links => links.map(a => [a.textContent.trim(), a.pathname])"
    )
    return [(text, unquote(path)) for text, path in found]


def test_an_importer_uploads_merges_a_unit_imports_in_the_background_and_rolls_back(
    importer, page, live_server, settings, tmp_path, request
):
    steps = Steps(page)
    page.set_viewport_size(DESKTOP)
    log_in_browser(page, live_server, "importer", URL)

    # 1. The upload form: the table as .xlsx, of the kind 一览表.
    page.select_option("select[name=kind]", label="工作推进情况一览表")
    page.set_input_files("input[name=file]", misspelt_workbook(tmp_path / "progress-2023-H1.xlsx"))
    steps.shoot("upload-1-form")
    page.click("form.upload button[type=submit]")
    page.wait_for_url("**/dashboard/imports/*/")
    detail = page.url

    # 2. The preview: the period, the counts, and the misspelling with the unit it resembles.
    main = page.inner_text("main")
    assert "报告期：2023-H1" in main and "新增 213 条" in main, main
    assert "责任目标：新增 200 个，内容或时限有变化 0 个，不变 0 个。" in main, main
    new_unit = page.locator("ul.new-units li", has_text=MISSPELT)
    assert new_unit.locator("select[name=unit] option").all_inner_texts()[0] == RIGHT
    steps.shoot("upload-2-preview")
    new_unit.locator("select[name=unit]").select_option(RIGHT)
    new_unit.get_by_role("button", name="的别名").click()
    page.wait_for_url(detail)
    assert page.locator("ul.new-units li", has_text=MISSPELT).count() == 0
    assert UnitAlias.objects.get(spelling=MISSPELT).unit.name == RIGHT

    # 3. Confirmed: queued for the background worker, whose progress bar the page shows while it
    # refreshes itself; the worker starts only now, so that the bar is seen before it can finish.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    page.get_by_role("button", name="确认导入").click()
    page.wait_for_url(detail)
    assert page.locator("meta[http-equiv=refresh]").get_attribute("content") == "2"
    page.wait_for_event("load", timeout=5_000)  # it refreshed itself; the next refresh is 2 s away
    assert page.locator("progress#import-progress").is_visible() and "排队等待后台进程" in page.inner_text("main")
    steps.shoot("upload-3-progress")
    worker = request.getfixturevalue("db_worker")
    done = page.get_by_text("导入完成。")
    try:
        done.wait_for(timeout=IMPORT_WAIT_MS)
    except PlaywrightError as error:  # its TimeoutError
        raise AssertionError(f"import not done: {worker.log_path.read_text(errors='replace')}") from error
    assert page.locator("progress").count() == 0 and page.locator("meta[http-equiv=refresh]").count() == 0
    upload = Upload.objects.get()
    assert (upload.state, upload.result["new"]) == (UploadState.DONE, 213)

    # 4. The period on the dashboard: the misspelt rows are the unit's, under its name.
    page.get_by_role("link", name="查看2023年上半年").click()
    page.wait_for_url("**/dashboard/periods/2023-H1/")
    page.select_option("form.filters select[name=unit]", label=RIGHT)
    assert MISSPELT not in page.locator("form.filters select[name=unit] option").all_inner_texts()
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**unit=**")
    rows = page.locator("table.reports tbody tr")
    assert rows.count() == rows_naming(RIGHT)
    # Each report shows the unit as its file wrote it, linked to the unit it was accepted as.
    written = [path for text, path in unit_links(page) if text in (MISSPELT, RIGHT)]
    assert written == [f"/dashboard/units/{RIGHT}/"] * rows_naming(RIGHT)
    steps.shoot("upload-4-dashboard")
    assert page.request.get(f"{live_server.url}/dashboard/units/{quote(MISSPELT)}/").status == 404
    unit_page = page.request.get(f"{live_server.url}/dashboard/units/{quote(RIGHT)}/")
    assert unit_page.status == 200 and MISSPELT in unit_page.text()  # 其他写法：市发展改草委
    assert not Unit.objects.filter(name=MISSPELT).exists()

    # 5. Rolled back on the upload's page: the period is gone, and the alias with it.
    page.goto(detail)
    page.get_by_role("button", name="撤销这次导入").click()
    page.wait_for_url(detail)
    assert "这次导入已撤销" in page.inner_text("main")
    steps.shoot("upload-5-rolled-back")
    assert page.request.get(f"{live_server.url}/dashboard/periods/2023-H1/").status == 404
    page.goto(f"{live_server.url}/dashboard/")
    assert "2023年上半年" not in page.inner_text("main")
    assert not ReportingPeriod.objects.filter(code="2023-H1").exists()
    assert not UnitAlias.objects.filter(spelling=MISSPELT).exists() and Unit.objects.filter(name=RIGHT).exists()

    assert steps.too_wide == {}, f"pages wider than a {PHONE['width']}-px phone"
