"""Search at /search/?q=…: the targets and progress texts of every organisation's published
periods, words segmented with jieba (targets: ProgressReportQuerySet.matching), ranked, the
matching words marked, narrowed by the same facets as a period's list plus the organisation."""

import functools
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from dashboard import highlight
from dashboard.views import check_page_size
from public import json_forms
from public.caching import whole_page
from public.facets import Facet, FacetValue, chosen_filters, grouped, most_first, report_facets
from public.filters import PublicReportFilter
from targets import models
from targets.models import Organisation, ProgressReport

RESULTS_PER_PAGE = 20
# The facets of a search count its most relevant results up to this many: a common word matches
# every report (100,000 in the load benchmark), and counting five facets over all of them took
# seconds. The page says so when there are more (paging.count in the JSON form).
FACET_RESULTS = 1000
# What a result shows besides the report.
RESULT_RELATIONS = ("target", "period__organisation", "leader", "pace")
# The organisation facet's value and label.
ORGANISATION_PATHS = ("period__organisation__code", "period__organisation__name")
# A query is cut here: longer ones are pasted paragraphs, whose first words decide anyway.
LONGEST_QUERY = 500
FACET_LABELS = {
    "leader": _("市政府领导"),
    "unit": _("责任单位"),
    "status": _("报告状态"),
    "signal": _("进度信号"),
    "deadline": _("完成时限"),
}


@csrf_exempt
@require_safe
def search(request: HttpRequest) -> HttpResponse:
    return whole_page(request, None, lambda: _search_answer(request))


def _search_answer(request: HttpRequest) -> HttpResponse:
    as_json = json_forms.wants_json(request, json_forms.search_form)
    response = _search_page(request)
    if as_json:
        return json_forms.json_response(request, "search", None, json_forms.search_form(request, response.context_data))
    return response


@dataclass
class SearchResults:
    query: str
    results: QuerySet  # ranked, narrowed by the facets' filters


def search_results(request: HttpRequest) -> SearchResults:
    """The published reports the query's words match, narrowed by the facets in the address."""
    query = " ".join(request.GET.get("q", "").split())[:LONGEST_QUERY]
    found = ProgressReport.objects.published().matching(query) if query else ProgressReport.objects.none()
    chosen = request.GET.get("org", "")
    organisation = Organisation.objects.filter(code=chosen).first() if chosen else None
    if organisation is not None:
        found = found.filter(period__organisation=organisation)
    # The facets' filters only: the words are searched, not matched as one substring as a list's q is.
    facet_data = request.GET.copy()
    facet_data.pop("q", None)
    # Most searches name no facet: their filter set (a form built and validated) would do nothing.
    if any(name in facet_data for name in PublicReportFilter.base_filters):
        default = Organisation.objects.default()
        found = PublicReportFilter(facet_data, queryset=found, organisation=organisation or default).qs
    results = found.select_related(*RESULT_RELATIONS)
    results = results.order_by("-search_rank", "-period__as_of", "target__seq") if query else results
    return SearchResults(query, results)


def _search_page(request: HttpRequest) -> HttpResponse:
    check_page_size(request)
    size = request.GET.get("per_page", "")
    found = search_results(request)
    query, results = found.query, RankedResults(found.results)
    page = Paginator(results, int(size) if size.isdigit() else RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "page": page,
        "rows": SimpleLazyObject(lambda: [_row(report, query) for report in page.object_list]),
        "facets": SimpleLazyObject(lambda: _facets(request, results.best()) if query else []),
        "facet_results": FACET_RESULTS,
        "suggestions": SimpleLazyObject(
            lambda: models.suggest_words(query) if query and not page.paginator.count else []
        ),
        "site": "public",
    }
    return TemplateResponse(request, "public/search.html", context)


def _row(report: ProgressReport, query: str) -> dict:
    return {
        "report": report,
        "content": highlight.highlight_words(report.target.content, query),
        "progress": highlight.highlight_words(report.progress, query),
    }


class RankedResults:
    """A search's ranked results as its paginator reads them. The ids of the FACET_RESULTS most
    relevant are read once (ranking every match is most of a search's time): the facets count
    those rows by id instead of matching the words again once a facet, and a page among them is
    read by id; a page beyond them comes from the ranked query."""

    def __init__(self, results: QuerySet):
        self.results = results

    @functools.cached_property
    def best_ids(self) -> list[int]:
        return list(self.results.values_list("pk", flat=True)[:FACET_RESULTS])

    def best(self) -> QuerySet:
        return ProgressReport.objects.filter(pk__in=self.best_ids)

    def count(self) -> int:
        # Fewer than FACET_RESULTS best: they are all the results (a second scan saved, which a
        # word matched inside texts pays in full).
        if len(self.best_ids) < FACET_RESULTS:
            return len(self.best_ids)
        return self.results.count()

    def __getitem__(self, page: slice) -> list[ProgressReport]:
        if page.stop > len(self.best_ids):
            return list(self.results[page])
        ids = self.best_ids[page]
        # Unordered: the default ordering would join a period and a target to sort what the ids order.
        by_id = ProgressReport.objects.select_related(*RESULT_RELATIONS).order_by().in_bulk(ids)
        return [by_id[pk] for pk in ids]


def _facets(request: HttpRequest, reports) -> list[Facet]:
    """The organisation first (search spans every one), then the list's facets; each counts the
    results as narrowed so far."""
    groups = grouped(reports, *ORGANISATION_PATHS)
    counts, names = Counter(), {}
    for group in groups:
        code, name = (group[path] for path in ORGANISATION_PATHS)
        counts[code] += group["n"]
        names[code] = name
    chosen = request.GET.get("org", "")
    values = [FacetValue(code, names[code], n, chosen == code) for code, n in sorted(counts.items(), key=most_first)]
    labels = {name: FACET_LABELS[name] for name in PublicReportFilter.FACETS}
    chosen_facets = chosen_filters(request.GET, labels)
    return [Facet("org", _("政府"), values), *report_facets(reports, chosen_facets, labels, groups)]
