import csv

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from targets.coverage import sentence_rows
from targets.models import FigureKind, ImportBatch, ProgressReport, ReportingPeriod, WorkReport
from targets.tables import ImportBatchTable, PeriodTable, StaffPeriodTable
from targets.watch import WATCH_CSV_HEADER, watch_csv_row, watch_rows

RECENT_BATCHES = 20


def public_index(request: HttpRequest) -> HttpResponse:
    periods = ReportingPeriod.objects.published().with_status_counts()
    return render(request, "targets/public_index.html", {"table": PeriodTable(periods)})


@login_required
def dashboard_index(request: HttpRequest) -> HttpResponse:
    periods = ReportingPeriod.objects.with_status_counts()
    batches = ImportBatch.objects.select_related("period")[:RECENT_BATCHES]
    context = {"table": StaffPeriodTable(periods), "batch_table": ImportBatchTable(batches)}
    return render(request, "targets/dashboard_index.html", context)


@login_required
def work_report_list(request: HttpRequest) -> HttpResponse:
    reports = WorkReport.objects.annotate(
        sentence_count=Count("sentences", distinct=True),
        commitment_count=Count("figures", filter=Q(figures__kind=FigureKind.COMMITMENT), distinct=True),
    )
    return render(request, "targets/work_report_list.html", {"reports": reports})


@login_required
def work_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport, pk=pk)
    rows = sentence_rows(list(report.sentences.for_report_page()))
    commitments = [commitment for row in rows for commitment in row.commitments]
    uncovered = [commitment for commitment in commitments if not commitment.covered]
    goals = report.figures.filter(kind=FigureKind.GOAL).order_by("start")
    context = {"report": report, "rows": rows, "goals": goals, "commitments": commitments, "uncovered": uncovered}
    return render(request, "targets/work_report_detail.html", context)


@login_required
def watch_list(request: HttpRequest, code: str) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, code=code)
    reports = ProgressReport.objects.filter(period=period).watch_list()
    return render(request, "targets/watch_list.html", {"period": period, "rows": watch_rows(reports)})


@login_required
def watch_list_csv(request: HttpRequest, code: str) -> HttpResponse:
    period = get_object_or_404(ReportingPeriod, code=code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="watch-list-{period.code}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(WATCH_CSV_HEADER)
    writer.writerows(watch_csv_row(report) for report in ProgressReport.objects.filter(period=period).watch_list())
    return response
