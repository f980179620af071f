"""Downloads of a table (a filtered report table, a watch list, a comparison): CSV and XLSX responses."""

import io
from collections.abc import Iterable, Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from targets.csv_cells import SpreadsheetSafeWriter
from targets.export import text_cell
from targets.models import ProgressReport

REPORT_HEADER = [
    _("报告期"), _("序号"), _("责任目标内容"), _("市政府领导"), _("责任单位"), _("完成时限"), _("报告状态"),
    _("进度信号"), _("完成度"), _("序时进度"), _("推进情况"),
]  # fmt: skip


def report_row(report: ProgressReport) -> list:
    pace = getattr(report, "pace", None)
    return [
        report.period.code,
        report.target.seq,
        report.target.content,
        report.leader.name if report.leader else "",
        "、".join(link.name for link in report.unit_links),
        report.target.deadline,
        report.get_status_display(),
        pace.get_signal_display() if pace else "",
        "" if pace is None or pace.completion is None else round(pace.completion * 100, 1),
        "" if pace is None or pace.expected is None else round(pace.expected * 100),
        report.progress,
    ]


COMPARISON_HEADER = [
    _("政府"), _("代码"), _("报告期"), _("责任目标"), _("推进情况条数"), _("按序时推进"), _("滞后（黄灯、红灯）"),
    _("已完成"), _("不再实施"), _("与报告状态矛盾"), _("未报告"),
]  # fmt: skip


def comparison_cells(row) -> list:
    """A dashboard.comparison.ChildRow as cells; shares in per cent with one decimal."""
    shares = [row.on_pace_share, row.behind_share, row.reached_goal_share, row.cancelled_share]
    return [
        row.organisation.name, row.organisation.code, row.period.code if row.period else "", row.targets, row.reports,
        *("" if share is None else round(share * 100, 1) for share in shares), row.contradictions, row.unreported,
    ]  # fmt: skip


def csv_chunks(header: list, rows: Iterable[list], rows_a_chunk: int = 500) -> Iterator[str]:
    """UTF-8 with a BOM (spreadsheet programs read it as such), every cell formula-neutralised, a
    few hundred rows at a time."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = SpreadsheetSafeWriter(buffer)
    writer.writerow([str(cell) for cell in header])
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % rows_a_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_response(name: str, header: list, rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse("".join(csv_chunks(header, rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def streamed_csv_response(name: str, header: list, rows: Iterable[list]) -> StreamingHttpResponse:
    """As csv_response, sent while it is written: a list of any size in little memory."""
    response = StreamingHttpResponse(csv_chunks(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.csv")
    return response


def xlsx_response(name: str, title: str, header: list, rows: Iterable[list]) -> HttpResponse:
    from openpyxl import Workbook  # only here: it costs a web worker 32 MiB (targets.export)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append([text_cell(sheet, value) if isinstance(value, str) else value for value in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx")
    workbook.save(response)
    return response
