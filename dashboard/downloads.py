"""Downloads of a filtered report table: CSV rows and an XLSX response."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

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
        "、".join(ru.unit.name for ru in report.report_units.all()),
        report.target.deadline,
        report.get_status_display(),
        pace.get_signal_display() if pace else "",
        "" if pace is None or pace.completion is None else round(pace.completion * 100, 1),
        "" if pace is None or pace.expected is None else round(pace.expected * 100),
        report.progress,
    ]


def xlsx_response(name: str, title: str, header: list, rows: Iterable[list]) -> HttpResponse:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append([str(cell) for cell in header])
    for row in rows:
        sheet.append([text_cell(sheet, value) if isinstance(value, str) else value for value in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    workbook.save(response)
    return response
