from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from targets.coverage import sentence_rows
from targets.models import FigureKind, ImportBatch, ReportingPeriod, WorkReport
from targets.tables import ImportBatchTable, PeriodTable, StaffPeriodTable

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
