"""The officials' pages, each of one organisation (dashboard.access.organisation_page). Each reads
through the querysets' `visible_to(request.user)`, which holds the user to the organisations he
follows, and shows the page's organisation (`of(organisation)`): every period of it, published
or not."""

from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from dashboard import charts
from dashboard.access import organisation_page
from dashboard.comparison import SHARES, child_rows
from dashboard.downloads import (
    COMPARISON_HEADER,
    REPORT_HEADER,
    comparison_cells,
    csv_response,
    report_row,
    xlsx_response,
)
from dashboard.extents import extent_text, extents_of
from dashboard.filters import ReportFilter
from dashboard.page_cache import cached_content
from dashboard.tables import ChildComparisonTable, ReportTable, StaffPeriodTable
from dashboard.watch import WATCH_CSV_HEADER, watch_csv_row, watch_rows
from targets.models import (
    ImportBatch,
    Leader,
    NoticeTask,
    Organisation,
    PeriodTally,
    ProgressReport,
    ProgressReportQuerySet,
    ReportingPeriod,
    Target,
    TaskUnit,
    Unit,
    UnitRole,
    latest_batch_headers,
    status_question,
)

PER_PAGE = 50
MAX_PER_PAGE = 500  # a whole real period (about 200 reports) fits on one page
TOP = 10
# Context values that cost queries are lazy: a page whose content is cached never computes them.
lazy = SimpleLazyObject
BY_PERIOD = (gettext_lazy("各报告期的进度信号"), gettext_lazy("报告期"))
ON_PACE_BY_PERIOD = (gettext_lazy("各报告期按序时推进的比例"), gettext_lazy("报告期"))


def visible_reports(request: HttpRequest, organisation: Organisation) -> ProgressReportQuerySet:
    return ProgressReport.objects.visible_to(request.user).of(organisation)


def visible_periods(request: HttpRequest, organisation: Organisation):
    return ReportingPeriod.objects.visible_to(request.user).of(organisation)


def visible_period(request: HttpRequest, organisation: Organisation, code: str) -> ReportingPeriod:
    """The period of the address; not found, as for no such period, when the user may not see it."""
    return get_object_or_404(visible_periods(request, organisation), code=code)


def check_page_size(request: HttpRequest) -> None:
    """django-tables2 takes `per_page` from the query as it is: 0 or less breaks its paginator
    (a 500) and a huge one renders every row at once. The table is drawn lazily, inside the
    template, so the size is checked up front. A value that is not a number django-tables2
    ignores itself (the default size applies)."""
    try:
        size = int(request.GET.get("per_page", PER_PAGE))
    except ValueError:
        return
    if not 1 <= size <= MAX_PER_PAGE:
        raise BadRequest(f"per_page must be from 1 to {MAX_PER_PAGE}")


def paginated(request: HttpRequest, table: ReportTable) -> ReportTable:
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table


def leader_signal_chart(reports) -> charts.Chart:
    return charts.counts_by_group(
        reports.rollup("leader__name"), "signal", _("各位市政府领导的进度信号"), _("市政府领导")
    )


def units_behind_chart(reports) -> charts.Chart:
    return charts.on_pace_shares(reports.unit_ranking()[::-1][:TOP], _("进度最落后的责任单位"), _("责任单位"))


def period_charts(reports) -> list[charts.Chart]:
    by_leader, by_unit = reports.rollup("leader__name"), reports.rollup("report_units__unit__name")
    busiest_units = sorted(by_unit, key=lambda row: -row["reports"])[:TOP]
    return [
        charts.counts_by_group(by_leader, "status", _("各位市政府领导的报告状态"), _("市政府领导")),
        charts.counts_by_group(by_leader, "signal", _("各位市政府领导的进度信号"), _("市政府领导")),
        charts.counts_by_group(busiest_units, "signal", _("推进情况最多的责任单位的进度信号"), _("责任单位")),
    ]


def completion_chart(reports: list[ProgressReport]) -> charts.Chart | None:
    points = [(f"{r.target.year}-{r.target.seq}", r.period.label, r.pace.completion, r.pace.expected) for r in reports]
    return charts.completion_over_time(points, _("完成度与序时进度")) if points else None


def compare_chart(periods: list[ReportingPeriod]) -> charts.Chart:
    first, second = (period_tallies(period).rollup()[0] for period in periods)
    return charts.shares_compared((periods[0].label, first), (periods[1].label, second), _("各状态与信号所占比例"))


def visible_tallies(request: HttpRequest, organisation: Organisation):
    """The kept roll-ups (targets.tallies) of the periods the user may see."""
    return PeriodTally.objects.filter(period__in=visible_periods(request, organisation))


def period_tallies(period: ReportingPeriod):
    """The period's kept roll-ups (targets.tallies): a few rows, whatever the number of reports."""
    return PeriodTally.objects.filter(period=period)


