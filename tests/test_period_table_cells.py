"""A table of periods writes its rows' cells itself (PeriodTable.cells_of, which table_body
uses): each cell is the one django-tables2's own machinery renders, on the public site and in the
officials' table with its published mark and watch-list link."""

import pytest

from dashboard.tables import PeriodTable, StaffPeriodTable
from targets.models import Organisation, ReportingPeriod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def cells_both_ways(table: PeriodTable) -> list[tuple[list[str], list[str]]]:
    return [
        ([str(cell) for cell in table.cells_of(row.record)], [str(cell) for _, cell in row.items()])
        for row in table.rows
    ]


@pytest.mark.parametrize("table_class", [PeriodTable, StaffPeriodTable])
def test_each_cell_is_the_one_django_tables2_renders(imported_fixtures, table_class):
    periods = ReportingPeriod.objects.with_status_counts()
    table = table_class(periods, organisation=Organisation.objects.default())
    rows = cells_both_ways(table)
    assert len(rows) == periods.count() == 3
    for ours, library in rows:
        assert ours == library
    assert any("/periods/2023-H1/" in cell for ours, _ in rows for cell in ours)


def test_a_period_without_counts_shows_the_default(imported_fixtures):
    period = ReportingPeriod.objects.with_status_counts().first()
    period.target_count = period.incomplete_count = None
    ((ours, library),) = cells_both_ways(PeriodTable([period], organisation=Organisation.objects.default()))
    assert ours == library and ours.count("—") == 2
