from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from targets.models import ImportBatch, ReportingPeriod
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
