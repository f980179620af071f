"""The public transparency site: what the published periods say, for everyone, read-only. Every
page reads published periods only (`visible_to(THE_PUBLIC)`), whoever is logged in."""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from django_tables2 import RequestConfig

from dashboard import charts
from dashboard.extents import extent_text, extents_of
from dashboard.tables import PeriodTable, ReportTable
from dashboard.views import check_page_size, completion_chart, paginated, period_charts, status_questions
from dashboard.watch import watch_rows
from public import json_forms
from public.access import public_page
from public.caching import fragment_key
from public.facets import chosen_filters, report_facets
from public.filters import PublicReportFilter
from targets.models import (
    ImportBatch,
    Leader,
    Organisation,
    PeriodTally,
    ProgressReport,
    ReportingPeriod,
    Target,
    Unit,
)

# The public site shows what anyone may read, whoever is logged in.
THE_PUBLIC = AnonymousUser()
# Periods a page of the home page lists: three years of quarters.
PERIODS_PER_PAGE = 12
lazy = SimpleLazyObject
BY_PERIOD = (_("各报告期的进度信号"), _("报告期"))


def published_periods(organisation: Organisation):
    return ReportingPeriod.objects.visible_to(THE_PUBLIC).of(organisation)


def published_reports(organisation: Organisation):
    return ProgressReport.objects.visible_to(THE_PUBLIC).of(organisation)


def published_tallies(organisation: Organisation):
    return PeriodTally.objects.filter(period__in=published_periods(organisation))


@public_page(json_form=json_forms.index_form)
def index(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """The latest published period at a glance, a search box, and every published period, the
    latest first, a page at a time (a table row costs a millisecond to render; a province's
    years of quarters would make the home page the slowest of the site)."""
    check_page_size(request)
    periods = published_periods(organisation)
    latest = periods.latest_first().first()
    tallies = PeriodTally.objects.filter(period=latest)
    table = PeriodTable(periods.with_status_counts(), organisation=organisation)
    RequestConfig(request, paginate={"per_page": PERIODS_PER_PAGE}).configure(table)
    context = {
        "latest": latest,
        "total": lazy(lambda: tallies.rollup()[0]),
        "extent": lazy(lambda: extents_of([latest])[latest.pk] if latest else None),
        "table": table,
    }
    return TemplateResponse(request, "public/index.html", context)


@public_page
def pace(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """What 序时进度 and the signals mean, in plain words."""
    return TemplateResponse(request, "public/pace.html", {})


@public_page(json_form=json_forms.organisations_form)
def organisations(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    governments = Organisation.objects.order_by("level", "code").select_related("parent")
    return TemplateResponse(request, "public/organisations.html", {"governments": governments})


@public_page(json_form=json_forms.period_form)
def period_detail(request: HttpRequest, organisation: Organisation, code: str) -> HttpResponse:
    """Every report of a period, narrowed by facets (each value with its count), sortable, paged;
    the address holds the whole state."""
    check_page_size(request)
    period = get_object_or_404(published_periods(organisation), code=code)
    reports = published_reports(organisation).filter(period=period)
    filtered = PublicReportFilter(request.GET, queryset=reports.for_table(), organisation=organisation)
    labels = {name: filtered.filters[name].label for name in PublicReportFilter.FACETS}
    batch = lazy(lambda: ImportBatch.objects.latest_by_period([period]).get(period.pk))
    context = {
        "period": period,
        # The period's charts and the words on its table, alike on every address of its list.
        "period_key": fragment_key(request, organisation.code, "period", period.pk),
        "batch": batch,
        "extent": lazy(lambda: extent_text(batch)),
        "query": request.GET.get("q", ""),
        "facets": lazy(lambda: report_facets(filtered.qs, chosen_filters(request.GET, labels), labels)),
        "table": lazy(lambda: paginated(request, ReportTable(filtered.qs, organisation=organisation, site="public"))),
        "charts": lazy(lambda: period_charts(PeriodTally.objects.filter(period=period))),
    }
    return TemplateResponse(request, "public/period_detail.html", context)


@public_page(json_form=json_forms.target_form)
def target_detail(request: HttpRequest, organisation: Organisation, year: int, seq: int) -> HttpResponse:
    """A target with its history across years (its own reports and those of the same target in
    other years), each report under the question its table asked. The public may read a target
    with a published report: its history holds one (read at once, where an EXISTS per target
    cost as much again), and the other years it lists are those of its history."""
    target = get_object_or_404(Target.objects.of(organisation).select_related("source__sentence"), year=year, seq=seq)
    reports = published_reports(organisation).filter(target__in=target.year_group_ids())
    history = list(reports.for_table().order_by("period__as_of"))
    if not any(report.target_id == target.pk for report in history):
        raise Http404
    questions = lazy(lambda: status_questions({report.period_id for report in history}))
    context = {
        "target": target,
        "source": getattr(target, "source", None),
        "linked": other_targets(history, target),
        "rows": lazy(lambda: watch_rows(history, questions)),
        "chart": lazy(lambda: completion_chart(history)),
    }
    return TemplateResponse(request, "public/target_detail.html", context)


def other_targets(reports: list[ProgressReport], target: Target) -> list[Target]:
    """The targets of `reports` but `target`, the earliest year first."""
    others = {report.target_id: report.target for report in reports if report.target_id != target.pk}
    return sorted(others.values(), key=lambda other: other.year)


@public_page(json_form=json_forms.leader_form)
def leader_detail(request: HttpRequest, organisation: Organisation, name: str) -> HttpResponse:
    check_page_size(request)
    leader = get_object_or_404(Leader.objects.of(organisation), name=name)
    reports = published_reports(organisation).filter(leader=leader)
    tallies = published_tallies(organisation)
    context = {
        "leader": leader,
        "total": lazy(tallies.of_leader(leader).summed),
        "chart": lazy(
            lambda: charts.counts_by_group(tallies.of_leader(leader).rollup("period__code"), "signal", *BY_PERIOD)
        ),
        "units": lazy(tallies.units_of_leader(leader).summed_by_unit),
        "table": lazy(
            lambda: paginated(
                request, ReportTable(reports.for_table(), organisation=organisation, site="public", exclude=["leader"])
            )
        ),
    }
    return TemplateResponse(request, "public/leader_detail.html", context)


@public_page(json_form=json_forms.unit_form)
def unit_detail(request: HttpRequest, organisation: Organisation, name: str) -> HttpResponse:
    check_page_size(request)
    unit = get_object_or_404(Unit.objects.of(organisation), name=name)
    reports = published_reports(organisation).filter(report_units__unit=unit).distinct()
    tallies = published_tallies(organisation).of_unit(unit)
    context = {
        "unit": unit,
        "total": lazy(tallies.summed),
        "chart": lazy(lambda: charts.counts_by_group(tallies.rollup("period__code"), "signal", *BY_PERIOD)),
        "table": lazy(
            lambda: paginated(request, ReportTable(reports.for_table(), organisation=organisation, site="public"))
        ),
    }
    return TemplateResponse(request, "public/unit_detail.html", context)


ROBOTS = """User-agent: *
Disallow: /dashboard/
Disallow: /admin/
Disallow: /accounts/
Sitemap: {sitemap}
"""


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ROBOTS.format(sitemap=request.build_absolute_uri("/sitemap.xml")), content_type="text/plain")
