"""Storing what importers/pace.py measures for each progress report."""

from django.db import transaction

from importers.deadlines import parse_deadline
from importers.pace import Pace, Thresholds, assess
from targets.cache import bump_data_version
from targets.models import PaceSettings, ProgressReport, ReportPace


def thresholds() -> Thresholds:
    settings = PaceSettings.current()
    return Thresholds(margin=settings.margin_points, rate_margin=settings.rate_margin_points)


@transaction.atomic
def recompute_pace(reports=None) -> int:
    """Measure the given reports (all by default) again and store the results; returns how many."""
    reports = (reports if reports is not None else ProgressReport.objects.all()).select_related("target", "period")
    limits = thresholds()
    rows, ids = [], []
    for report in reports.iterator(chunk_size=2000):
        target = report.target
        deadline = parse_deadline(target.deadline, target.year)
        pace = assess(
            target.content, report.progress, report.status, deadline, target.year, report.period.as_of, limits
        )
        rows.append(_row(report.pk, pace))
        ids.append(report.pk)
    for start in range(0, len(ids), 900):
        ReportPace.objects.filter(report_id__in=ids[start : start + 900]).delete()
    ReportPace.objects.bulk_create(rows, batch_size=2000)
    bump_data_version()
    return len(rows)


def _row(report_id: int, pace: Pace) -> ReportPace:
    goal, achieved, share = pace.goal, pace.achieved, pace.stated_share
    return ReportPace(
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
