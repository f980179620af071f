"""End to end in Debian's Chromium (tests/conftest.py's `browser` and `page`): an official reads
the key-task notice from the navigation, follows a task to the target it is linked to, and finds
the way back to the task from the target's page."""

import pytest

from targets.models import Organisation
from tests.conftest import (
    NOTICE_2023_13,
    PROGRESS_2023_H1,
    import_report,
    import_task_notice,
    log_in_browser,
    make_official,
    restore_migration_data,
)

# Pages render alike on both databases.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database_independent]

TITLE = "菏泽市人民政府办公室关于印发菏泽市建设绿色低碳高质量发展先行区2023年重点工作任务的通知"


@pytest.fixture
def official(live_server):
    restore_migration_data()
    import_report("--publish", PROGRESS_2023_H1)
    import_task_notice(NOTICE_2023_13)
    return make_official("official", Organisation.objects.default())


def test_an_official_walks_from_the_notice_list_to_a_task_and_its_target(official, page, live_server):
    log_in_browser(page, live_server, "official")
    page.click("nav a:text-is('重点工作任务')")
    page.wait_for_url("**/dashboard/notices/")
    assert page.inner_text("h1") == "重点工作任务通知"
    page.click(f"table a:text-is('{TITLE}')")
    page.wait_for_url("**/dashboard/notices/*/")
    assert page.inner_text("h1") == TITLE
    task = page.locator("#task-11")
    assert "深入实施“技改提级”行动计划" in task.inner_text()
    assert "数量：26 家、500 万元以上、200 个以上" in task.inner_text()
    task.locator("a:text-is('2023-58')").click()
    page.wait_for_url("**/dashboard/targets/2023/58/")
    assert page.inner_text("h1") == "2023 年第 58 项责任目标"
    assert "深入实施“技改提级”行动计划，实现规模以上企业技改要素供需对接县区全覆盖" in page.inner_text("main")
    back = page.locator("a[href*='#task-11']")
    assert back.inner_text() == "菏政办字〔2023〕13号 · 11."
    back.click()
    page.wait_for_url("**/dashboard/notices/*/#task-11")
    assert page.locator("#task-11").is_visible()
