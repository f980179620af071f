"""`/dashboard/units/<name>/`: a unit's reports, its tasks in notices, its on-pace share over periods, its aliases."""

import pytest

from targets.models import ProgressReport, UnitRole
from tests.conftest import (
    FIXTURES,
    PROGRESS_2023_H1,
    PROGRESS_FIXTURES,
    assert_queries_do_not_grow,
    import_report,
    import_task_notice,
    page_text,
    table_rows,
)

pytestmark = pytest.mark.django_db


def test_it_shows_aliases_tasks_and_reports(official_client):
    import_report(*PROGRESS_FIXTURES)
    import_task_notice(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt")
    page = page_text(official_client.get("/dashboard/units/市工业和信息化局/"))
    assert "其他写法：市工信局" in page
    assert "菏政办字〔2023〕13号 · 11. 持续推进技改提级" in page and "（牵头单位）" in page
    assert "各报告期按序时推进的比例" in page
    assert "作为牵头单位的推进情况" in page


def test_its_queries_do_not_grow_with_the_data(official_client, django_assert_max_num_queries):
    import_report(*PROGRESS_FIXTURES)
    assert_queries_do_not_grow(official_client, "/dashboard/units/市交通运输局/", django_assert_max_num_queries)


def test_it_lists_the_reports_the_unit_leads_and_apart_those_it_takes_part_in(official_client):
    import_report(PROGRESS_2023_H1)
    unit = "市财政局"
    reports = ProgressReport.objects.all()
    lead, participating = (
        reports.filter(report_units__unit__name=unit, report_units__role=role).count() for role in UnitRole.values
    )
    assert lead and participating  # the seed has both for this unit
    page = official_client.get(f"/dashboard/units/{unit}/")
    assert f"作为牵头单位的推进情况 {lead} 条" in page_text(page) and f"作为参与单位的 {participating} 条" in page_text(
        page
    )
    assert len(table_rows(page, "序号")) - 1 == min(lead, 50)
    page = official_client.get(f"/dashboard/units/{unit}/?role=participating")
    assert "作为参与单位的各期推进情况" in page_text(page)
    assert len(table_rows(page, "序号")) - 1 == min(participating, 50)
