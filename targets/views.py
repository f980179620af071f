from django.core.exceptions import BadRequest
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tables2 import RequestConfig

from targets import charts
from targets.access import official_required
from targets.coverage import sentence_rows
from targets.csv_cells import SpreadsheetSafeWriter
from targets.downloads import REPORT_HEADER, report_row, xlsx_response
from targets.filters import ReportFilter
from targets.models import (
    FigureKind,
    Leader,
    ProgressReport,
    ReportingPeriod,
    Target,
    TaskUnit,
    Unit,
    WorkReport,
)
from targets.tables import PeriodTable, ReportTable, StaffPeriodTable
from targets.watch import WATCH_CSV_HEADER, watch_csv_row, watch_rows

PER_PAGE = 50
MAX_PER_PAGE = 500  # a whole real period (about 200 reports) fits on one page
TOP = 10
# Context values that cost queries are lazy: a page whose content is cached never computes them.
lazy = SimpleLazyObject
BY_PERIOD = (gettext_lazy("各报告期的进度信号"), gettext_lazy("报告期"))
ON_PACE_BY_PERIOD = (gettext_lazy("各报告期按序时推进的比例"), gettext_lazy("报告期"))


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
    points = [(r.period.label, r.pace.completion, r.pace.expected) for r in reports]
    return charts.completion_over_time(points, _("完成度与序时进度")) if points else None


def compare_chart(periods: list[ReportingPeriod]) -> charts.Chart:
    first, second = (ProgressReport.objects.filter(period=p).rollup()[0] for p in periods)
    return charts.shares_compared((periods[0].label, first), (periods[1].label, second), _("各状态与信号所占比例"))


def public_index(request: HttpRequest) -> HttpResponse:
    periods = ReportingPeriod.objects.published().with_status_counts()
    return render(request, "targets/public_index.html", {"table": PeriodTable(periods)})


def _period_or_latest(code: str | None) -> ReportingPeriod:
    periods = ReportingPeriod.objects.latest_first()
    period = periods.filter(code=code).first() if code else periods.first()
    if period is None:
        raise Http404(_("还没有导入任何报告期。"))
    return period


@official_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    """The latest period (or the one picked) at a glance."""
    if not ReportingPeriod.objects.exists():
        return render(request, "targets/dashboard_empty.html")
    period = _period_or_latest(request.GET.get("period"))
    reports = ProgressReport.objects.filter(period=period)
    context = {
        "period": period,
        "periods": StaffPeriodTable(ReportingPeriod.objects.with_status_counts()),
        "total": lazy(lambda: reports.rollup()[0]),
        "leader_chart": lazy(lambda: leader_signal_chart(reports)),
        "behind_units": lazy(lambda: units_behind_chart(reports)),
        "watch": lazy(lambda: watch_rows(reports.watch_list()[:TOP])),
    }
    return render(request, "targets/dashboard_index.html", context)


@official_required
def period_detail(request: HttpRequest, code: str) -> HttpResponse:
    check_page_size(request)
    period = get_object_or_404(ReportingPeriod, code=code)
    reports = ProgressReport.objects.filter(period=period)
    filtered = ReportFilter(request.GET, queryset=reports.for_table())
    context = {
        "period": period,
        "filter": filtered,
        "table": lazy(lambda: paginated(request, ReportTable(filtered.qs))),
        "charts": lazy(lambda: period_charts(reports)),
    }
    return render(request, "targets/period_detail.html", context)


@official_required
def period_download(request: HttpRequest, code: str, extension: str) -> HttpResponse:
    """The period's table, filtered as on the page, as CSV (UTF-8 with BOM) or XLSX."""
    period = get_object_or_404(ReportingPeriod, code=code)
    reports = ReportFilter(request.GET, queryset=ProgressReport.objects.filter(period=period).for_table()).qs
    rows = (report_row(report) for report in reports)
    name = f"reports-{period.code}"
    if extension == "xlsx":
        return xlsx_response(name, period.label, REPORT_HEADER, rows)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")
    writer = SpreadsheetSafeWriter(response)
    writer.writerow(REPORT_HEADER)
    writer.writerows(rows)
    return response


