"""The rows of a watch table written by the `watch_table_rows` tag (templates/includes/
watch_table.html): each text escaped, links to the site and organisation the page shows, the
units and the status as written when asked for."""

import dataclasses

import pytest
from django.template import Context, Template

from dashboard.views import status_questions
from dashboard.watch import watch_rows
from targets.models import Organisation, ProgressReport
from tests.conftest import links, page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]
TABLE = "{% load watch_table_rows %}<table>{% watch_table_rows rows with_units %}</table>"


class Page:  # the shape page_text and links read: a page's HTML
    def __init__(self, html: str):
        self.content = html.encode()


def drawn(reports, site: str = "public", with_units: bool = True) -> Page:
    reports = list(reports)
    rows = watch_rows(reports, status_questions({report.period_id for report in reports}))
    context = {"rows": rows, "with_units": with_units, "site": site, "organisation": Organisation.objects.default()}
    return Page(Template(TABLE).render(Context(context)))


def test_a_row_shows_the_target_its_units_its_status_as_written_and_its_signal(imported_fixtures):
    reports = ProgressReport.objects.filter(period__code="2023-H1", target__seq=86).for_table()
    page = drawn(reports)
    text = page_text(page)
    assert "2023-86" in text and "新建并开通 5G 基站" in text and "责任单位：" in text
    assert "原表“" in text and any(label in text for label in ("按序时推进", "略有滞后", "明显滞后", "无法量化"))
    assert ("2023-86", "/targets/2023/86/") in links(page)
    assert any(address.startswith("/units/") for _, address in links(page))
    assert any(address == "/pace/" for _, address in links(page))


def test_officials_rows_link_to_the_dashboard_without_units(imported_fixtures):
    reports = ProgressReport.objects.filter(period__code="2023-H1", target__seq=86).for_table()
    page = drawn(reports, site="dashboard", with_units=False)
    assert ("2023-86", "/dashboard/targets/2023/86/") in links(page)
    assert "责任单位：" not in page_text(page) and "/pace/" not in [address for _, address in links(page)]


def test_every_text_is_escaped(imported_fixtures):
    report = ProgressReport.objects.filter(period__code="2023-H1").for_table().first()
    report.status_as_written = "<i>是</i>"
    report.pace.note = "<b>note</b>"
    report.pace.contradiction = True
    report.leader.name = "<em>领导</em>"
    report.unit_links = [dataclasses.replace(link, as_written="<u>单位</u>") for link in report.unit_links]
    page = drawn([report])
    text = page_text(page)
    for written in ("<i>是</i>", "<b>note</b>", "<em>领导</em>", "<u>单位</u>", "与报告状态矛盾"):
        assert written in text
    assert "<b>" not in page.content.decode()


def test_no_rows_say_so(imported_fixtures):
    assert page_text(drawn([])) == "没有需要关注的推进情况。"
