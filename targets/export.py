"""Exports of the imported data: JSON (the shape outside users rely on), CSV and XLSX.

The XLSX export is a progress table in the documents' own layout (title line, header,
one row per report), so it imports back through `import_report` to the same data.
"""

import json
from typing import IO, TYPE_CHECKING

from django.db.models import Exists, OuterRef, Prefetch

from analysis.signals import GREY
from importers.columns import COLUMN_SYNONYMS
from targets.csv_cells import SpreadsheetSafeWriter
from targets.models import (
    FigureKind,
    ImportBatch,
    NoticeTask,
    Organisation,
    ProgressReport,
    ReportFigure,
    ReportingPeriod,
    Target,
    TargetYearLink,
    TaskNotice,
    TaskTarget,
    Unit,
    UnitRole,
    WorkReport,
)

if TYPE_CHECKING:  # openpyxl is loaded by the XLSX writers only: it costs a web worker 32 MiB
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

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


def export_periods(organisation: Organisation, period_code: str | None = None, periods=None):
    """The organisation's periods in order, among `periods` (every period by default; the open
    data passes the published ones)."""
    periods = (ReportingPeriod.objects if periods is None else periods).of(organisation).order_by("as_of")
    return periods.filter(code=period_code) if period_code else periods


def export_reports(organisation: Organisation, period_code: str | None = None, reports=None):
    """The organisation's reports in export order, among `reports` (every report by default)."""
    reports = (
        (ProgressReport.objects if reports is None else reports)
        .of(organisation)
        .for_export()
        .order_by("target__year", "target__seq", "period__as_of", "position")
    )
    return reports.filter(period__code=period_code) if period_code else reports


