"""A report table writes its rows' cells itself (ReportTable.cells_of, which table_body uses):
each cell is the one django-tables2's own machinery renders, for every report of the fixtures,
on both sites, with a column left out, and for a report without a leader, progress, deadline or
measured figures."""

import pytest

from dashboard.tables import ReportTable
from targets.models import Organisation, ProgressReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def cells_both_ways(table: ReportTable) -> list[tuple[list[str], list[str]]]:
    table.paginate(per_page=1000)
    return [
        ([str(cell) for cell in table.cells_of(row.record)], [str(cell) for _, cell in row.items()])
        for row in table.paginated_rows
    ]


@pytest.mark.parametrize("site, exclude", [("public", ()), ("dashboard", ()), ("public", ("leader",))])
def test_each_cell_is_the_one_django_tables2_renders(imported_fixtures, site, exclude):
    reports = ProgressReport.objects.for_table()
    table = ReportTable(reports, organisation=Organisation.objects.default(), site=site, exclude=exclude)
    rows = cells_both_ways(table)
    assert len(rows) == reports.count() > 300
    for ours, library in rows:
        assert ours == library
    assert any("—" in ours for ours, _ in rows)  # empty figures shown as the default


def test_a_report_without_a_leader_progress_or_figures_shows_the_defaults(imported_fixtures):
    report = ProgressReport.objects.for_table().first()
    report.leader, report.progress, report.target.deadline = None, "", ""
    report.pace.completion = report.pace.expected = None
    rows = cells_both_ways(ReportTable([report], organisation=Organisation.objects.default(), site="public"))
    ((ours, library),) = rows
    assert ours == library and "未列明" in ours and ours.count("—") == 4
