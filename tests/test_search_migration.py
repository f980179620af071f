"""Migrations 0023 and 0026 build the search index (the words, then their pieces) of the reports
already stored, and the index keeps up with new reports after 0026 is undone and done again."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from targets.models import Organisation, ProgressReport, ReportSearchText
from tests.conftest import PROGRESS_2020_H1, PROGRESS_2022_Q3, PROGRESS_2023_H1, import_report


def found(query: str) -> set[int]:
    return set(ProgressReport.objects.matching(query).values_list("pk", flat=True))


def holding_inside_words(query: str) -> set[int]:
    texts = ReportSearchText.objects.values_list("report_id", "words")
    return {report for report, words in texts if any(query in word for word in words.split())}


def sqlite_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_migrations_index_the_reports_already_stored_and_keep_indexing_new_ones(migrate_to):
    # A transactional test before this one may have emptied the tables, the default organisation's too.
    Organisation.objects.get_or_create(
        code=settings.DEFAULT_ORGANISATION_CODE, defaults={"name": "菏泽市", "level": "city"}
    )
    import_report("--publish", PROGRESS_2023_H1, PROGRESS_2022_Q3)
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    migrate_to([("targets", "0022_notice_task_wording")])
    migrate_to(latest)
    assert ReportSearchText.objects.count() == ProgressReport.objects.count() == 213 + 50
    assert {
        ProgressReport.objects.get(period__code="2023-H1", target__seq=86).pk,
        ProgressReport.objects.get(period__code="2022-Q3", target__seq=58).pk,
    } <= found("5G基站")
    assert found("托") == holding_inside_words("托") and found("施策") == holding_inside_words("施策") != set()

    migrate_to([("targets", "0025_open_data")])
    if connection.vendor == "sqlite":  # the words' triggers outlive the rebuilds of their table
        assert sqlite_triggers() == {f"targets_report_search_{event}" for event in ("insert", "delete", "update")}
    migrate_to(latest)
    import_report(PROGRESS_2020_H1)
    report = ProgressReport.objects.filter(period__code="2020-H1").order_by("pk").first()
    assert report.pk in found(report.target.content) and report.pk in found(report.target.content[0])
    assert found("基") == holding_inside_words("基")
