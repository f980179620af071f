"""The JSON export (targets.export) read back into an organisation that holds no data yet.

The export is the contract of the seed figures: export → load → export gives the same file.
Paces and tallies are measured again from the texts (as an import measures them), the rest is
written as the export has it, links and their confirmations included.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from importers.errors import SourceError
from targets.imports import write_transaction
from targets.measuring import recompute_pace
from targets.models import (
    ImportBatch,
    Leader,
    NoticeSection,
    NoticeTask,
    Organisation,
    ProgressReport,
    ReportFigure,
    ReportingPeriod,
    ReportSection,
    ReportSentence,
    ReportUnit,
    Target,
    TargetSource,
    TargetYearLink,
    TaskNotice,
    TaskTarget,
    TaskUnit,
    Unit,
    UnitAlias,
    WorkReport,
)

LOADER = "import_data"  # the batches' imported_by


@dataclass
class LoadSummary:
    periods: int = 0
    targets: int = 0
    reports: int = 0
    work_reports: int = 0
    task_notices: int = 0


def load_export(data: dict, organisation: Organisation, file_name: str, raw: bytes) -> LoadSummary:
    """Write the export `data` (read from `file_name`, whose bytes are `raw`) into `organisation`,
    all or nothing; a key missing or of the wrong kind is a SourceError naming it."""
    loader = _Loader(organisation, file_name, hashlib.sha256(raw).hexdigest())
    with write_transaction(file_name):
        if ReportingPeriod.objects.of(organisation).exists() or Target.objects.of(organisation).exists():
            raise SourceError(file_name, f"{organisation.code} already holds data: load an export into an empty one")
        try:
            loader.load(data)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise SourceError(file_name, f"not an export of this project: {type(error).__name__} {error}") from None
        recompute_pace(ProgressReport.objects.of(organisation), organisation)
    return loader.summary


class _Loader:
    def __init__(self, organisation: Organisation, file_name: str, sha256: str):
        self.organisation, self.file_name, self.sha256 = organisation, file_name, sha256
        self.summary = LoadSummary()
        self.units: dict[str, Unit] = {}
        self.leaders: dict[str, Leader] = {}
        self.periods: dict[str, tuple[ReportingPeriod, ImportBatch]] = {}
        self.targets: dict[tuple[int, int], Target] = {}
        self.sentences: dict[tuple[str, str | None, int], ReportSentence] = {}

    def load(self, data: dict) -> None:
        for record in data.get("units", []):
            self.add_unit(record)
        for record in data["periods"]:
            self.add_period(record)
        for record in data["targets"]:
            self.add_target(record)
        for record in data["work_reports"]:
            self.add_work_report(record)
        for record in data["targets"]:
            self.add_target_links(record)
        for record in data["task_notices"]:
            self.add_notice(record)

    def unit(self, name: str) -> Unit:
        if name not in self.units:
            self.units[name] = Unit.objects.create(organisation=self.organisation, name=name)
        return self.units[name]

    def add_unit(self, record: dict) -> None:
        unit = Unit.objects.create(
            organisation=self.organisation, name=record["name"], needs_review=record.get("needs_review", False)
        )
        self.units[unit.name] = unit
        UnitAlias.objects.bulk_create(
            UnitAlias(organisation=self.organisation, unit=unit, spelling=spelling) for spelling in record["aliases"]
        )

    def add_period(self, record: dict) -> None:
        period = ReportingPeriod.objects.create(
            organisation=self.organisation,
            code=record["code"],
            label=record["label"],
            as_of=date.fromisoformat(record["as_of"]),
            published=record["published"],
            year=record.get("year") or int(record["code"][:4]),
            kind=record.get("kind") or record["code"][5:],
        )
        table = record.get("table") or {}
        batch = ImportBatch.objects.create(
            organisation=self.organisation,
            period=period,
            file_name=table.get("file_name") or self.file_name,
            sha256=self.sha256,
            title=table.get("title", ""),
            notes=table.get("notes", []),
            headers=[[header["header"], header["field"] or ""] for header in table.get("headers", [])],
            stated_total=table.get("stated_total"),
            numbers=table.get("numbers", []),
            cut_off=table.get("cut_off", []),
            imported_by=LOADER,
        )
        self.periods[period.code] = (period, batch)
        self.summary.periods += 1

    def add_target(self, record: dict) -> None:
        target = Target.objects.create(
            organisation=self.organisation,
            year=record["year"],
            seq=record["seq"],
            content=record["content"],
            deadline=record["deadline"],
            due_date=date.fromisoformat(record["due_date"]) if record.get("due_date") else None,
            ongoing=record.get("ongoing", False),
        )
        self.targets[(target.year, target.seq)] = target
        self.summary.targets += 1
        for report in record["reports"]:
            self.add_report(target, report)

    def add_report(self, target: Target, record: dict) -> None:
        period, batch = self.periods[record["period"]]
        source_file, _, source_line = record["source"].rpartition(", ")
        report = ProgressReport.objects.create(
            target=target,
            period=period,
            position=record.get("position", 0),
            leader=self.leader(record["leader"]),
            deadline=record["deadline"],
            progress=record["progress"],
            progress_shared=record.get("progress_shared", False),
            status=record["status"],
            status_as_written=record["status_as_written"],
            extras=record["extras"],
            source_file=source_file,
            source_line=source_line,
            batch=batch,
        )
        written = zip(record["units"], record["units_as_written"], record["unit_roles"], strict=True)
        ReportUnit.objects.bulk_create(
            ReportUnit(report=report, unit=self.unit(name), as_written=as_written, role=role, position=position)
            for position, (name, as_written, role) in enumerate(written)
        )
        self.summary.reports += 1

    def leader(self, name: str | None) -> Leader | None:
        if name is None:
            return None
        if name not in self.leaders:
            self.leaders[name] = Leader.objects.create(organisation=self.organisation, name=name)
        return self.leaders[name]

    def add_target_links(self, record: dict) -> None:
        """The year links (each stored once, from its earlier target) and the source sentence."""
        target = self.targets[(record["year"], record["seq"])]
        for link in record["links"]:
            if link["year"] > target.year:
                later = self.targets[(link["year"], link["seq"])]
                TargetYearLink.objects.create(
                    earlier=target, later=later, score=link["score"], confirmed=link["confirmed"]
                )
        if source := record.get("source_sentence"):
            report = source.get("work_report") or {}
            key = (report.get("title"), report.get("date"), source.get("position"))
            TargetSource.objects.create(
                target=target,
                sentence=self.sentences.get(key),
                sentence_text=source["text"] or "",
                score=source["score"],
                confirmed=source["confirmed"],
            )

    def add_work_report(self, record: dict) -> None:
        report = WorkReport.objects.create(
            organisation=self.organisation,
            title=record["title"],
            delivered_on=date.fromisoformat(record["date"]) if record["date"] else None,
            meeting=record.get("meeting", ""),
            speaker=record.get("speaker", ""),
            speaker_role=record.get("speaker_role", ""),
            year_of_goals=record["year_of_goals"],
            source_file=self.file_name,
            sha256=self.sha256,
        )
        sections: dict[int, ReportSection] = {}
        self.add_sections(report, record["sections"], None, sections)
        by_position = {}
        for sentence in record.get("sentences", []):
            by_position[sentence["position"]] = ReportSentence.objects.create(
                report=report,
                section=sections.get(sentence["section_position"]),
                section_path=sentence["section"],
                kind=sentence["kind"],
                position=sentence["position"],
                text=sentence["text"],
                line=sentence["line"],
            )
            self.sentences[(report.title, record["date"], sentence["position"])] = by_position[sentence["position"]]
        ReportFigure.objects.bulk_create(
            _figure(report, by_position[figure["sentence"]], figure) for figure in record.get("figures", [])
        )
        self.summary.work_reports += 1

    def add_sections(self, report: WorkReport, records: list, parent, sections: dict) -> None:
        for record in records:
            section = ReportSection.objects.create(
                report=report,
                parent=parent,
                number=record["number"],
                title=record["title"],
                level=record["level"],
                kind=record["kind"],
                position=record["position"],
            )
            sections[section.position] = section
            self.add_sections(report, record["children"], section, sections)

    def add_notice(self, record: dict) -> None:
        notice = TaskNotice.objects.create(
            organisation=self.organisation,
            doc_number=record["doc_number"],
            title=record["title"],
            office=record.get("office", ""),
            adopted_on=_date(record.get("adopted_on")),
            issued_on=_date(record.get("issued_on")),
            printed_on=_date(record.get("printed_on")),
            preamble=record.get("preamble", []),
            distribution=record.get("distribution", ""),
            source_file=self.file_name,
            sha256=self.sha256,
        )
        for position, section_record in enumerate(record["sections"]):
            section = NoticeSection.objects.create(
                notice=notice, number=section_record["number"], title=section_record["title"], position=position
            )
            for task in section_record["tasks"]:
                self.add_task(notice, section, task)
        self.summary.task_notices += 1

    def add_task(self, notice: TaskNotice, section: NoticeSection, record: dict) -> None:
        task = NoticeTask.objects.create(
            notice=notice,
            section=section,
            number=record["number"],
            text=record["text"],
            line=record.get("line", 0),
            units_as_written=record.get("units_as_written", ""),
        )
        task_units = []
        for role in ("lead", "participating"):
            names = zip(record[f"{role}_units"], record[f"{role}_units_as_written"], strict=True)
            task_units += [
                TaskUnit(task=task, unit=self.unit(name), role=role, position=position, as_written=as_written)
                for position, (name, as_written) in enumerate(names)
            ]
        TaskUnit.objects.bulk_create(task_units)
        if link := record.get("target_link"):
            target = self.targets.get((link["year"], link["seq"])) if link["year"] is not None else None
            TaskTarget.objects.create(task=task, target=target, score=link["score"], confirmed=link["confirmed"])


def _figure(report: WorkReport, sentence: ReportSentence, record: dict) -> ReportFigure:
    return ReportFigure(
        report=report,
        sentence=sentence,
        kind=record["kind"],
        text=record["text"],
        measure=record["measure"],
        value=_decimal(record["value"]),
        value_high=_decimal(record["value_high"]),
        unit=record["unit"],
        comparison=record["comparison"] or "",
        estimated=record["estimated"],
        start=record["start"],
        end=record["end"],
    )


def _decimal(number: float | None) -> Decimal | None:
    # Through its shortest text: 4.6 stays 4.6, not the binary float's 4.5999….
    return Decimal(repr(number)) if number is not None else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
