"""A work report's pages: the report whole, its review of the past year and its promises for the
next, on the officials' site and (public.documents) the public one, which takes the targets'
statuses and signals from the published periods only.

The report page marks every quantified commitment as covered by a target or not
(dashboard.coverage). The review page tabulates every figure the report claims for the year
reviewed, each set against the target of that year it clearly answers
(analysis.work_report_matching) with what the latest progress table reported for it. The promises
page lists the main expected goals and the 民生实事 (livelihood projects), each with its linked
targets and their latest status and signal. Each reads a fixed number of queries whatever the
size of the data.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject as lazy

from analysis.work_report_matching import GoalClause, ReviewFigure, TargetContent, goal_of_each, review_matches
from dashboard.access import organisation_page
from dashboard.coverage import sentence_rows
from dashboard.page_cache import cached_content
from targets.models import (
    FigureKind,
    Organisation,
    ProgressReport,
    ProgressReportQuerySet,
    ReportFigure,
    ReportSection,
    Target,
    TargetSource,
    WorkReport,
)

# The section whose numbered items are the livelihood projects (十项民生实事).
LIVELIHOOD_WORDS = "民生实事"


@organisation_page
@cached_content
def work_report_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    reports = WorkReport.objects.of(organisation).for_list()
    return TemplateResponse(request, "dashboard/work_report_list.html", {"reports": reports})


@organisation_page
@cached_content
def work_report_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport.objects.of(organisation), pk=pk)
    return TemplateResponse(request, "dashboard/work_report_detail.html", report_page(report))


@organisation_page
@cached_content
def work_report_review(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport.objects.of(organisation), pk=pk)
    return TemplateResponse(request, "dashboard/work_report_review.html", review_page(report, organisation))


@organisation_page
@cached_content
def work_report_promises(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport.objects.of(organisation), pk=pk)
    return TemplateResponse(request, "dashboard/work_report_promises.html", promises_page(report))


# What each page shows, for both sites. `reports`: the progress reports a target's latest status
# and signal are taken from (all by default; the published ones on the public site). Context values
# that cost queries are lazy: a page whose content is cached never computes them.


def report_page(report: WorkReport, reports: ProgressReportQuerySet | None = None) -> dict:
    """The report's sentences, each commitment marked as covered or not, with their targets."""
    rows = lazy(lambda: sentence_rows(list(report.sentences.for_report_page(reports))))
    commitments = lazy(lambda: [commitment for row in rows for commitment in row.commitments])
    uncovered = lazy(lambda: [commitment for commitment in commitments if not commitment.covered])
    goals = report.figures.filter(kind=FigureKind.GOAL).order_by("start")
    return {"report": report, "rows": rows, "goals": goals, "commitments": commitments, "uncovered": uncovered}


def review_page(report: WorkReport, organisation: Organisation, reports: ProgressReportQuerySet | None = None) -> dict:
    year = reviewed_year(report)
    return {"report": report, "year": year, "review": lazy(lambda: review_of(report, organisation, year, reports))}


def promises_page(report: WorkReport, reports: ProgressReportQuerySet | None = None) -> dict:
    return {"report": report, "promises": lazy(lambda: promises_of(report, reports))}


def latest_reports(target_ids, reports: ProgressReportQuerySet | None = None) -> dict[int, ProgressReport]:
    """Each target's latest report among `reports` (all by default)."""
    return (ProgressReport.objects if reports is None else reports).latest_by_target(target_ids)


def reviewed_year(report: WorkReport) -> int:
    """The year the report looks back on: the year it was delivered (a report of late December
    reviews that year), else the year before its goals."""
    return report.delivered_on.year if report.delivered_on else report.year_of_goals - 1


# The review page


@dataclass
class ReviewRow:
    figure: ReportFigure
    value: str  # the value as a plain number (a range as `2–3`)
    target: Target | None = None  # the target of the year it clearly answers
    latest: ProgressReport | None = None  # that target's latest report
    achieved: str = ""  # the figure the latest report states for the target's goal


@dataclass
class ReviewSection:
    heading: str
    rows: list[ReviewRow] = field(default_factory=list)


@dataclass
class Review:
    sections: list[ReviewSection]
    figures: int
    estimated: int
    matched: int