def _period_or_latest(periods, code: str | None) -> ReportingPeriod:
    periods = periods.latest_first()
    period = periods.filter(code=code).first() if code else periods.first()
    if period is None:
        raise Http404(_("没有这个报告期。") if code else _("还没有导入任何报告期。"))
    return period


@organisation_page
@cached_content
def index(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The latest period (or the one picked) at a glance."""
    periods = visible_periods(request, organisation)
    if not periods.exists():
        return TemplateResponse(
            request, "dashboard/empty.html", {"child_periods": lazy(lambda: child_periods(request, organisation))}
        )
    period = _period_or_latest(periods, request.GET.get("period"))
    reports = visible_reports(request, organisation).filter(period=period)
    tallies = period_tallies(period)
    context = {
        "period": period,
        "periods": StaffPeriodTable(periods.with_status_counts(), organisation=organisation),
        "total": lazy(lambda: tallies.rollup()[0]),
        "extent": lazy(lambda: extents_of([period])[period.pk]),
        "leader_chart": lazy(lambda: leader_signal_chart(tallies)),
        "behind_units": lazy(lambda: units_behind_chart(tallies)),
        "watch": lazy(lambda: watch_rows(reports.watch_list()[:TOP])),
    }
    return TemplateResponse(request, "dashboard/index.html", context)


@organisation_page
@cached_content
def period_detail(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    check_page_size(request)
    period = visible_period(request, organisation, code)
    reports = visible_reports(request, organisation).filter(period=period)
    filtered = ReportFilter(request.GET, queryset=reports.for_table(), organisation=organisation)
    batch = lazy(lambda: ImportBatch.objects.latest_by_period([period]).get(period.pk))
    context = {
        "period": period,
        "batch": batch,
        "extent": lazy(lambda: extent_text(batch)),
        "filter": filtered,
        "table": lazy(lambda: paginated(request, ReportTable(filtered.qs, organisation=organisation))),
        "charts": lazy(lambda: period_charts(period_tallies(period))),
    }
    return TemplateResponse(request, "dashboard/period_detail.html", context)


@organisation_page
def period_download(request: HttpRequest, organisation: Organisation, code: str, extension: str) -> HttpResponse:
    """The period's table, filtered as on the page, as CSV (UTF-8 with BOM) or XLSX."""
    period = visible_period(request, organisation, code)
    reports = visible_reports(request, organisation).filter(period=period).for_table()
    reports = ReportFilter(request.GET, queryset=reports, organisation=organisation).qs
    rows = (report_row(report) for report in reports)
    name = f"reports-{period.code}"
    if extension == "xlsx":
        return xlsx_response(name, period.label, REPORT_HEADER, rows)
    return csv_response(name, REPORT_HEADER, rows)


@organisation_page
@cached_content
def leader_detail(request: HttpRequest, organisation: Organisation, name: str) -> HttpResponse:
    check_page_size(request)
    leader = get_object_or_404(Leader.objects.of(organisation), name=name)
    reports = visible_reports(request, organisation).filter(leader=leader)
    tallies = visible_tallies(request, organisation)
    context = {
        "leader": leader,
        "total": lazy(tallies.of_leader(leader).summed),
        "chart": lazy(
            lambda: charts.counts_by_group(tallies.of_leader(leader).rollup("period__code"), "signal", *BY_PERIOD)
        ),
        "units": lazy(tallies.units_of_leader(leader).summed_by_unit),
        "table": lazy(
            lambda: paginated(request, ReportTable(reports.for_table(), organisation=organisation, exclude=["leader"]))
        ),
    }
    return TemplateResponse(request, "dashboard/leader_detail.html", context)


@organisation_page
@cached_content
def unit_detail(request: HttpRequest, organisation: Organisation, name: str) -> HttpResponse:
    check_page_size(request)
    unit = get_object_or_404(Unit.objects.of(organisation).prefetch_related("aliases"), name=name)
    # The reports the unit leads, or (?role=participating) those it takes part in.
    role = UnitRole.PARTICIPATING if request.GET.get("role") == UnitRole.PARTICIPATING else UnitRole.LEAD
    of_unit = visible_reports(request, organisation).filter(report_units__unit=unit)
    reports = visible_reports(request, organisation).filter(report_units__unit=unit, report_units__role=role)
    tasks = TaskUnit.objects.filter(unit=unit).select_related("task__notice").order_by("task__notice", "task__number")
    tallies = visible_tallies(request, organisation).of_unit(unit)
    context = {
        "unit": unit,
        "role": role,
        "chart": lazy(lambda: charts.on_pace_shares(tallies.rollup("period__code"), *ON_PACE_BY_PERIOD)),
        "role_counts": lazy(lambda: of_unit.count_by_unit_role()),
        "tasks": tasks[:100],
        "table": lazy(lambda: paginated(request, ReportTable(reports.for_table(), organisation=organisation))),
    }
    return TemplateResponse(request, "dashboard/unit_detail.html", context)


@organisation_page
@cached_content
def target_detail(request: HttpRequest, organisation: Organisation, year: int, seq: int) -> HttpResponse:
    target = get_object_or_404(
        Target.objects.visible_to(request.user).of(organisation).select_related("source__sentence__report"),
        year=year,
        seq=seq,
    )
    linked = target.other_years()
    # The target's history over years: its own reports and those of the same target in other years.
    reports = visible_reports(request, organisation).filter(target__in=[target, *linked])
    history = lazy(lambda: list(reports.for_table().order_by("period__as_of")))
    # The status column's header as each period's table asks it (是否完成, 是否按计划完成进度).
    questions = lazy(lambda: status_questions({report.period_id for report in history}))
    context = {
        "target": target,
        "source": getattr(target, "source", None),
        "linked": linked,
        "tasks": NoticeTask.objects.filter(target_link__target=target).select_related("notice").order_by("number"),
        "rows": lazy(lambda: watch_rows(history, questions)),
        "chart": lazy(lambda: completion_chart(history)),
    }
    return TemplateResponse(request, "dashboard/target_detail.html", context)


def status_questions(period_ids) -> dict[int, str]:
    """The status column's header of each period's table (its latest batch's), by period id."""
    return {pk: status_question(headers) for pk, headers in latest_batch_headers(period_ids).items()}


@organisation_page
@cached_content
def compare_periods(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    periods = list(visible_periods(request, organisation).latest_first())
    codes = [request.GET.get("a") or (periods[1].code if len(periods) > 1 else None), request.GET.get("b")]
    codes[1] = codes[1] or (periods[0].code if periods else None)
    chosen = [next((p for p in periods if p.code == code), None) for code in codes]
    chart = lazy(lambda: compare_chart(chosen)) if all(chosen) else None
    extents = lazy(lambda: list(extents_of([period for period in chosen if period]).items()))
    context = {"periods": periods, "chosen": chosen, "chart": chart, "extents": extents}
    return TemplateResponse(request, "dashboard/compare.html", context)


def child_periods(request: HttpRequest, organisation: Organisation) -> list[dict]:
    """The periods the organisation's children have reported (code and label), latest first:
    a province without tables of its own compares its cities."""
    periods = ReportingPeriod.objects.visible_to(request.user).filter(organisation__parent=organisation)
    return list(periods.values("code", "label").distinct().order_by("-as_of", "code")[:TOP])


def children_and_periods(request: HttpRequest, organisation: Organisation, code: str):
    """The children the user may see, and their periods of `code`; not found when the
    organisation has no such period itself and none of its children has."""
    children = list(Organisation.objects.visible_to(request.user).filter(parent=organisation))
    periods = list(ReportingPeriod.objects.visible_to(request.user).filter(organisation__in=children, code=code))
    if not periods and not visible_periods(request, organisation).filter(code=code).exists():
        raise Http404(_("没有这个报告期。"))
    return children, periods


@organisation_page
@cached_content
def children_comparison(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    """How each child organisation fares in a period, the most behind first."""
    children, periods = children_and_periods(request, organisation, code)
    rows = child_rows(children, periods)
    table = ChildComparisonTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    context = {
        "code": code,
        "label": periods[0].label if periods else code,
        "table": table,
        "chart": lazy(lambda: charts.shares_by_group(rows, SHARES, _("各下级政府的推进情况"), _("下级政府"))),
    }
    return TemplateResponse(request, "dashboard/children_comparison.html", context)


@organisation_page
def children_download(request: HttpRequest, organisation: Organisation, code: str, extension: str) -> HttpResponse:
    """The comparison of the children as CSV (UTF-8 with BOM) or XLSX."""
    children, periods = children_and_periods(request, organisation, code)
    rows = [comparison_cells(row) for row in child_rows(children, periods)]
    name = f"children-{organisation.code}-{code}"
    if extension == "xlsx":
        return xlsx_response(name, code, COMPARISON_HEADER, rows)
    return csv_response(name, COMPARISON_HEADER, rows)


@organisation_page
@cached_content
def watch_list(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    period = visible_period(request, organisation, code)
    reports = visible_reports(request, organisation).filter(period=period).watch_list()
    context = {"period": period, "rows": lazy(lambda: watch_rows(reports))}
    return TemplateResponse(request, "dashboard/watch_list.html", context)


@organisation_page
def watch_list_csv(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    period = visible_period(request, organisation, code)
    reports = visible_reports(request, organisation).filter(period=period).watch_list()
    return csv_response(f"watch-list-{period.code}", WATCH_CSV_HEADER, (watch_csv_row(report) for report in reports))
