"""Saving a work report or a key-task notice into the models, then linking it to the targets.

A document is identified by its title and date (work report) or its number (notice). The
same file again changes nothing (unless forced, after the parser has improved); a changed file replaces the document in one transaction,
and the links an admin confirmed find their sentences or tasks again.
"""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from importers.errors import SourceError
from importers.save import file_sha256, known_unit_spellings, resolve_unit_spellings
from importers.task_notice import TaskNotice as ParsedNotice
from importers.task_notice import parse_task_notice
from importers.work_report import Section, parse_work_report
from importers.work_report import WorkReport as ParsedReport
from targets.cache import bump_data_version
from targets.linking import link_targets_to_report, link_tasks_to_targets
from targets.models import (
    NoticeSection,
    NoticeTask,
    ReportFigure,
    ReportSection,
    ReportSentence,
    TargetSource,
    TaskNotice,
    TaskTarget,
    TaskUnit,
    WorkReport,
)


@dataclass
class DocumentSummary:
    file_name: str
    description: str
    unchanged: bool = False
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        state = "unchanged, nothing written" if self.unchanged else "imported"
        return f"{self.file_name}: {self.description} ({state})"


def import_work_report_file(path: Path, force: bool = False) -> DocumentSummary:
    if not path.is_file():
        raise SourceError(path.name, f"no such file: {path}")
    parsed = parse_work_report(path)
    sha256 = file_sha256(path)
    with transaction.atomic():
        old = WorkReport.objects.filter(title=parsed.title, delivered_on=parsed.delivered_on).first()
        unchanged = old is not None and old.sha256 == sha256 and not force
        if not unchanged:
            if old is not None:
                old.delete()
            _save_report(parsed, sha256)
            link_targets_to_report(parsed.year_of_goals)
            bump_data_version()
        linked = TargetSource.objects.filter(target__year=parsed.year_of_goals, sentence__isnull=False).count()
    goals = sum(figure.kind == "goal" for figure in parsed.figures)
    commitments = sum(figure.kind == "commitment" for figure in parsed.figures)
    description = (
        f"{parsed.title} of {parsed.delivered_on}, goals for {parsed.year_of_goals}: "
        f"{len(parsed.sentences)} sentences, {goals} goals, {commitments} commitments; "
        f"{linked} targets of {parsed.year_of_goals} linked to their sentence"
    )
    return DocumentSummary(path.name, description, unchanged)


def _save_report(parsed: ParsedReport, sha256: str) -> WorkReport:
    report = WorkReport.objects.create(
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

    def collect(sections: list[Section], parent: ReportSection | None, path: tuple[str, ...]) -> None:
        for section in sections:
            row = ReportSection(
                report=report,
                parent=parent,
                number=section.number,
                title=section.title,
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
            start=figure.start,
            end=figure.end,
        )
        for figure in parsed.figures
    )
    return report


def import_task_notice_file(path: Path, force: bool = False) -> DocumentSummary:
    if not path.is_file():
        raise SourceError(path.name, f"no such file: {path}")
    parsed = parse_task_notice(path, known_unit_spellings())
    sha256 = file_sha256(path)
    year = (parsed.issued_on or parsed.printed_on).year if (parsed.issued_on or parsed.printed_on) else None
    with transaction.atomic():
        old = TaskNotice.objects.filter(doc_number=parsed.doc_number).first()
        unchanged = old is not None and old.sha256 == sha256 and not force
        warnings = list(parsed.warnings)
        if not unchanged:
            confirmed = {}
            if old is not None:
                links = TaskTarget.objects.filter(task__notice=old, confirmed=True).select_related("task")
                confirmed = {link.task.number: link for link in links}
                old.delete()
            notice = _save_notice(parsed, sha256, warnings)
            _restore_confirmed(notice, confirmed)
            if year:
                link_tasks_to_targets(notice, year)
            bump_data_version()
        linked = TaskTarget.objects.filter(task__notice__doc_number=parsed.doc_number, target__isnull=False).count()
    lead = sum(bool(task.lead_units) for task in parsed.tasks)
    description = (
        f"{parsed.doc_number} {parsed.title}: {len(parsed.sections)} sections, {len(parsed.tasks)} tasks "
        f"({lead} with lead units); {linked} tasks linked to targets of {year}"
    )
    return DocumentSummary(path.name, description, unchanged, warnings)


def _save_notice(parsed: ParsedNotice, sha256: str, warnings: list[str]) -> TaskNotice:
    notice = TaskNotice.objects.create(
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
    unit_ids, unit_warnings = resolve_unit_spellings(where_of)
    warnings += unit_warnings
    sections = NoticeSection.objects.bulk_create(
        NoticeSection(notice=notice, number=section.number, title=section.title, position=position)
        for position, section in enumerate(parsed.sections)
    )
    pairs = [(task, row) for section, row in zip(parsed.sections, sections, strict=True) for task in section.tasks]
    tasks = NoticeTask.objects.bulk_create(
        NoticeTask(notice=notice, section=row, number=task.number, text=task.text, line=task.line)
        for task, row in pairs
    )
    rows = [
        TaskUnit(task=task_row, unit_id=unit_ids[name], role=role, position=i, as_written=name)
        for (task, _), task_row in zip(pairs, tasks, strict=True)
        for role, names in ((TaskUnit.LEAD, task.lead_units), (TaskUnit.PARTICIPATING, task.participating_units))
        for i, name in enumerate(names)
    ]
    TaskUnit.objects.bulk_create(rows)
    return notice


def _restore_confirmed(notice: TaskNotice, confirmed: dict[int, TaskTarget]) -> None:
    tasks = {task.number: task for task in notice.tasks.filter(number__in=confirmed)}
    TaskTarget.objects.bulk_create(
        TaskTarget(task=tasks[number], target_id=link.target_id, score=link.score, confirmed=True)
        for number, link in confirmed.items()
        if number in tasks
    )
