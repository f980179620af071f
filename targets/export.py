"""Exports of the imported data: JSON (the shape outside users rely on), CSV and XLSX.

The XLSX export is a progress table in the documents' own layout (title line, header,
one row per report), so it imports back through `import_report` to the same data.
"""

import json
from typing import IO

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from analysis.signals import GREY
from importers.columns import COLUMN_SYNONYMS
from targets.csv_cells import SpreadsheetSafeWriter
from targets.models import (
    FigureKind,
    Organisation,
    ProgressReport,
    ReportingPeriod,
    Target,
    TaskNotice,
    UnitRole,
    WorkReport,
)

TABLE_FIELDS = ("seq", "leader", "content", "deadline", "progress", "status", "units")
CSV_HEADER = [
    "period",
    "year",
    "seq",
    "target_content",
    "target_deadline",
    "leader",
    "units",
    "units_as_written",
    "deadline",
    "status",
    "status_as_written",
    "progress",
    "extras",
    "source",
]


def export_periods(organisation: Organisation, period_code: str | None = None):
    periods = ReportingPeriod.objects.of(organisation).order_by("as_of")
    return periods.filter(code=period_code) if period_code else periods


def export_reports(organisation: Organisation, period_code: str | None = None):
    reports = (
        ProgressReport.objects.of(organisation)
        .for_export()
        .order_by("target__year", "target__seq", "period__as_of", "position")
    )
    return reports.filter(period__code=period_code) if period_code else reports


def report_record(report: ProgressReport) -> dict:
    report_units = list(report.report_units.all())
    return {
        "period": report.period.code,
        "leader": report.leader.name if report.leader else None,
        "units": [report_unit.unit.name for report_unit in report_units],
        "units_as_written": [report_unit.as_written for report_unit in report_units],
        "unit_roles": [report_unit.role for report_unit in report_units],
        "status": report.status,
        "progress": report.progress,
        "status_as_written": report.status_as_written,
        "deadline": report.deadline,
        "extras": report.extras,
        "source": f"{report.source_file}, {report.source_line}",
        "pace": pace_record(report),
    }


def pace_record(report: ProgressReport) -> dict | None:
    """What the report's figures measure; null where nothing is measurable (nor cancelled)."""
    pace = getattr(report, "pace", None)
    if pace is None or (pace.goal_value is None and pace.signal == GREY):
        return None
    return {
        "measure": pace.kind or None,
        "goal": _number(pace.goal_value),
        "goal_unit": pace.goal_unit or None,
        "goal_comparison": pace.goal_comparison or None,
        "achieved": _number(pace.achieved),
        "completion": pace.completion,
        "expected": pace.expected,
        "signal": pace.signal,
        "contradiction": pace.contradiction,
    }


def _number(value) -> float | None:
    return float(value) if value is not None else None


def year_links(target: Target) -> list[dict]:
    links = [(link, link.earlier) for link in target.earlier_links.all()]
    links += [(link, link.later) for link in target.later_links.all()]
    return [
        {"year": other.year, "seq": other.seq, "score": link.score, "confirmed": link.confirmed}
        for link, other in sorted(links, key=lambda pair: pair[1].year)
    ]


def export_json_data(organisation: Organisation, period_code: str | None = None) -> dict:
    """Everything of one organisation (another's is in its own export)."""
    reports = export_reports(organisation, period_code)
    targets = (
        Target.objects.of(organisation)
        .filter(reports__in=reports)
        .distinct()
        .order_by("year", "seq")
        .select_related("source__sentence")
        .prefetch_related(
            Prefetch("reports", queryset=reports, to_attr="exported_reports"),
            "earlier_links__earlier",
            "later_links__later",
        )
    )
    periods = export_periods(organisation, period_code)
    years = set(periods.values_list("year", flat=True)) if period_code else None
    return {
        "periods": [
            {"code": p.code, "label": p.label, "as_of": p.as_of.isoformat(), "published": p.published} for p in periods
        ],
        "targets": [
            {
                "year": target.year,
                "seq": target.seq,
                "content": target.content,
                "deadline": target.deadline,
                "reports": [report_record(report) for report in target.exported_reports],
                "source_sentence": source_sentence(target),
                "links": year_links(target),
            }
            for target in targets
        ],
        "work_reports": [
            work_report_record(report) for report in _for_years(WorkReport.objects.of(organisation), years)
        ],
        "task_notices": [task_notice_record(notice) for notice in _task_notices(organisation, years)],
    }


def _for_years(reports, years: set[int] | None):
    reports = reports.order_by("delivered_on")
    return reports.filter(year_of_goals__in=years) if years is not None else reports


