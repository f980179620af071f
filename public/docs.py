"""The documentation of the open data: the JSON forms with an example address each, every field
of a report, the status and signal codes, the period codes, and the limits."""

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from dashboard.views import MAX_PER_PAGE, PER_PAGE
from public import json_forms
from public.access import public_page
from public.search import FACET_RESULTS, LONGEST_QUERY, RESULTS_PER_PAGE
from targets.models import Organisation, PeriodKind, Status

# (the page, its address with a query, what its form holds)
FORMS = (
    (_("首页"), "/", _("最新一期的统计和已公开的报告期（分页）")),
    (_("报告期（可筛选）"), "/periods/2023-H1/?leader=王昌华&signal=green", _("报告期信息、筛选条件、各筛选项的计数和推进情况（分页）")),
    (_("责任目标"), "/targets/2023/86/", _("目标内容和各年度、各报告期的推进情况")),
    (_("市政府领导"), "/leaders/王昌华/", _("统计、分管单位和推进情况（分页）")),
    (_("责任单位"), "/units/市财政局/", _("统计和推进情况（分页）")),
    (_("搜索"), "/search/?q=5G基站", _("搜索词、筛选项计数和结果（分页）")),
    (_("各级政府"), "/organisations/", _("各政府的代码、名称、级别和上级")),
)  # fmt: skip


@public_page
def data_docs(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    context = {
        "forms": [
            (name, f"{address}{'&' if '?' in address else '?'}format=json", holds) for name, address, holds in FORMS
        ],
        "report_fields": json_forms.REPORT_FIELDS.items(),
        "statuses": Status.choices,
        "period_kinds": PeriodKind.choices,
        "version": json_forms.JSON_VERSION,
        "per_page": PER_PAGE,
        "max_per_page": MAX_PER_PAGE,
        "search_per_page": RESULTS_PER_PAGE,
        "facet_results": FACET_RESULTS,
        "longest_query": LONGEST_QUERY,
    }
    return TemplateResponse(request, "public/data_docs.html", context)