def report_record(report: ProgressReport) -> dict:
    report_units = report.unit_links
    return {
        "period": report.period.code,
        "leader": report.leader.name if report.leader else None,
        "units": [report_unit.name for report_unit in report_units],
        "units_as_written": [report_unit.as_written for report_unit in report_units],
        "unit_roles": [report_unit.role for report_unit in report_units],
        "position": report.position,
        "status": report.status,
        "progress": report.progress,
        "progress_shared": report.progress_shared,
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
    periods = list(export_periods(organisation, period_code))
    years = {period.year for period in periods} if period_code else None
    batches = ImportBatch.objects.latest_by_period(periods)
    return {
        "periods": [period_record(period, batches.get(period.pk)) for period in periods],
        "units": unit_records(organisation),
        "targets": [target_record(target) for target in exported_targets(organisation, reports)],
        **document_records(organisation, years),
    }


def exported_targets(organisation: Organisation, reports, linkable=None):
    """The targets of `reports` (export_reports), each with them as `exported_reports`, and its
    links to the same target in other years: to any target, or only to `linkable` ones."""
    links = TargetYearLink.objects.all()
    if linkable is not None:
        # Correlated: two `IN (linkable)` lists made SQLite probe every pair of them.
        ends = (Exists(linkable.filter(pk=OuterRef(end))) for end in ("earlier", "later"))
        links = links.filter(*ends)
    return (
        Target.objects.of(organisation)
        # Correlated: with `reports__in=reports`, SQLite probed every target against every report id.
        .filter(Exists(reports.filter(target=OuterRef("pk"))))
        .order_by("year", "seq")
        .select_related("source__sentence__report")
        .prefetch_related(
            Prefetch("reports", queryset=reports, to_attr="exported_reports"),
            Prefetch("earlier_links", queryset=links.select_related("earlier")),
            Prefetch("later_links", queryset=links.select_related("later")),
        )
    )


def target_record(target: Target) -> dict:
    return {
        "year": target.year,
        "seq": target.seq,
        "content": target.content,
        "deadline": target.deadline,
        "due_date": _date(target.due_date),
        "ongoing": target.ongoing,
        "reports": [report_record(report) for report in target.exported_reports],
        "source_sentence": source_sentence(target),
        "links": year_links(target),
    }


def document_records(organisation: Organisation, years: set[int] | None = None) -> dict:
    """The work reports and task notices (of `years` only, when given)."""
    return {
        "work_reports": [
            work_report_record(report) for report in _for_years(WorkReport.objects.of(organisation), years)
        ],
        "task_notices": [task_notice_record(notice) for notice in _task_notices(organisation, years)],
    }


def period_record(period: ReportingPeriod, batch: ImportBatch | None) -> dict:
    return {
        "code": period.code,
        "label": period.label,
        "as_of": period.as_of.isoformat(),
        "published": period.published,
        "year": period.year,
        "kind": period.kind,
        "table": table_record(batch),
    }


def table_record(batch: ImportBatch | None) -> dict | None:
    """The period's table as its latest import read it: title line, text before the table, the
    header row as written, the total it states, the numbers it lists and its rows cut off."""
    if batch is None:
        return None
    return {
        "file_name": batch.file_name,
        "title": batch.title,
        "notes": batch.notes,
        "headers": [{"header": header, "field": field or None} for header, field in batch.headers],
        "stated_total": batch.stated_total,
        "listed": batch.extent.listed,
        "numbers": batch.numbers,
        "cut_off": batch.cut_off,
    }


def unit_records(organisation: Organisation, units=None) -> list[dict]:
    """The organisation's units among `units` (every unit by default), with their spellings."""
    units = (Unit.objects if units is None else units).of(organisation).order_by("name").prefetch_related("aliases")
    return [
        {
            "name": unit.name,
            "aliases": sorted(alias.spelling for alias in unit.aliases.all()),
            "needs_review": unit.needs_review,
        }
        for unit in units
    ]


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _for_years(reports, years: set[int] | None):
    reports = reports.order_by("delivered_on")
    return reports.filter(year_of_goals__in=years) if years is not None else reports


def _task_notices(organisation: Organisation, years: set[int] | None):
    notices = (
        TaskNotice.objects.of(organisation)
        .order_by("issued_on")
        .prefetch_related("sections__tasks__task_units__unit", "sections__tasks__target_link__target")
    )
    return [n for n in notices if years is None or (n.issued_on and n.issued_on.year in years)]


def source_sentence(target: Target) -> dict | None:
    """The work-report sentence the target was cut from; a link without a sentence (confirmed:
    the target has none) keeps its score and confirmation with an empty text."""
    link = getattr(target, "source", None)
    if link is None:
        return None
    sentence = link.sentence
    return {
        "text": sentence.text if sentence else "",
        "section": sentence.section_path if sentence else "",
        "score": link.score,
        "confirmed": link.confirmed,
        "work_report": {"title": sentence.report.title, "date": _date(sentence.report.delivered_on)}
        if sentence
        else None,
        "position": sentence.position if sentence else None,
    }


def work_report_record(report: WorkReport) -> dict:
    """The report whole: its header, section tree (full titles), every sentence, every figure."""
    sections = list(report.sections.all())
    children: dict[int | None, list] = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def tree(parent_id: int | None) -> list[dict]:
        return [
            {
                "number": section.number,
                "title": section.title,
                "level": section.level,
                "kind": section.kind,
                "position": section.position,
                "children": tree(section.pk),
            }
            for section in children.get(parent_id, [])
        ]

    sentences = list(report.sentences.all())
    figures = list(report.figures.all())
    by_pk = {sentence.pk: sentence for sentence in sentences}
    section_positions = {section.pk: section.position for section in sections}
    return {
        "title": report.title,
        "date": _date(report.delivered_on),
        "meeting": report.meeting,
        "speaker": report.speaker,
        "speaker_role": report.speaker_role,
        "year_of_goals": report.year_of_goals,
        "sections": tree(None),
        "sentences": [
            {
                "position": sentence.position,
                "text": sentence.text,
                "section": sentence.section_path,
                "section_position": section_positions.get(sentence.section_id),
                "kind": sentence.kind,
                "line": sentence.line,
            }
            for sentence in sentences
        ],
        # The commitments alone, in the shape of earlier exports; "figures" holds every kind.
        "commitments": [
            {
                "text": figure.text,
                "measure": figure.measure,
                "value": _number(figure.value),
                "unit": figure.unit,
                "comparison": figure.comparison or None,
                "section": by_pk[figure.sentence_id].section_path,
            }
            for figure in figures
            if figure.kind == FigureKind.COMMITMENT
        ],
        "figures": [figure_record(figure, by_pk[figure.sentence_id].position) for figure in figures],
    }


def figure_record(figure: ReportFigure, sentence_position: int) -> dict:
    return {
        "kind": figure.kind,
        "text": figure.text,
        "measure": figure.measure,
        "value": _number(figure.value),
        "value_high": _number(figure.value_high),
        "unit": figure.unit,
        "comparison": figure.comparison or None,
        "estimated": figure.estimated,
        "sentence": sentence_position,
        "start": figure.start,
        "end": figure.end,
    }


def task_notice_record(notice: TaskNotice) -> dict:
    return {
        "doc_number": notice.doc_number,
        "title": notice.title,
        "office": notice.office,
        "adopted_on": _date(notice.adopted_on),
        "issued_on": _date(notice.issued_on),
        "printed_on": _date(notice.printed_on),
        "preamble": notice.preamble,
        "distribution": notice.distribution,
        "sections": [
            {
                "number": section.number,
                "title": section.title,
                "tasks": [task_record(task) for task in section.tasks.all()],
            }
            for section in notice.sections.all()
        ],
    }


def task_record(task: NoticeTask) -> dict:
    def units(role: str, as_written: bool = False) -> list[str]:
        chosen = [task_unit for task_unit in task.task_units.all() if task_unit.role == role]
        return [task_unit.as_written if as_written else task_unit.unit.name for task_unit in chosen]

    return {
        "number": task.number,
        "text": task.text,
        "line": task.line,
        "units_as_written": task.units_as_written,
        "lead_units": units(UnitRole.LEAD),
        "participating_units": units(UnitRole.PARTICIPATING),
        "lead_units_as_written": units(UnitRole.LEAD, as_written=True),
        "participating_units_as_written": units(UnitRole.PARTICIPATING, as_written=True),
        "target_link": task_target_record(getattr(task, "target_link", None)),
    }


def task_target_record(link: TaskTarget | None) -> dict | None:
    """The target the task matches; a confirmed link without a target says it has none."""
    if link is None:
        return None
    target = link.target
    return {
        "year": target.year if target else None,
        "seq": target.seq if target else None,
        "score": link.score,
        "confirmed": link.confirmed,
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
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for period in export_periods(organisation, period_code):
        _write_period_sheet(workbook, period)
    if not workbook.worksheets:
        workbook.create_sheet("empty")
    workbook.save(path)


def _write_period_sheet(workbook: "Workbook", period: ReportingPeriod) -> None:
    sheet = workbook.create_sheet(period.code)
    reports = list(export_reports(period.organisation, period.code))
    extra_headers = sorted({header for report in reports for header in report.extras})
    sheet.append([text_cell(sheet, f"{period.label}责任目标工作推进情况一览表")])
    sheet.append([COLUMN_SYNONYMS[field][0] for field in TABLE_FIELDS] + extra_headers)
    for report in reports:
        units = " ".join(report_unit.as_written for report_unit in report.unit_links)
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


def text_cell(sheet, value: str) -> "WriteOnlyCell":
    from openpyxl.cell import WriteOnlyCell

    # Always a string cell: a progress text that starts with "=" must not become a formula.
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell
