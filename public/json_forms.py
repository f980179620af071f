"""The JSON form of a public page (`?format=json`): what the page shows, as data, with the same
filters, order and paging, and the address of its next and previous pages.

Each form is built from the context the page's view made (so the two never disagree) by a
function here. Their keys are pinned by tests/test_public_json.py: a change of shape raises
JSON_VERSION. Only what the page shows is in them: published periods, never a user, a batch, a
file name or a review flag.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dashboard.extents import ExtentText
from dashboard.signal_marks import signal_label
from heze_targets.organisation_urls import organisation_reverse
from public.filters import PublicReportFilter
from targets.models import Organisation, ProgressReport, ReportingPeriod, Status, attach_unit_links

# Raised whenever a form's keys change (added, removed, renamed or retyped).
JSON_VERSION = 1
FORMATS = ("html", "json")
# The list filters a form repeats back (the facets' parameters).
FILTERS = PublicReportFilter.FACETS

JsonForm = Callable[[HttpRequest, dict], dict]

# What each key of a report (in every list, a target's history and search) means: the
# documentation page lists them, and its test checks every key is here.
REPORT_FIELDS = {
    "period": (_("文本"), _("报告期代码：年份-时段，如 2023-H1")),
    "year": (_("整数"), _("责任目标所属年度")),
    "seq": (_("整数"), _("责任目标在当年一览表中的序号")),
    "target": (_("文本"), _("责任目标内容，与原表一致")),
    "deadline": (_("文本"), _("完成时限，与原表一致，如“年底”")),
    "leader": (_("文本或 null"), _("分管的市政府领导")),
    "units": (_("列表"), _("责任单位：name 名称，as_written 原表写法，role 为 lead（牵头）或 partner（配合）")),
    "status": (_("代码"), _("报告状态代码（见下表）")),
    "status_label": (_("文本"), _("报告状态的名称")),
    "status_as_written": (_("文本"), _("原表“是否按计划完成进度”一栏的原文")),
    "progress": (_("文本"), _("推进情况，与原表一致")),
    "extras": (_("对象"), _("原表其他列，列名为键")),
    "signal": (_("代码或 null"), _("进度信号代码（见下表）")),
    "signal_label": (_("文本或 null"), _("进度信号的名称和符号")),
    "completion": (_("小数或 null"), _("完成度：已完成数 ÷ 目标数，1 表示 100%")),
    "expected": (_("小数或 null"), _("序时进度：到报告期截止时应完成的比例")),
    "url": (_("网址"), _("该责任目标的公开页面")),
}


def wants_json(request: HttpRequest, form: JsonForm | None) -> bool:
    """Whether `request` asks for the JSON form (`?format=json`); 400 for a format this page
    does not have."""
    chosen = request.GET.get("format", "html")
    if chosen not in FORMATS:
        raise BadRequest(f"format must be one of: {', '.join(FORMATS)}")
    if chosen == "json" and form is None:
        raise BadRequest("this page has no JSON form")
    return chosen == "json"


def json_response(request: HttpRequest, kind: str, organisation: Organisation | None, content: dict) -> JsonResponse:
    html = request.GET.copy()
    html.pop("format", None)
    envelope = {
        "version": JSON_VERSION,
        "kind": kind,
        "language": get_language(),
        "organisation": organisation_item(organisation) if organisation else None,
        "html": request.build_absolute_uri(request.path + (f"?{html.urlencode()}" if html else "")),
        **content,
    }
    # Compact: Python's json writes indented output in Python, not C (a tenth of a list's render);
    # browsers and `jq` lay it out for reading.
    response = JsonResponse(envelope, json_dumps_params={"ensure_ascii": False, "separators": (",", ":")})
    # Open data: any site may read it from a browser (nothing here is private or per visitor).
    response["Access-Control-Allow-Origin"] = "*"
    return response


def organisation_item(organisation: Organisation) -> dict:
    return {"code": organisation.code, "name": organisation.name, "level": organisation.level}


def paging(request: HttpRequest, paginator: Paginator, number: int) -> dict:
    """Where this page is in the list, and the addresses of its neighbours (null at the ends)."""

    def address(page: int) -> str:
        query = request.GET.copy()
        query["page"] = str(page)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": paginator.count,
        "page": number,
        "pages": paginator.num_pages,
        "per_page": paginator.per_page,
        "next": address(number + 1) if number < paginator.num_pages else None,
        "previous": address(number - 1) if number > 1 else None,
    }


def page_number(request: HttpRequest, paginator: Paginator) -> int:
    """The page asked for; 400 for one that is not a number or lies past the end (the HTML page
    shows the nearest page instead, which a program would take for the one it asked)."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise BadRequest(f"page must be a whole number, not {raw[:40]!r}") from None
    if not 1 <= number <= max(paginator.num_pages, 1):
        raise BadRequest(f"page {number} does not exist: there are {paginator.num_pages} pages")
    return number


def table_page(request: HttpRequest, table) -> tuple[list, dict]:
    """The records of the page a django-tables2 table shows, and its paging."""
    number = page_number(request, table.paginator)
    return [row.record for row in table.page.object_list], paging(request, table.paginator, number)


def period_item(request: HttpRequest, period: ReportingPeriod, organisation: Organisation) -> dict:
    return {
        "code": period.code,
        "label": str(period.label),
        "year": period.year,
        "kind": period.kind,
        "as_of": period.as_of.isoformat(),
        "url": request.build_absolute_uri(organisation_reverse("public:period-detail", organisation, period.code)),
    }


