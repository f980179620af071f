"""The key-task notices (重点工作任务通知): a list, and each notice whole — its header, its
sections and every task with its units as written, the amounts and times it names and the target
it is linked to."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject as lazy

from analysis.amounts_and_times import amounts_and_times
from dashboard.access import organisation_page
from dashboard.page_cache import cached_content
from importers.units import mark_names
from targets.models import Organisation, ProgressReport, TaskNotice


@organisation_page
@cached_content
def notice_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    notices = TaskNotice.objects.of(organisation).for_list()
    return TemplateResponse(request, "dashboard/notice_list.html", {"notices": notices})


@organisation_page
@cached_content
def notice_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    notice = get_object_or_404(TaskNotice.objects.of(organisation), pk=pk)
    context = {"notice": notice, "sections": lazy(lambda: sections_with_tasks(notice))}
    return TemplateResponse(request, "dashboard/notice_detail.html", context)


def sections_with_tasks(notice: TaskNotice, reports=None) -> list[tuple]:
    """(section, its tasks) in order; each task with its linked target's latest report (among
    `reports`: all by default, the published ones on the public site), its unit parenthesis as
    written cut around its units and the amounts and times it names."""
    tasks = list(notice.tasks.for_notice_page())
    linked = {task.target_link.target_id for task in tasks if _target_of(task)}
    latest = (ProgressReport.objects if reports is None else reports).latest_by_target(linked)
    by_section: dict = {}
    for task in tasks:
        target = _target_of(task)
        task.latest_report = latest.get(target.pk) if target else None
        task.unit_pieces = units_as_written(task)
        task.amounts_and_times = amounts_and_times(task.text)
        by_section.setdefault(task.section, []).append(task)
    return sorted(by_section.items(), key=lambda item: item[0].position)


def _target_of(task):
    link = getattr(task, "target_link", None)
    return link.target if link is not None else None


def units_as_written(task) -> list[tuple]:
    """The task's unit parenthesis as written in pieces, (text, its TaskUnit or None), so that
    the page shows every word of it (按职责分工负责, 牵头部门) with the units linked. Empty when
    a task was stored without it or a unit cannot be found in it: the page lists the units."""
    task_units = list(task.task_units.all())
    pieces = mark_names(task.units_as_written, [unit.as_written for unit in task_units])
    if len([index for _text, index in pieces if index is not None]) < len(task_units):
        return []
    return [(text, None if index is None else task_units[index]) for text, index in pieces]
