"""Downloads of a public list as the reader narrowed it: a period's reports (the browse page's
filters) and a search's results, as CSV (UTF-8 with BOM, every cell formula-neutralised, streamed:
any size in little memory) or XLSX (text cells stored as text). The file's name says the filters."""

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from dashboard.downloads import REPORT_HEADER, report_row, streamed_csv_response, xlsx_response
from public.access import public_view
from public.filters import PublicReportFilter
from public.search import search_results
from public.views import published_periods, published_reports
from targets.models import Organisation

# Rows fetched at a time: their units come in one more query a batch. A search's 100,000-row CSV
# grows a web worker by 28 MiB at 1,000 a query, 18 MiB at 250 (and is no slower: 21 s), whatever
# the number of rows; the worker already holds jieba's dictionary (54 MiB) once it has searched.
ROWS_A_QUERY = 250
# Characters a file name keeps of each filter value (a pasted paragraph as the query).
NAME_VALUE_CHARS = 30


@public_view
def period_download(request: HttpRequest, organisation: Organisation, code: str, extension: str) -> HttpResponse:
    period = get_object_or_404(published_periods(organisation), code=code)
    reports = published_reports(organisation).filter(period=period).for_table()
    reports = PublicReportFilter(request.GET, queryset=reports, organisation=organisation).qs
    rows = (report_row(report) for report in reports.iterator(chunk_size=ROWS_A_QUERY))
    name = file_name(request, [organisation.code, period.code], ("q", *PublicReportFilter.FACETS))
    return _download(name, str(period.label), REPORT_HEADER, rows, extension)


@public_view
def search_download(request: HttpRequest, organisation: Organisation, extension: str) -> HttpResponse:
    found = search_results(request)
    reports = found.results.with_unit_links()
    rows = (
        [report.period.organisation.name, *report_row(report)] for report in reports.iterator(chunk_size=ROWS_A_QUERY)
    )
    name = file_name(request, ["search"], ("q", "org", *PublicReportFilter.FACETS))
    return _download(name, "search", ["政府", *REPORT_HEADER], rows, extension)


def _download(name: str, title: str, header: list, rows, extension: str) -> HttpResponse:
    if extension == "xlsx":
        return xlsx_response(name, title, header, rows)
    return streamed_csv_response(name, header, rows)


def file_name(request: HttpRequest, parts: list[str], filters: tuple[str, ...]) -> str:
    """`heze-2023-H1-leader-王昌华-signal-green`: the list's name, then each filter in force."""
    for name in filters:
        value = request.GET.get(name, "").strip()
        if value:
            parts += [name, value[:NAME_VALUE_CHARS]]
    # Nothing a file system or a header would choke on: separators, quotes, control characters.
    return re.sub(r'[\s/\\:*?"<>|\x00-\x1f]+', "_", "-".join(parts))