@official_required
def leader_detail(request: HttpRequest, name: str) -> HttpResponse:
    check_page_size(request)
    leader = get_object_or_404(Leader, name=name)
    reports = ProgressReport.objects.filter(leader=leader)
    context = {
        "leader": leader,
        "total": lazy(lambda: reports.rollup()[0]),
        "chart": lazy(lambda: charts.counts_by_group(reports.rollup("period__code"), "signal", *BY_PERIOD)),
        "units": lazy(lambda: reports.rollup("report_units__unit__name")),
        "table": lazy(lambda: paginated(request, ReportTable(reports.for_table(), exclude=["leader"]))),
    }
    return render(request, "targets/leader_detail.html", context)


@official_required
def unit_detail(request: HttpRequest, name: str) -> HttpResponse:
    check_page_size(request)
    unit = get_object_or_404(Unit.objects.prefetch_related("aliases"), name=name)
    reports = ProgressReport.objects.filter(report_units__unit=unit)
    tasks = TaskUnit.objects.filter(unit=unit).select_related("task__notice").order_by("task__notice", "task__number")
    context = {
        "unit": unit,
        "chart": lazy(lambda: charts.on_pace_shares(reports.rollup("period__code"), *ON_PACE_BY_PERIOD)),
        "lead_count": lazy(lambda: reports.filter(report_units__position=0, report_units__unit=unit).count()),
        "tasks": tasks[:100],
        "table": lazy(lambda: paginated(request, ReportTable(reports.for_table()))),
    }
    return render(request, "targets/unit_detail.html", context)


@official_required
def target_detail(request: HttpRequest, year: int, seq: int) -> HttpResponse:
    target = get_object_or_404(
        Target.objects.select_related("source__sentence__report").prefetch_related(
            "earlier_links__earlier", "later_links__later"
        ),
        year=year,
        seq=seq,
    )
    linked = [link.earlier for link in target.earlier_links.all()] + [link.later for link in target.later_links.all()]
    # The target's history over years: its own reports and those of the same target in other years.
    history = lazy(
        lambda: list(ProgressReport.objects.filter(target__in=[target, *linked]).for_table().order_by("period__as_of"))
    )
    context = {
        "target": target,
        "source": getattr(target, "source", None),
        "linked": sorted(linked, key=lambda other: other.year),
        "rows": lazy(lambda: watch_rows(history)),
        "chart": lazy(lambda: completion_chart(history)),
    }
    return render(request, "targets/target_detail.html", context)


@official_required
def compare_periods(request: HttpRequest) -> HttpResponse:
    periods = list(ReportingPeriod.objects.latest_first())
    codes = [request.GET.get("a") or (periods[1].code if len(periods) > 1 else None), request.GET.get("b")]
    codes[1] = codes[1] or (periods[0].code if periods else None)
    chosen = [next((p for p in periods if p.code == code), None) for code in codes]
    chart = lazy(lambda: compare_chart(chosen)) if all(chosen) else None
    return render(request, "targets/compare.html", {"periods": periods, "chosen": chosen, "chart": chart})


@official_required
def work_report_list(request: HttpRequest) -> HttpResponse:
    reports = WorkReport.objects.annotate(
        sentence_count=Count("sentences", distinct=True),
        commitment_count=Count("figures", filter=Q(figures__kind=FigureKind.COMMITMENT), distinct=True),
    )
    return render(request, "targets/work_report_list.html", {"reports": reports})


@official_required
def work_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport, pk=pk)
    rows = lazy(lambda: sentence_rows(list(report.sentences.for_report_page())))
    commitments = lazy(lambda: [commitment for row in rows for commitment in row.commitments])
    uncovered = lazy(lambda: [commitment for commitment in commitments if not commitment.covered])
    goals = report.figures.filter(kind=FigureKind.GOAL).order_by("start")
    context = {"report": report, "rows": rows, "goals": goals, "commitments": commitments, "uncovered": uncovered}
    return render(request, "targets/work_report_detail.html", context)


@official_required
def watch_list(request: HttpRequest, code: str) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, code=code)
    reports = ProgressReport.objects.filter(period=period).watch_list()
    return render(request, "targets/watch_list.html", {"period": period, "rows": lazy(lambda: watch_rows(reports))})


@official_required
def watch_list_csv(request: HttpRequest, code: str) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, code=code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="watch-list-{period.code}.csv"'
    response.write("\ufeff")
    writer = SpreadsheetSafeWriter(response)
    writer.writerow(WATCH_CSV_HEADER)
    writer.writerows(watch_csv_row(report) for report in ProgressReport.objects.filter(period=period).watch_list())
    return response
