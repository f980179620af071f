"""Keeping each period's roll-ups (targets.models.PeriodTally) as the reports change, so that
pages read them instead of aggregating the reports on every request.

Every write that can change a period's counts refreshes that period's tallies in its own
transaction, after its own rows, so a reader never sees tallies of other data than the reports:
an import of a progress table (targets.imports), a recomputation of the pace
(targets.measuring.recompute_pace, also after the thresholds change in the admin), the admin's
edits and deletions of reports, their units, their pace and targets (targets.admin), and the
synthetic data set (targets.synthetic). Deleting a period deletes its tallies with it.

A refresh recomputes a period's rows from scratch (no increments to drift): eleven statements for
up to 900 periods at a time, whatever their size.
"""

import statistics
from collections.abc import Iterable

from django.db.models import Count, Q

from targets.bulk import delete_rows, insert_rows
from targets.models import ROLLUP_COUNTS, TALLY_COUNTS, PeriodTally, ProgressReport, ReportingPeriod, TallyDimension
from targets.search import refresh_search_index

# Periods per statement: their ids stay below SQLite's oldest limit of 999 parameters.
PERIODS_PER_QUERY = 900


# Each dimension's group, as paths from the reports (a leader's reports by unit: both); by unit, a
# report counts under each of its lead units, as in the reports' roll-up by unit.
_GROUPS = {
    TallyDimension.PERIOD: (),
    TallyDimension.LEADER: ("leader",),
    TallyDimension.UNIT: ("report_units__unit",),
    TallyDimension.LEADER_UNIT: ("leader", "report_units__unit"),
}

# Beside the roll-up's counts, those the comparison of organisations shows (see PeriodTally).
_MORE_COUNTS = {
    "targets": Count("target", distinct=True),
    "reached_goal": Count("id", filter=Q(pace__completion__gte=1)),
}

_FIELDS = ["period", "dimension", "leader", "unit", *TALLY_COUNTS, *_MORE_COUNTS, "median_completion"]


def refresh_tallies(period_ids: Iterable[int]) -> None:
    """Recompute the tallies of these periods from their reports, as part of the current
    transaction. Ids of periods that no longer exist are passed over. Every write that changes
    reports passes here, so the search index of the same periods is refreshed too (targets.search)."""
    ids = sorted(set(period_ids))
    for start in range(0, len(ids), PERIODS_PER_QUERY):
        _refresh(ids[start : start + PERIODS_PER_QUERY])
    refresh_search_index(ids)


def _refresh(ids: list[int]) -> None:
    delete_rows(PeriodTally.objects.filter(period_id__in=ids))
    reports = ProgressReport.objects.filter(period_id__in=ids)
    rows = []
    for dimension, paths in _GROUPS.items():
        rows += _rows(reports, dimension, paths)
    # A period without reports still has its whole row (of zeros), as its roll-up has one.
    counted = {row[0] for row in rows}
    empty = [0] * (len(TALLY_COUNTS) + len(_MORE_COUNTS))
    for period_id in ReportingPeriod.objects.filter(pk__in=ids).exclude(pk__in=counted).values_list("pk", flat=True):
        rows.append([period_id, TallyDimension.PERIOD, None, None, *empty, None])
    insert_rows(PeriodTally, _FIELDS, rows)


def _rows(reports, dimension: str, paths: tuple[str, ...]) -> list[list]:
    """The tally rows of one dimension: its counts (one query) and median completions (one more)."""
    if "report_units__unit" in paths:
        reports = reports.by_lead_unit()
    keys = ["period_id", *paths]
    counts = reports.values(*keys).annotate(**ROLLUP_COUNTS, **_MORE_COUNTS).order_by()
    medians = _median_completions(reports, keys)
    rows = []
    for row in counts:
        key = tuple(row[name] for name in keys)
        group = dict(zip(paths, key[1:], strict=True))
        leader, unit = group.get("leader"), group.get("report_units__unit")
        values = [row[name] for name in (*TALLY_COUNTS, *_MORE_COUNTS)]
        rows.append([key[0], dimension, leader, unit, *values, medians.get(key)])
    return rows


def _median_completions(reports, keys: list[str]) -> dict[tuple, float]:
    """The median completion of each group's measured reports, as the reports' roll-up finds it
    (in Python: SQLite has no median)."""
    completions: dict[tuple, list[float]] = {}
    for *key, completion in reports.filter(pace__completion__isnull=False).values_list(*keys, "pace__completion"):
        completions.setdefault(tuple(key), []).append(completion)
    return {key: statistics.median(values) for key, values in completions.items()}
