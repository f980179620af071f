"""Facets of a list of reports: for each of leader, unit, status, signal and deadline kind, every
value the list holds with its number of reports, in a bounded number of queries whatever the
list's size."""

import functools
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from dashboard.filters import DEADLINE_KINDS, deadline_kinds_of
from dashboard.signal_marks import signal_label
from targets.models import NOT_NAMED, Status, choice_label

# Values beyond these per facet are folded away (a province's list has hundreds of units).
MOST_VALUES = 50


@dataclass(frozen=True)
class FacetValue:
    value: str  # as the list's filter parameter takes it
    label: str
    count: int
    chosen: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the filter parameter
    label: str
    values: list[FacetValue]


# Facets of which a report has one value (a field, a foreign key): counted in one query together.
def _named(name: str | None) -> str:
    return name or NOT_NAMED


ONE_PER_REPORT = {
    "leader": ("leader__name", _named),
    "status": ("status", functools.partial(choice_label, Status)),
    "signal": ("pace__signal", signal_label),
}


# The paths a list's reports are grouped by to count those facets and the deadline kinds.
DEADLINE_PATHS = ("target__due_date", "target__ongoing")
GROUPED_PATHS = (*(path for path, _label in ONE_PER_REPORT.values()), *DEADLINE_PATHS)


def report_facets(
    reports, chosen: dict[str, str], labels: dict[str, str], groups: list[dict] | None = None
) -> list[Facet]:
    """The facets of `reports` (already filtered); `chosen` are the parameters in force, `labels`
    the facets' headings by parameter; `groups` the reports' grouped(), if the caller has them."""
    groups = grouped(reports) if groups is None else groups
    together = _counted_together(groups)
    facets = [
        ("leader", together["leader"]),
        _counted(reports, "unit", "report_units__unit__name", _named),
        ("status", together["status"]),
        ("signal", together["signal"]),
        _deadline_kinds(groups),
    ]
    return [
        Facet(name, labels[name], [FacetValue(v, label, n, chosen.get(name) == v) for v, label, n in values])
        for name, values in facets
    ]


def grouped(reports, *more_paths: str) -> list[dict]:
    """The reports grouped by all the facets of which a report has one value (and `more_paths`) at
    once, with each group's number of reports: one query where one a facet would each build and
    run its own. Each report is in one group, so the groups' counts add up to each value's."""
    paths = (*GROUPED_PATHS, *more_paths)
    return list(reports.order_by().values(*paths).annotate(n=Count("id", distinct=True)))


def _counted_together(groups: list[dict]) -> dict[str, list]:
    """The ONE_PER_REPORT facets, added up from the groups."""
    counts = {name: Counter() for name in ONE_PER_REPORT}
    for group in groups:
        for name, (path, _label) in ONE_PER_REPORT.items():
            if group[path] is not None:
                counts[name][group[path]] += group["n"]
    return {
        name: [(value, label(value), n) for value, n in sorted(counts[name].items(), key=most_first)[:MOST_VALUES]]
        for name, (_path, label) in ONE_PER_REPORT.items()
    }


def most_first(item: tuple[str, int]) -> tuple[int, str]:
    """A facet value's sort key: the most reports first, then by value."""
    value, count = item
    return -count, value


def _counted(reports, name: str, path: str, label) -> tuple[str, list]:
    """The reports with each value of a facet of which a report has several (or none: the group
    of reports without one is left out here, where excluding them in SQL cost a NOT EXISTS per
    report, three times the count's time over a search's results)."""
    rows = reports.values(path).annotate(n=Count("id", distinct=True)).order_by("-n", path)[: MOST_VALUES + 1]
    return name, [(row[path], label(row[path]), row["n"]) for row in rows if row[path] is not None][:MOST_VALUES]


def _deadline_kinds(groups: list[dict]) -> tuple[str, list]:
    """Each kind's reports, from the groups' deadlines: the kinds named in Python (SQLite would
    call back into Python for the month and the day of every report's date: 9 ms for a search's
    1,000 results)."""
    counts = Counter()
    for group in groups:
        for kind in deadline_kinds_of(group["target__due_date"], group["target__ongoing"]):
            counts[kind] += group["n"]
    return "deadline", [(kind, str(label), counts[kind]) for kind, label in DEADLINE_KINDS if counts[kind]]


def chosen_filters(data, names) -> dict[str, str]:
    return {name: data[name] for name in names if data.get(name)}