def _task_notices(organisation: Organisation, years: set[int] | None):
    notices = (
        TaskNotice.objects.of(organisation).order_by("issued_on").prefetch_related("sections__tasks__task_units__unit")
    )
    return [n for n in notices if years is None or (n.issued_on and n.issued_on.year in years)]


def source_sentence(target: Target) -> dict | None:
    link = getattr(target, "source", None)
    if link is None or link.sentence is None:
        return None
    return {
        "text": link.sentence.text,
        "section": link.sentence.section_path,
        "score": link.score,
        "confirmed": link.confirmed,
    }


def work_report_record(report: WorkReport) -> dict:
    sections = list(report.sections.order_by("position"))
    children: dict[int | None, list] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def tree(parent_id: int | None) -> list[dict]:
        return [
            {"number": section.number, "title": section.title, "children": tree(section.pk)}
            for section in children.get(parent_id, [])
        ]

    figures = report.figures.filter(kind=FigureKind.COMMITMENT).select_related("sentence").order_by("sentence", "start")
    return {
        "title": report.title,
        "date": report.delivered_on.isoformat() if report.delivered_on else None,
        "year_of_goals": report.year_of_goals,
        "sections": tree(None),
        "commitments": [
            {
                "text": figure.text,
                "measure": figure.measure,
                "value": float(figure.value) if figure.value is not None else None,
                "unit": figure.unit,
                "comparison": figure.comparison or None,
                "section": figure.sentence.section_path,
            }
            for figure in figures
        ],
    }


def task_notice_record(notice: TaskNotice) -> dict:
    def units(task, role: str, as_written: bool = False) -> list[str]:
        chosen = [task_unit for task_unit in task.task_units.all() if task_unit.role == role]
        return [task_unit.as_written if as_written else task_unit.unit.name for task_unit in chosen]

    return {
        "doc_number": notice.doc_number,
        "title": notice.title,
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "tasks": [
                    {
                        "number": task.number,
                        "text": task.text,
                        "lead_units": units(task, UnitRole.LEAD),
                        "participating_units": units(task, UnitRole.PARTICIPATING),
                        "lead_units_as_written": units(task, UnitRole.LEAD, as_written=True),
                        "participating_units_as_written": units(task, UnitRole.PARTICIPATING, as_written=True),
                    }
                    for task in section.tasks.all()
                ],
            }
            for section in notice.sections.all()
        ],
    }


def write_json(out: IO[str], organisation: Organisation, period_code: str | None = None) -> None:
    json.dump(export_json_data(organisation, period_code), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(out: IO[str], organisation: Organisation, period_code: str | None = None) -> None:
    """One row per report; the caller opens `out` as UTF-8 with BOM for spreadsheet programs."""
    writer = SpreadsheetSafeWriter(out)
    writer.writerow(CSV_HEADER)
    for report in export_reports(organisation, period_code).iterator(chunk_size=2000):
        record = report_record(report)
        writer.writerow(
            [
                record["period"],
                report.target.year,
                report.target.seq,
                report.target.content,
                report.target.deadline,
                record["leader"] or "",
                "、".join(record["units"]),
                "、".join(record["units_as_written"]),
                record["deadline"],
                record["status"],
                record["status_as_written"],
                record["progress"],
                json.dumps(record["extras"], ensure_ascii=False) if record["extras"] else "",
                record["source"],
            ]
        )


def write_xlsx(path, organisation: Organisation, period_code: str | None = None) -> None:
    workbook = Workbook(write_only=True)
    for period in export_periods(organisation, period_code):
        _write_period_sheet(workbook, period)
    if not workbook.worksheets:
        workbook.create_sheet("empty")
    workbook.save(path)


def _write_period_sheet(workbook: Workbook, period: ReportingPeriod) -> None:
    sheet = workbook.create_sheet(period.code)
    reports = list(export_reports(period.organisation, period.code))
    extra_headers = sorted({header for report in reports for header in report.extras})
    sheet.append([text_cell(sheet, f"{period.label}责任目标工作推进情况一览表")])
    sheet.append([COLUMN_SYNONYMS[field][0] for field in TABLE_FIELDS] + extra_headers)
    for report in reports:
        units = " ".join(report_unit.as_written for report_unit in report.report_units.all())
        row = [
            report.target.seq,
            report.leader.name if report.leader else "",
            report.target.content,
            report.deadline,
            # A shared progress text is left empty, as in the source, so it reads back as shared.
            "" if report.progress_shared else report.progress,
            report.status_as_written,
            units,
        ] + [report.extras.get(header, "") for header in extra_headers]
        sheet.append([text_cell(sheet, value) if isinstance(value, str) else value for value in row])


def text_cell(sheet, value: str) -> WriteOnlyCell:
    # Always a string cell: a progress text that starts with "=" must not become a formula.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
