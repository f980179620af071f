"""`/dashboard/units/<name>/`: a unit's reports, its tasks in notices, its on-pace share over periods, its aliases."""

import pytest

from tests.conftest import (
    FIXTURES,
    PROGRESS_FIXTURES,
    assert_queries_do_not_grow,
    import_report,
    import_task_notice,
)

pytestmark = pytest.mark.django_db


def test_it_shows_aliases_tasks_and_reports(official_client):
    import_report(*PROGRESS_FIXTURES)
    import_task_notice(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt")
    page = official_client.get("/dashboard/units/市工业和信息化局/").content.decode()
    assert "其他写法：市工信局" in page
    assert "菏政办字〔2023〕13号 · 11. 持续推进技改提级" in page and "（牵头单位）" in page
    assert "各报告期按序时推进的比例" in page
    assert "作为牵头单位的推进情况" in page


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    import_report(*PROGRESS_FIXTURES)
    assert_queries_do_not_grow(official_client, "/dashboard/units/市交通运输局/", django_assert_max_num_queries)
