"""The kept per-period tallies (PeriodTally, targets/tallies.py) equal a fresh roll-up of the reports
after every kind of change: an import, a re-import of a changed table, an import without analysis,
a recomputation after new thresholds in the admin, the admin's edits and deletions, and the
synthetic data set. Every key of every row is compared, for every period and dimension."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.imports import import_progress_file
from targets.models import (
    ImportBatch,
    PaceSettings,
    PeriodTally,
    ProgressReport,
    ReportingPeriod,
    ReportPace,
    ReportUnit,
    Target,
    Unit,
)
from targets.tallies import refresh_tallies
from tests.conftest import (
    PROGRESS_2023_H1,
    admin_form_data,
    assert_tallies_match_a_fresh_aggregate,
    fresh_and_kept,
    grow_fivefold,
    import_report,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def all_rollups() -> dict:
    """Every period's fresh roll-ups: to show that a change changed them."""
    return {period.code: fresh_and_kept(period) for period in ReportingPeriod.objects.all()}


def report_of(seq: int, code: str = "2023-H1") -> ProgressReport:
    return ProgressReport.objects.filter(period__code=code, target__seq=seq).order_by("position").first()


def changed_copy(tmp_path: Path, name: str = "changed.txt") -> Path:
    """The 2023 H1 table with target 5's row removed and target 6 reported behind (否)."""
    lines = PROGRESS_2023_H1.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith("5\t")]
    changed = [line.replace("\t是\t", "\t否\t") if line.startswith("6\t") else line for line in kept]
    assert len(kept) == len(lines) - 1 and changed != kept
    path = tmp_path / name
    path.write_text("\n".join(changed) + "\n", encoding="utf-8")
    return path


def test_the_first_import_of_each_fixture_keeps_tallies_equal_to_a_fresh_aggregate(imported_fixtures):
    assert PeriodTally.objects.whole().count() == ReportingPeriod.objects.count() == 3
    assert (
        PeriodTally.objects.filter(dimension="leader").exists()
        and PeriodTally.objects.filter(dimension="unit").exists()
    )
    assert_tallies_match_a_fresh_aggregate()


def test_a_reimport_of_a_table_with_a_row_removed_and_a_status_changed_refreshes_its_period(
    imported_fixtures, tmp_path
):
    before, [total_before] = all_rollups(), PeriodTally.objects.filter(period__code="2023-H1").rollup()
    import_report(changed_copy(tmp_path))
    after, [total] = all_rollups(), PeriodTally.objects.filter(period__code="2023-H1").rollup()
    assert after["2023-H1"] != before["2023-H1"]
    assert after["2022-Q3"] == before["2022-Q3"] and after["2020-H1"] == before["2020-H1"]
    assert (total["reports"], total["status_behind"]) == (212, total_before["status_behind"] + 1)
    assert_tallies_match_a_fresh_aggregate()


def test_an_import_without_analysis_refreshes_the_tallies_too(imported_fixtures, tmp_path):
    summary = import_progress_file(changed_copy(tmp_path), analyse=False)
    assert (summary.updated, summary.removed) == (1, 1)
    assert_tallies_match_a_fresh_aggregate()


def test_new_thresholds_saved_in_the_admin_recompute_the_pace_and_refresh_every_period(imported_fixtures, admin_client):
    PaceSettings.current()
    before = all_rollups()
    response = admin_client.post(
        "/admin/targets/pacesettings/1/change/", {"margin_points": "0", "rate_margin_points": "0"}
    )
    assert response.status_code == 302
    assert all_rollups()["2023-H1"] != before["2023-H1"]  # yellow became red
    assert_tallies_match_a_fresh_aggregate()


def test_an_admin_edit_of_a_reports_status_and_units_refreshes_its_period(imported_fixtures, admin_client):
    report = report_of(6)
    assert [unit.name for unit in report.units.all()] == ["市发展改革委"]
    url = f"/admin/targets/progressreport/{report.pk}/change/"
    data = admin_form_data(admin_client.get(url))
    data |= {"status": "behind", "report_units-0-unit": Unit.objects.get(name="市财政局").pk}
    before = all_rollups()
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    report.refresh_from_db()
    assert report.status == "behind" and [unit.name for unit in report.units.all()] == ["市财政局"]
    assert all_rollups()["2023-H1"] != before["2023-H1"]
    assert_tallies_match_a_fresh_aggregate()


