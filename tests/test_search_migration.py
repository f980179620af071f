"""Migration 0023 builds the search index of the reports already stored."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from targets.models import Organisation, ProgressReport, ReportSearchText
from tests.conftest import PROGRESS_2022_Q3, PROGRESS_2023_H1, import_report


@pytest.mark.django_db(transaction=True)
def test_the_migration_indexes_the_reports_already_stored(migrate_to):
    # A transactional test before this one may have emptied the tables, the default organisation's too.
    Organisation.objects.get_or_create(
        code=settings.DEFAULT_ORGANISATION_CODE, defaults={"name": "菏泽市", "level": "city"}
    )
    import_report("--publish", PROGRESS_2023_H1, PROGRESS_2022_Q3)
    migrate_to([("targets", "0022_notice_task_wording")])
    migrate_to(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert ReportSearchText.objects.count() == ProgressReport.objects.count() == 213 + 50
    found = set(ProgressReport.objects.matching("5G基站").values_list("period__code", "target__seq"))
    assert {("2023-H1", 86), ("2022-Q3", 58)} <= found
