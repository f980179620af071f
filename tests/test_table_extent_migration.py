"""Migration 0021: a database filled before tables kept their extent learns it from its rows, and
its cut-off row becomes incomplete in the reports and in the kept tallies."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from targets.models import ImportBatch, Organisation, PeriodTally, ProgressReport, ReportingPeriod
from tests.conftest import PROGRESS_FIXTURES, import_report

BEFORE = [("targets", "0020_table_headers")]


def status_of_2020_57() -> str:
    # The status column only: the model's other columns may be newer than the migrated schema.
    return ProgressReport.objects.values_list("status", flat=True).get(period__code="2020-H1", target__seq=57)


@pytest.mark.django_db(transaction=True)
def test_an_upgraded_database_knows_what_each_table_lists_and_that_57_was_cut_off(migrate_to):
    # A transactional test before this one may have emptied the tables, the default organisation's too.
    Organisation.objects.get_or_create(
        code=settings.DEFAULT_ORGANISATION_CODE, defaults={"name": "菏泽市", "level": "city"}
    )
    import_report("--publish", *PROGRESS_FIXTURES)
    migrate_to(BEFORE)
    assert status_of_2020_57() == "unreported"  # as stored before the code existed
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert status_of_2020_57() == "incomplete"
    batch = ImportBatch.objects.get(period__code="2020-H1")
    assert (batch.stated_total, batch.numbers, batch.cut_off) == (196, [[1, 28], [30, 57]], [57])
    assert ImportBatch.objects.get(period__code="2022-Q3").numbers == [[39, 86]]
    periods = list(ReportingPeriod.objects.all())
    totals = PeriodTally.objects.totals_for(periods)
    for period in periods:  # the kept tallies moved the row as a fresh count does
        fresh = ProgressReport.objects.filter(period=period).rollup()[0]
        assert {key: totals[period.pk][key] for key in fresh if key.startswith("status_")} == {
            key: value for key, value in fresh.items() if key.startswith("status_")
        }, period.code
    assert totals[ReportingPeriod.objects.get(code="2020-H1").pk]["status_incomplete"] == 1
