"""A parent organisation's comparison of its children in one period: one row per child, from the
kept tallies (targets.tallies), so that the page reads one row per child whatever their sizes."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from analysis.signals import CANCELLED, GREEN, RED, YELLOW
from analysis.statuses import UNREPORTED
from targets.models import Organisation, PeriodTally, ReportingPeriod

# The shares of a child's reports the page compares, each with its label.
SHARES = {
    "on_pace_share": _("按序时推进"),
    "behind_share": _("滞后（黄灯、红灯）"),
    "reached_goal_share": _("达到目标"),
    "cancelled_share": _("不再实施"),
}


@dataclass
class ChildRow:
    organisation: Organisation
    period: ReportingPeriod | None  # None: the child has not reported this period yet
    targets: int = 0
    reports: int = 0
    on_pace_share: float | None = None
    behind_share: float | None = None
    reached_goal_share: float | None = None
    cancelled_share: float | None = None
    contradictions: int = 0
    unreported: int = 0


def child_rows(children: list[Organisation], periods: list[ReportingPeriod]) -> list[ChildRow]:
    """Each child with its period of the same code and that period's figures, most behind first
    (children without the period last)."""
    totals = PeriodTally.objects.totals_for(periods)
    by_child = {period.organisation_id: period for period in periods}
    rows = [_row(child, by_child.get(child.pk), totals) for child in children]
    return sorted(rows, key=lambda row: (row.behind_share is None, -(row.behind_share or 0), row.organisation.code))


def _row(child: Organisation, period: ReportingPeriod | None, totals: dict[int, dict]) -> ChildRow:
    if period is None:
        return ChildRow(child, None)
    total = totals[period.pk]
    reports = total["reports"]

    def share(count: int) -> float | None:
        return count / reports if reports else None

    return ChildRow(
        organisation=child,
        period=period,
        targets=total["targets"],
        reports=reports,
        on_pace_share=share(total[f"signal_{GREEN}"]),
        behind_share=share(total[f"signal_{YELLOW}"] + total[f"signal_{RED}"]),
        reached_goal_share=share(total["reached_goal"]),
        cancelled_share=share(total[f"signal_{CANCELLED}"]),
        contradictions=total["contradictions"],
        unreported=total[f"status_{UNREPORTED}"],
    )