def review_of(
    report: WorkReport, organisation: Organisation, year: int, reports: ProgressReportQuerySet | None = None
) -> Review:
    """Every review figure, grouped by its section in the report's order, each matched target
    with its latest report among `reports` (all by default): three queries."""
    figures = list(
        report.figures.filter(kind=FigureKind.REVIEW)
        .select_related("sentence__section__parent")
        .order_by("sentence__position", "start")
    )
    targets = {target.pk: target for target in Target.objects.of(organisation).filter(year=year)}
    matches = review_matches(
        [ReviewFigure(f.pk, f.sentence_id, f.sentence.text, f.start, f.measure) for f in figures],
        [TargetContent(target.pk, target.content) for target in targets.values()],
    )
    latest = latest_reports(set(matches.values()), reports)
    sections: dict[int | None, ReviewSection] = {}
    for figure in figures:
        target_pk = matches.get(figure.pk)
        row = ReviewRow(figure, plain_number(figure.value, figure.value_high), targets.get(target_pk))
        row.latest = latest.get(target_pk)
        row.achieved = _achieved_text(row.latest)
        section = figure.sentence.section
        sections.setdefault(section and section.pk, ReviewSection(section_heading(section))).rows.append(row)
    estimated = sum(figure.estimated for figure in figures)
    return Review(list(sections.values()), len(figures), estimated, len(matches))


def _achieved_text(report: ProgressReport | None) -> str:
    pace = getattr(report, "pace", None)  # a report not measured yet has none
    return pace.achieved_text if pace is not None and pace.achieved is not None else ""


def plain_number(value: Decimal | None, high: Decimal | None = None) -> str:
    """`4.6`, `150000`: the stored four decimals and exponent left out."""
    if value is None:
        return "—"
    low = f"{value.normalize():f}"
    return f"{low}–{high.normalize():f}" if high is not None else low


def section_heading(section: ReportSection | None) -> str:
    """`（一）全力以赴攻坚克难,经济持续稳定增长 › 二是市场运行平稳有序`: a third-level part
    under the part it belongs to, as a reader finds it in the report."""
    if section is None:
        return ""
    if section.level > 2 and section.parent is not None:
        return f"{_heading(section.parent)} › {_heading(section)}"
    return _heading(section)


def _heading(section: ReportSection) -> str:
    return f"{section.number}、{section.title}" if section.level == 1 else f"{section.number}{section.title}"


# The promises page


@dataclass
class LinkedTarget:
    target: Target
    latest: ProgressReport | None


@dataclass
class Promise:
    number: str  # `(4)` for a livelihood project; empty for a goal
    text: str
    figure: str  # the figure as written (a goal's); empty when it has none
    targets: list[LinkedTarget] = field(default_factory=list)


@dataclass
class Promises:
    goals: list[Promise]
    unassigned: list[LinkedTarget]  # linked to the goals' sentence, matching no single goal
    livelihood_heading: str
    livelihood: list[Promise]


def promises_of(report: WorkReport, reports: ProgressReportQuerySet | None = None) -> Promises:
    """The main expected goals and the livelihood projects with their targets, each with its
    latest report among `reports` (all by default): four queries."""
    goals = list(report.figures.filter(kind=FigureKind.GOAL).order_by("sentence__position", "start"))
    items = list(
        ReportSection.objects.filter(report=report, parent__title__contains=LIVELIHOOD_WORDS)
        .select_related("parent")
        .order_by("position")
    )
    links = list(
        TargetSource.objects.filter(
            Q(sentence__in={goal.sentence_id for goal in goals}) | Q(sentence__section__in=items)
        )
        .select_related("target", "sentence")
        .order_by("target__seq")
    )
    latest = latest_reports({link.target_id for link in links}, reports)
    linked = [(link, LinkedTarget(link.target, latest.get(link.target_id))) for link in links]
    goal_rows, unassigned = _goal_promises(goals, linked)
    heading = section_heading(items[0].parent) if items else ""
    return Promises(goal_rows, unassigned, heading, _livelihood_promises(items, linked))


def _goal_promises(goals: list[ReportFigure], linked: list) -> tuple[list[Promise], list[LinkedTarget]]:
    """Each goal with the targets of the goals' sentence that match it (several goals share
    that one sentence), and the targets that match none."""
    rows = [Promise("", goal.measure, goal.text if goal.value is not None else "") for goal in goals]
    sentences = {goal.sentence_id for goal in goals}
    candidates = [target for link, target in linked if link.sentence_id in sentences]
    clauses = [GoalClause(goal.measure, goal.text, goal.value is not None) for goal in goals]
    chosen = goal_of_each(clauses, [TargetContent(c.target.pk, c.target.content) for c in candidates])
    unassigned = []
    for candidate in candidates:
        index = chosen.get(candidate.target.pk)
        (rows[index].targets if index is not None else unassigned).append(candidate)
    return rows, unassigned


def _livelihood_promises(items: list[ReportSection], linked: list) -> list[Promise]:
    rows = {item.pk: Promise(item.number, item.title, "") for item in items}
    for link, target in linked:
        if link.sentence.section_id in rows:
            rows[link.sentence.section_id].targets.append(target)
    return list(rows.values())
