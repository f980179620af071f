"""Storing what analysis/pace.py measures for each progress report."""

from collections.abc import Iterable

from django.db import transaction

from analysis.deadlines import parse_deadline
from analysis.pace import Pace, Thresholds, assess
from importers.columns import field_of_header
from importers.periods import Period
from importers.progress_table import ProgressRecord
from targets.bulk import delete_rows, insert_values
from targets.cache import bump_data_version
from targets.models import PaceSettings, ProgressReport, ReportingPeriod, ReportPace
from targets.tallies import refresh_tallies


def thresholds() -> Thresholds:
    # Read, never created here: an import measures before it writes anything.
    settings = PaceSettings.objects.first() or PaceSettings()
    return Thresholds(margin=settings.margin_points, rate_margin=settings.rate_margin_points)


@transaction.atomic
def recompute_pace(reports=None, organisation=None) -> int:
    """Measure the given reports (all by default) again and store the results; returns how many.
    The pages of `organisation` (of every organisation when None) show the new figures."""
    reports = (reports if reports is not None else ProgressReport.objects.all()).select_related("target", "period")
    limits = thresholds()
    rows, ids, periods = [], [], set()
    for report in reports.iterator(chunk_size=2000):
        target = report.target
        deadline = parse_deadline(target.deadline, target.year)
        pace = assess(
            target.content,
            report.progress,
            report.status,
            deadline,
            target.year,
            report.period.as_of,
            limits,
            share_text=stated_share_cell(report.extras),
        )
        rows.append(_row(report.pk, pace))
        ids.append(report.pk)
        periods.add(report.period_id)
    for start in range(0, len(ids), 900):
        delete_rows(ReportPace.objects.filter(report_id__in=ids[start : start + 900]))
    _insert(rows)
    refresh_tallies(periods)
    bump_data_version(organisation)
    return len(rows)


def measure_records(records: Iterable[ProgressRecord], period: Period) -> dict[tuple[int, int], Pace]:
    """The pace of each report of a parsed table, by (seq, position), before anything is saved:
    a target's content and deadline are those of its first row, as the import stores them."""
    limits, firsts, paces = thresholds(), {}, {}
    for record in records:
        first = firsts.setdefault(record.seq, record)
        deadline = parse_deadline(first.deadline, period.year)
        status = record.status_code
        paces[(record.seq, record.position)] = assess(
            first.content,
            record.progress,
            status,
            deadline,
            period.year,
            period.as_of,
            limits,
            share_text=stated_share_cell(record.extras),
        )
    return paces


def stated_share_cell(extras: dict[str, str]) -> str:
    """The cell of a table's 完成率 (or 占年任务之比) column, which the report keeps among its
    extra columns as written."""
    return next((text for header, text in extras.items() if field_of_header(header) == "share"), "")


# Pace rows written at a time: all of a 100,000-row table's at once held 113 MiB more at the peak.
STORE_CHUNK = 2_000


def store_measured(period: ReportingPeriod, paces: dict[tuple[int, int], Pace]) -> None:
    """Replace the stored pace of every report of `period` by what measure_records found."""
    delete_rows(ReportPace.objects.filter(report__period=period))
    reports = ProgressReport.objects.filter(period=period).order_by().values_list("target__seq", "position", "id")
    chunk = []
    for seq, position, pk in reports.iterator(chunk_size=STORE_CHUNK):
        chunk.append(_row(pk, paces[(seq, position)]))
        if len(chunk) == STORE_CHUNK:
            _insert(chunk)
            chunk = []
    _insert(chunk)


def _insert(rows: list[dict]) -> None:
    insert_values(ReportPace, _FIELDS, [[row[name] for name in _FIELDS] for row in rows])


_FIELDS = [field.attname for field in ReportPace._meta.concrete_fields if not field.primary_key]


def _row(report_id: int, pace: Pace) -> dict:
    """The field values of a ReportPace row (a dict: building model objects costs more than
    writing them at import sizes)."""
    goal, achieved, share = pace.goal, pace.achieved, pace.stated_share
    return dict(
        report_id=report_id,
        kind=pace.kind or "",
        goal_value=goal.value if goal else None,
        goal_unit=goal.unit if goal else "",
        goal_comparison=(goal.comparison or "") if goal else "",
        goal_text=goal.figure.text[:100] if goal else "",
        goal_start=goal.figure.start if goal else None,
        goal_end=goal.figure.end if goal else None,
        achieved=achieved.value if achieved else None,
        achieved_unit=achieved.unit if achieved else "",
        achieved_text=achieved.text[:100] if achieved else "",
        achieved_start=achieved.start if achieved else None,
        achieved_end=achieved.end if achieved else None,
        stated_share=share.value if share else None,
        stated_share_start=share.start if share else None,
        stated_share_end=share.end if share else None,
        completion=pace.completion,
        expected=pace.expected,
        gap=pace.gap,
        measured_signal=pace.measured_signal,
        signal=pace.signal,
        contradiction=pace.contradiction,
        note=pace.note[:300],
    )
