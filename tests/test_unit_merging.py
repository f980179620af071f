"""targets/unit_merging.py: a unit folded into another takes its reports, tasks and spellings
along; the tallies follow; units of two organisations are never merged."""

import pytest

from targets.models import Organisation, PeriodTally, ProgressReport, ReportUnit, TaskUnit, Unit, UnitAlias
from targets.unit_merging import merge_units
from tests.conftest import FIXTURES, PROGRESS_2023_H1, import_report, import_task_notice

pytestmark = pytest.mark.django_db


def test_a_merged_unit_hands_over_its_reports_tasks_and_spellings(db):
    import_report(PROGRESS_2023_H1)
    import_task_notice(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt")
    source, target = Unit.objects.get(name="市财政局"), Unit.objects.get(name="市发展改革委")
    reports = set(ProgressReport.objects.filter(report_units__unit__in=[source, target]).values_list("pk", flat=True))
    tasks = TaskUnit.objects.filter(unit__in=[source, target]).count()
    both = ProgressReport.objects.filter(report_units__unit=source).filter(report_units__unit=target).count()
    source_rows = ReportUnit.objects.filter(unit=source).count()
    moved = merge_units(source, target)
    assert not Unit.objects.filter(pk=source.pk).exists()
    assert set(ProgressReport.objects.filter(report_units__unit=target).values_list("pk", flat=True)) == reports
    # A report naming both units keeps the target once.
    assert ReportUnit.objects.filter(unit=target).count() == len(reports) and moved == source_rows - both
    assert TaskUnit.objects.filter(unit=target).count() == tasks
    assert UnitAlias.objects.get(spelling="市财政局").unit == target
    fresh = ProgressReport.objects.filter(report_units__unit=target, report_units__role="lead").count()
    assert sum(PeriodTally.objects.of_unit(target).values_list("reports", flat=True)) == fresh


def test_units_of_two_organisations_are_never_merged(db):
    county = Organisation.objects.create(code="dingtao", name="定陶区", level="district")
    city_unit, _ = Unit.objects.get_or_create(organisation=Organisation.objects.default(), name="市财政局")
    county_unit = Unit.objects.create(organisation=county, name="区财政局")
    with pytest.raises(ValueError):
        merge_units(county_unit, city_unit)
    assert Unit.objects.filter(pk=county_unit.pk).exists()
