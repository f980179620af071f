"""The key-task notices for everyone: the same list and pages as the officials', the targets'
signals from published periods only."""

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject as lazy

from dashboard.notices import sections_with_tasks
from public.access import public_page
from targets.models import Organisation, ProgressReport, TaskNotice


@public_page
def notice_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    notices = TaskNotice.objects.of(organisation).annotate(
        section_count=Count("sections", distinct=True), task_count=Count("tasks", distinct=True)
    )
    return TemplateResponse(request, "public/notice_list.html", {"notices": notices})


@public_page
def notice_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    notice = get_object_or_404(TaskNotice.objects.of(organisation), pk=pk)
    published = ProgressReport.objects.published()
    context = {"notice": notice, "sections": lazy(lambda: sections_with_tasks(notice, published))}
    return TemplateResponse(request, "public/notice_detail.html", context)
