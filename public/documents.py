"""The key-task notices and the work reports for everyone: the same lists and pages as the
officials', the targets' statuses and signals from published periods only."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject as lazy

from dashboard.notices import sections_with_tasks
from dashboard.work_reports import promises_page, report_page, review_page
from public.access import public_page
from targets.models import Organisation, ProgressReport, TaskNotice, WorkReport


@public_page
def notice_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    notices = TaskNotice.objects.of(organisation).for_list()
    return TemplateResponse(request, "public/notice_list.html", {"notices": notices})


@public_page
def notice_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    notice = get_object_or_404(TaskNotice.objects.of(organisation), pk=pk)
    published = ProgressReport.objects.published()
    context = {"notice": notice, "sections": lazy(lambda: sections_with_tasks(notice, published))}
    return TemplateResponse(request, "public/notice_detail.html", context)


@public_page
def work_report_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    reports = WorkReport.objects.of(organisation).for_list()
    return TemplateResponse(request, "public/work_report_list.html", {"reports": reports})


@public_page
def work_report_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport.objects.of(organisation), pk=pk)
    context = report_page(report, ProgressReport.objects.published())
    return TemplateResponse(request, "public/work_report_detail.html", context)


@public_page
def work_report_review(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport.objects.of(organisation), pk=pk)
    context = review_page(report, organisation, ProgressReport.objects.published())
    return TemplateResponse(request, "public/work_report_review.html", context)


@public_page
def work_report_promises(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    report = get_object_or_404(WorkReport.objects.of(organisation), pk=pk)
    context = promises_page(report, ProgressReport.objects.published())
    return TemplateResponse(request, "public/work_report_promises.html", context)
