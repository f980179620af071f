"""Roll-ups on ProgressReport querysets: per period, leader and unit, on synthetic data and the fixtures."""

from datetime import date

import pytest

from targets.models import ImportBatch, Leader, ProgressReport, ReportingPeriod, ReportPace, ReportUnit, Target, Unit
from tests.conftest import PROGRESS_2023_H1, import_report

pytestmark = pytest.mark.django_db


def make_report(period, batch, seq, leader, units, status, signal, completion=None, due=None, contradiction=False):
    target = Target.objects.create(year=2030, seq=seq, content=f"目标{seq}", deadline="年底", due_date=due)
    report = ProgressReport.objects.create(
        target=target, period=period, leader=leader, status=status, source_file="t", source_line="1", batch=batch
    )
    for position, unit in enumerate(units):
        ReportUnit.objects.create(report=report, unit=unit, position=position, as_written=unit.name)
    measured = signal if signal in ("green", "yellow", "red") else "grey"
    ReportPace.objects.create(
        report=report, signal=signal, measured_signal=measured, completion=completion, contradiction=contradiction
    )
    return report


@pytest.fixture
def synthetic():
    period = ReportingPeriod.objects.create(
        year=2030, kind="H1", code="2030-H1", label="2030年上半年", as_of=date(2030, 6, 30)
    )
    batch = ImportBatch.objects.create(file_name="t", sha256="0" * 64, period=period)
    wang, li = Leader.objects.create(name="王五"), Leader.objects.create(name="李四")
    finance, roads = Unit.objects.create(name="市财政测试局"), Unit.objects.create(name="市道路测试局")
    make_report(period, batch, 1, wang, [finance], "on_track", "green", 0.6)
    make_report(period, batch, 2, wang, [finance, roads], "on_track", "red", 0.2, contradiction=True)
    make_report(period, batch, 3, wang, [roads], "behind", "red", 0.4, due=date(2030, 6, 30))
    make_report(period, batch, 4, li, [roads], "on_track", "yellow", 0.45)
    make_report(period, batch, 5, li, [finance], "on_track", "grey", due=date(2030, 5, 31))
    make_report(period, batch, 6, li, [roads], "dropped", "cancelled", due=date(2030, 3, 31))
    make_report(period, batch, 7, li, [finance], "on_track", "green", 1.0, due=date(2030, 6, 30))
    make_report(period, batch, 8, li, [finance], "unreported", "grey", due=date(2030, 6, 30))
    make_report(period, batch, 9, li, [roads], "on_track", "yellow", 0.8, due=date(2030, 4, 30))
    return ProgressReport.objects.filter(period=period)


def by_group(rows):
    return {row["group"]: row for row in rows}


def test_the_period_rollup_counts_statuses_signals_and_pace(synthetic):
    [total] = synthetic.rollup()
    assert (total["reports"], total["status_on_track"], total["status_behind"], total["status_dropped"]) == (9, 6, 1, 1)
    assert total["status_unreported"] == 1
    assert (total["signal_green"], total["signal_yellow"], total["signal_red"], total["signal_grey"]) == (2, 2, 2, 2)
    assert total["signal_cancelled"] == 1 and total["contradictions"] == 1
    assert (total["measurable"], total["on_pace"]) == (6, 2)
    assert total["on_pace_share"] == pytest.approx(2 / 6)
    assert total["median_completion"] == pytest.approx(0.525)  # of 0.2, 0.4, 0.45, 0.6, 0.8, 1.0


def test_the_leader_rollup_has_one_row_per_leader(synthetic):
    rows = by_group(synthetic.rollup("leader__name"))
    assert set(rows) == {"王五", "李四"}
    assert (rows["王五"]["reports"], rows["王五"]["on_pace"], rows["王五"]["measurable"]) == (3, 1, 3)
    assert rows["王五"]["median_completion"] == pytest.approx(0.4)
    assert rows["李四"]["on_pace_share"] == pytest.approx(1 / 3)  # one green of green and two yellow
    assert rows["李四"]["median_completion"] == pytest.approx(0.8)  # of 0.45, 0.8, 1.0


def test_a_report_counts_for_each_of_its_units(synthetic):
    rows = by_group(synthetic.rollup("report_units__unit__name"))
    assert rows["市财政测试局"]["reports"] == 5 and rows["市道路测试局"]["reports"] == 5


def test_units_are_ranked_by_their_share_on_pace(synthetic):
    ranking = [(row["group"], round(row["on_pace_share"], 2)) for row in synthetic.unit_ranking()]
    assert ranking == [("市财政测试局", 0.67), ("市道路测试局", 0.0)]  # 2 of 3 measured green; 0 of 4


def test_overdue_lists_reports_past_their_deadline_that_are_not_done(synthetic):
    # 3 reported 否, 8 not reported, 9 measured short of the goal; 5 was reported on plan at its
    # deadline with nothing to measure, 6 was dropped, 7 is done
    assert [report.target.seq for report in synthetic.overdue()] == [3, 8, 9]


def test_the_watch_list_puts_red_yellow_and_contradicted_reports_first_by_gap(synthetic):
    ReportPace.objects.filter(report__target__seq=2).update(gap=30.0)
    ReportPace.objects.filter(report__target__seq=3).update(gap=10.0)
    ReportPace.objects.filter(report__target__seq=4).update(gap=5.0)
    ReportPace.objects.filter(report__target__seq=9).update(gap=-1.0)
    assert [report.target.seq for report in synthetic.watch_list()] == [2, 3, 4, 9]


def test_each_rollup_takes_two_queries_whatever_the_number_of_reports(synthetic, django_assert_num_queries):
    with django_assert_num_queries(2):
        synthetic.rollup("leader__name")
    with django_assert_num_queries(2):
        synthetic.unit_ranking()
    with django_assert_num_queries(1):
        list(synthetic.overdue())


def test_the_fixture_rollups_add_up(db):
    import_report(PROGRESS_2023_H1)
    reports = ProgressReport.objects.filter(period__code="2023-H1")
    [total] = reports.rollup()
    assert (total["reports"], total["status_on_track"], total["status_dropped"]) == (213, 212, 1)
    assert sum(total[f"signal_{s}"] for s in ("green", "yellow", "red", "grey", "cancelled")) == 213
    leaders = reports.rollup("leader__name")
    assert sum(row["reports"] for row in leaders) == 213
    assert sum(row["measurable"] for row in leaders) == total["measurable"] > 40
    assert 0 < total["on_pace_share"] < 1
    assert total["signal_cancelled"] == 1  # target 113, reported —