def test_an_admin_edit_moving_a_reports_unit_to_another_period_refreshes_both(imported_fixtures, admin_client):
    row = ReportUnit.objects.get(report=report_of(3), position=1)  # 市税务局, after 市财政局
    elsewhere = ProgressReport.objects.filter(period__code="2022-Q3").first()
    url = f"/admin/targets/reportunit/{row.pk}/change/"
    data = admin_form_data(admin_client.get(url)) | {"report": elsewhere.pk, "position": 9}
    assert admin_client.post(url, data).status_code == 302
    assert ReportUnit.objects.get(pk=row.pk).report == elsewhere
    assert_tallies_match_a_fresh_aggregate()


def test_an_admin_delete_of_a_report_refreshes_its_period(imported_fixtures, admin_client):
    report = report_of(2)
    response = admin_client.post(f"/admin/targets/progressreport/{report.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not ProgressReport.objects.filter(pk=report.pk).exists()
    assert PeriodTally.objects.filter(period__code="2023-H1").rollup()[0]["reports"] == 212
    assert_tallies_match_a_fresh_aggregate()


def test_deleting_reports_of_two_periods_with_the_list_action_refreshes_both(imported_fixtures, admin_client):
    chosen = [report_of(6).pk, report_of(40, "2022-Q3").pk]
    data = {"action": "delete_selected", "_selected_action": chosen, "post": "yes"}
    assert admin_client.post("/admin/targets/progressreport/", data).status_code == 302
    assert not ProgressReport.objects.filter(pk__in=chosen).exists()
    assert_tallies_match_a_fresh_aggregate()


def test_an_admin_delete_of_a_reports_pace_or_of_a_target_refreshes_their_periods(imported_fixtures, admin_client):
    pace = ReportPace.objects.filter(report__period__code="2023-H1", signal="green").first()
    assert admin_client.post(f"/admin/targets/reportpace/{pace.pk}/delete/", {"post": "yes"}).status_code == 302
    assert_tallies_match_a_fresh_aggregate()
    target = Target.objects.get(year=2023, seq=7)
    assert admin_client.post(f"/admin/targets/target/{target.pk}/delete/", {"post": "yes"}).status_code == 302
    assert_tallies_match_a_fresh_aggregate()


def test_deleting_a_period_deletes_its_tallies(imported_fixtures):
    period = ReportingPeriod.objects.get(code="2022-Q3")
    # Its reports first: their import batches are protected while reports point at them.
    ProgressReport.objects.filter(period=period).delete()
    ImportBatch.objects.filter(period=period).delete()
    period.delete()
    assert not PeriodTally.objects.filter(period_id=period.pk).exists()
    assert_tallies_match_a_fresh_aggregate()


def test_the_synthetic_data_set_comes_with_its_tallies(imported_fixtures):
    grow_fivefold()  # and the planner's statistics of its rows (see refresh_planner_statistics)
    assert PeriodTally.objects.whole().count() == ReportingPeriod.objects.count() == 3 + 8
    assert_tallies_match_a_fresh_aggregate()


def test_a_period_is_read_in_one_query_and_many_periods_totals_in_one_more(
    imported_fixtures, django_assert_num_queries
):
    periods = list(ReportingPeriod.objects.all())
    tallies = PeriodTally.objects.filter(period=periods[0])
    for by in (None, "leader", "unit"):
        with django_assert_num_queries(1):
            tallies.rollup(by)
    with django_assert_num_queries(1):
        PeriodTally.objects.totals_for(periods)


def test_a_period_without_reports_has_a_row_of_zeros(imported_fixtures):
    period = ReportingPeriod.objects.get(code="2020-H1")
    ProgressReport.objects.filter(period=period).delete()
    refresh_tallies([period.pk])
    assert PeriodTally.objects.filter(period=period).count() == 1
    assert_tallies_match_a_fresh_aggregate()


def test_tallies_that_would_give_a_group_twice_are_refused(imported_fixtures):
    with pytest.raises(ValueError):
        PeriodTally.objects.rollup()
    with pytest.raises(ValueError):
        PeriodTally.objects.rollup("leader")


def test_reading_one_periods_tallies_searches_an_index(imported_fixtures):
    tallies = PeriodTally.objects.filter(period=ReportingPeriod.objects.get(code="2023-H1"))
    with CaptureQueriesContext(connection) as read:
        tallies.rollup("leader")
    [sql] = [query["sql"] for query in read.captured_queries]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # On a few rows a scan is cheaper: forbid it to see whether an index serves the read.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Seq Scan on targets_periodtally" not in plan and "tally_period_dimension" in plan, plan
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "SEARCH targets_periodtally USING INDEX tally_period_dimension" in plan, plan