def extent_item(extent: ExtentText | None) -> dict | None:
    """What the period's table covers, as the page says it (null for a table read before tables
    kept their extent, or for data made without a table)."""
    if not extent:  # a lazy None is a proxy, never `is None`
        return None
    return {
        "summary": str(extent.summary),
        "details": [str(line) for line in extent.details],
        "partial": extent.partial,
    }


def target_url(request: HttpRequest, organisation: Organisation, year: int, seq: int) -> str:
    return request.build_absolute_uri(organisation_reverse("public:target-detail", organisation, year, seq))


def report_item(request: HttpRequest, report: ProgressReport, organisation: Organisation) -> dict:
    """A report as a public table row shows it (ProgressReport.objects.for_table())."""
    pace = getattr(report, "pace", None)
    return {
        "period": report.period.code,
        "year": report.target.year,
        "seq": report.target.seq,
        "target": report.target.content,
        "deadline": report.target.deadline,
        "leader": report.leader.name if report.leader else None,
        "units": [{"name": link.name, "as_written": link.as_written, "role": link.role} for link in report.unit_links],
        "status": report.status,
        "status_label": report.get_status_display(),
        "status_as_written": report.status_as_written,
        "progress": report.progress,
        "extras": report.extras,
        "signal": pace.signal if pace else None,
        "signal_label": signal_label(pace.signal) if pace else None,
        "completion": pace.completion if pace else None,
        "expected": pace.expected if pace else None,
        "url": target_url(request, organisation, report.target.year, report.target.seq),
    }


def counts(row: dict | None) -> dict | None:
    """A roll-up row's counts: by status code, by signal code, and the totals."""
    if row is None:
        return None
    return {
        "reports": row["reports"],
        "status": {key.removeprefix("status_"): n for key, n in row.items() if key.startswith("status_")},
        "signal": {key.removeprefix("signal_"): n for key, n in row.items() if key.startswith("signal_")},
        "measurable": row["measurable"],
        "on_pace": row["on_pace"],
        "contradictions": row["contradictions"],
    }


def facet_items(facets: Iterable) -> list[dict]:
    return [
        {
            "name": facet.name,
            "label": str(facet.label),
            "values": [
                {"value": value.value, "label": str(value.label), "count": value.count, "chosen": value.chosen}
                for value in facet.values
            ],
        }
        for facet in facets
    ]


def reports_page(request: HttpRequest, organisation: Organisation, table) -> dict:
    reports, where = table_page(request, table)
    return {"reports": [report_item(request, report, organisation) for report in reports], "paging": where}


# The forms of the pages: each takes the request and the context its view made.


def index_form(request: HttpRequest, context: dict) -> dict:
    organisation, latest = context["organisation"], context["latest"]
    periods, where = table_page(request, context["table"])
    return {
        "latest": latest and period_item(request, latest, organisation) | {"extent": extent_item(context["extent"])},
        "latest_counts": counts(context["total"]) if latest else None,
        "periods": [
            period_item(request, period, organisation)
            | {"targets": period.target_count, "reports": period.report_count}
            | {"status": {status: getattr(period, f"{status}_count") for status in Status.values}}
            for period in periods
        ],
        "paging": where,
    }


def period_form(request: HttpRequest, context: dict) -> dict:
    organisation = context["organisation"]
    chosen = {name: request.GET[name] for name in (*FILTERS, "q", "sort") if request.GET.get(name)}
    return {
        "period": period_item(request, context["period"], organisation) | {"extent": extent_item(context["extent"])},
        "filters": chosen,
        "facets": facet_items(context["facets"]),
        **reports_page(request, organisation, context["table"]),
    }


def target_form(request: HttpRequest, context: dict) -> dict:
    organisation, target = context["organisation"], context["target"]
    return {
        "target": {
            "year": target.year,
            "seq": target.seq,
            "content": target.content,
            "deadline": target.deadline,
            "due_date": target.due_date.isoformat() if target.due_date else None,
            "url": target_url(request, organisation, target.year, target.seq),
        },
        "history": [
            report_item(request, row.report, organisation) | {"question": row.question} for row in context["rows"]
        ],
        "linked": [
            {"year": other.year, "seq": other.seq, "url": target_url(request, organisation, other.year, other.seq)}
            for other in context["linked"]
        ],
    }


def leader_form(request: HttpRequest, context: dict) -> dict:
    organisation = context["organisation"]
    return {
        "leader": context["leader"].name,
        "counts": counts(context["total"]),
        "units": [{"unit": row["group"], "counts": counts(row)} for row in context["units"]],
        **reports_page(request, organisation, context["table"]),
    }


def unit_form(request: HttpRequest, context: dict) -> dict:
    return {
        "unit": context["unit"].name,
        "counts": counts(context["total"]),
        **reports_page(request, context["organisation"], context["table"]),
    }


def organisations_form(request: HttpRequest, context: dict) -> dict:
    return {
        "organisations": [
            organisation_item(government)
            | {
                "parent": government.parent.code if government.parent else None,
                "url": request.build_absolute_uri(organisation_reverse("public:index", government)),
            }
            for government in context["governments"]
        ]
    }


def search_form(request: HttpRequest, context: dict) -> dict:
    page = context["page"]
    page_number(request, page.paginator)
    reports = list(page.object_list)
    attach_unit_links(reports)
    return {
        "query": context["query"],
        "filters": {name: request.GET[name] for name in ("org", *FILTERS) if request.GET.get(name)},
        "facets": facet_items(context["facets"]),
        "suggestions": list(context["suggestions"]),
        "reports": [
            report_item(request, report, report.period.organisation) | {"organisation": report.period.organisation.code}
            for report in reports
        ],
        "paging": paging(request, page.paginator, page.number),
    }
