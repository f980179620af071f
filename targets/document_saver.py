"""Saving a parsed work report or key-task notice into the models (targets.imports runs it).

A document is identified by its title and date (work report) or its number (notice). The
same file again changes nothing (unless forced, after the parser has improved); a changed file replaces the document in one transaction,
and the links an admin confirmed find their sentences or tasks again.
"""

from importers.task_notice_parser import TaskNoticeRecord
from importers.work_report_parser import SectionRecord, WorkReportRecord
from targets.models import (
    NoticeSection,
    NoticeTask,
    Organisation,
    ReportFigure,
    ReportSection,
    ReportSentence,
    TaskNotice,
    TaskTarget,
    TaskUnit,
    UnitRole,
    WorkReport,
)
from targets.unit_spellings import resolve_unit_spellings

# A numbered item is titled by its whole sentence: a runaway one is cut to what the column holds.
_SECTION_TITLE_LENGTH = ReportSection._meta.get_field("title").max_length


def save_report(parsed: WorkReportRecord, sha256: str, organisation: Organisation) -> WorkReport:
    report = WorkReport.objects.create(
        organisation=organisation,
        title=parsed.title,
        delivered_on=parsed.delivered_on,
        meeting=parsed.meeting,
        speaker=parsed.speaker,
        speaker_role=parsed.speaker_role,
        year_of_goals=parsed.year_of_goals,
        source_file=parsed.file_name,
        sha256=sha256,
    )
    rows: list[ReportSection] = []
    by_path: dict[tuple[str, ...], ReportSection] = {}

    def collect(sections: list[SectionRecord], parent: ReportSection | None, path: tuple[str, ...]) -> None:
        for section in sections:
            row = ReportSection(
                report=report,
                parent=parent,
                number=section.number,
                title=section.title[:_SECTION_TITLE_LENGTH],
                level=section.level,
                kind=section.kind,
                position=len(rows),
            )
            rows.append(row)
            section_path = (*path, section.number) if section.number else path
            by_path.setdefault(section_path, row)
            collect(section.children, row, section_path)

    collect(parsed.sections, None, ())
    # A section's parent has a lower level: saving level by level gives every parent its key first.
    for level in sorted({row.level for row in rows}):
        ReportSection.objects.bulk_create([row for row in rows if row.level == level])
    sentences = ReportSentence.objects.bulk_create(
        ReportSentence(
            report=report,
            section=by_path.get(sentence.section_path),
            section_path=" ".join(sentence.section_path),
            kind=sentence.kind,
            position=sentence.position,
            text=sentence.text,
            line=sentence.line,
        )
        for sentence in parsed.sentences
    )
    ReportFigure.objects.bulk_create(
        ReportFigure(
            report=report,
            sentence=sentences[figure.sentence],
            kind=figure.kind,
            text=figure.text,
            measure=figure.measure,
            value=figure.value,
            value_high=figure.high,
            unit=figure.unit,
            comparison=figure.comparison or "",
            estimated=figure.estimated,
            start=figure.start,
            end=figure.end,
        )
        for figure in parsed.figures
    )
    return report


def save_notice(parsed: TaskNoticeRecord, sha256: str, warnings: list[str], organisation: Organisation) -> TaskNotice:
    notice = TaskNotice.objects.create(
        organisation=organisation,
        doc_number=parsed.doc_number,
        title=parsed.title,
        office=parsed.office,
        adopted_on=parsed.adopted_on,
        issued_on=parsed.issued_on,
        printed_on=parsed.printed_on,
        preamble=parsed.preamble,
        distribution=parsed.distribution,
        source_file=parsed.file_name,
        sha256=sha256,
    )
    where_of: dict[str, str] = {}
    for task in parsed.tasks:
        for name in task.lead_units + task.participating_units:
            where_of.setdefault(name, f"line {task.line}")
    unit_ids, unit_warnings = resolve_unit_spellings(organisation, where_of)
    warnings += unit_warnings
    sections = NoticeSection.objects.bulk_create(
        NoticeSection(notice=notice, number=section.number, title=section.title, position=position)
        for position, section in enumerate(parsed.sections)
    )
    pairs = [(task, row) for section, row in zip(parsed.sections, sections, strict=True) for task in section.tasks]
    tasks = NoticeTask.objects.bulk_create(
        NoticeTask(
            notice=notice,
            section=row,
            number=task.number,
            text=task.text,
            line=task.line,
            units_as_written=task.units_as_written,
        )
        for task, row in pairs
    )
    rows = [
        TaskUnit(task=task_row, unit_id=unit_ids[name], role=role, position=i, as_written=name)
        for (task, _), task_row in zip(pairs, tasks, strict=True)
        for role, names in ((UnitRole.LEAD, task.lead_units), (UnitRole.PARTICIPATING, task.participating_units))
        for i, name in enumerate(names)
    ]
    TaskUnit.objects.bulk_create(rows)
    return notice


def restore_confirmed(notice: TaskNotice, confirmed: dict[int, TaskTarget]) -> None:
    tasks = {task.number: task for task in notice.tasks.filter(number__in=confirmed)}
    TaskTarget.objects.bulk_create(
        TaskTarget(task=tasks[number], target_id=link.target_id, score=link.score, confirmed=True)
        for number, link in confirmed.items()
        if number in tasks
    )
