"""Importing the government's documents: one entry point per document kind, called by the
management commands, the upload views and the tests alike.

Each import reads and parses its file (importers/, plain Python), then saves it in one
transaction (targets.progress_saver, targets.document_saver), measures and links what changed
(targets.measuring, targets.linking) and raises the data version, so cached pages show it.
A progress table does everything but writing before its transaction opens (see
import_progress_file). Bad input raises importers.errors.SourceError and writes nothing.
"""

import getpass
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection, transaction

from importers.cells import ArchiveLimits
from importers.errors import SourceError
from importers.periods import Period, parse_period_code
from importers.progress_table import ProgressRecord, ProgressTable, open_progress_table
from importers.task_notice_parser import parse_task_notice
from importers.work_report_parser import FIGURE_COMMITMENT, FIGURE_GOAL, parse_work_report
from targets.bulk import ANALYSE_AFTER_ROWS, analyse_tables
from targets.cache import bump_data_version, data_version, edits_bumped_by_caller
from targets.document_saver import restore_confirmed, save_notice, save_report
from targets.linking import YearRelinking, link_targets_to_report, link_tasks_to_targets
from targets.measuring import measure_records, store_measured
from targets.models import (
    Leader,
    Organisation,
    ProgressReport,
    ReportingPeriod,
    ReportUnit,
    Target,
    TargetSource,
    TargetYearLink,
    TaskNotice,
    TaskTarget,
    Unit,
    WorkReport,
)
from targets.progress_saver import ImportSummary, ProgressSaver, file_sha256
from targets.table_headers import table_header_fields
from targets.tallies import refresh_tallies
from targets.unit_spellings import known_unit_spellings

# Any fixed number: the key of the PostgreSQL advisory lock that imports take in turn.
IMPORT_LOCK_KEY = 7_202_300


@dataclass
class DocumentSummary:
    file_name: str
    description: str
    unchanged: bool = False
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        state = "unchanged, nothing written" if self.unchanged else "imported"
        return f"{self.file_name}: {self.description} ({state})"


def import_progress_file(
    path: Path,
    *,
    organisation: Organisation | None = None,
    period_code: str | None = None,
    imported_by: str = "",
    publish: bool = False,
    dry_run: bool = False,
    analyse: bool = True,
    on_phase: Callable[[str], None] = lambda phase: None,
    before_write: Callable[[], None] = lambda: None,
    after_write: Callable[[ImportSummary], None] = lambda summary: None,
) -> ImportSummary:
    """Read, check and save one progress-table file; a SourceError leaves the database untouched.

    Everything that only reads comes first, while readers and other writers go on: the file is
    read and parsed, each report measured (targets.measuring) and the year's links found (with
    `analyse`; the import benchmark times that step on its own). Then one short transaction
    writes it all, so the file lands whole or not at all and the write lock is held only while
    rows are written. `on_phase` hears each phase's name (reading, analysing, writing, written,
    done) as it starts, for a progress display; `before_write` and `after_write` (not on a dry
    run) are called inside the write transaction, so that what they write lands with the import
    or not at all (an upload's snapshot for its rollback, then its state). Everything is read from
    and written to `organisation` (the default one when None): another organisation's data is not
    touched."""
    organisation = organisation or Organisation.objects.default()
    on_phase("reading")
    table, period = _read_table(path, period_code, organisation)
    records = list(table.records)
    on_phase("analysing")
    plan = _ImportPlan(records, period, organisation) if analyse else None
    saver = ProgressSaver(
        table, period, organisation, sha256=file_sha256(path), imported_by=imported_by or getpass.getuser()
    )
    started = time.perf_counter()
    with write_transaction(path.name):
        on_phase("writing")
        before_write()
        plan = plan and plan.fresh()
        summary = saver.save(records, publish)
        if summary.new + summary.updated >= ANALYSE_AFTER_ROWS:
            analyse_tables(Target, ProgressReport, ReportUnit, Leader, Unit, TargetYearLink)
        if dry_run:
            summary.dry_run, summary.batch_id = True, None
            transaction.set_rollback(True)
        else:
            if summary.new or summary.updated or summary.removed:
                if plan is not None:
                    plan.store(saver.period_row)
                refresh_tallies([saver.period_row.pk])  # after the pace: the tallies count its signals
                bump_data_version(organisation)
            after_write(summary)
        on_phase("written")
    summary.write_seconds = time.perf_counter() - started
    if plan is not None and not dry_run:
        plan.keep_words()
    on_phase("done")
    return summary


def _read_table(path: Path, period_code: str | None, organisation: Organisation) -> tuple[ProgressTable, Period]:
    if not path.is_file():
        raise SourceError(path.name, f"no such file: {path}")
    table = open_progress_table(
        path,
        known_unit_spellings(organisation),
        limits=archive_limits(),
        field_lengths=progress_field_lengths(),
        header_fields=table_header_fields(organisation),
    )
    if period_code:
        try:
            return table, parse_period_code(period_code)
        except ValueError as error:
            raise SourceError(path.name, str(error)) from None
    if table.period:
        return table, table.period
    raise SourceError(path.name, "no reporting period in the title line (e.g. …2023年…上半年…); give --period CODE")


def progress_field_lengths() -> dict[str, int]:
    """The longest texts the models keep, which the parser holds each row to."""
    return {
        "leader": Leader._meta.get_field("name").max_length,
        "deadline": Target._meta.get_field("deadline").max_length,
        "status": ProgressReport._meta.get_field("status_as_written").max_length,
        "unit": ReportUnit._meta.get_field("as_written").max_length,
    }


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES)


class _ImportPlan:
    """What an import computes from the file before it writes: each report's pace and, when the
    year's targets change, the links they will have. Found against the data as of `version`;
    if another write landed since, `fresh` (called first thing in the write transaction, before
    this import writes) finds it again there."""

    def __init__(self, records: list[ProgressRecord], period: Period, organisation: Organisation):
        self.records, self.period, self.organisation = records, period, organisation
        self.version = data_version(organisation)
        self.paces = measure_records(records, period)
        texts: dict[int, str] = {}
        for record in records:
            texts.setdefault(record.seq, record.content)
        year_targets = Target.objects.of(organisation).filter(year=period.year, seq__in=texts)
        stored = dict(year_targets.values_list("seq", "content"))
        changed = any(stored.get(seq) != content for seq, content in texts.items())
        self.relinking = YearRelinking(organisation, period.year, texts) if changed else None

    def fresh(self) -> "_ImportPlan":
        if data_version(self.organisation) == self.version:
            return self
        return _ImportPlan(self.records, self.period, self.organisation)

    def keep_words(self) -> None:
        if self.relinking is not None:
            self.relinking.keep_words()

    def store(self, period_row: ReportingPeriod) -> None:
        store_measured(period_row, self.paces)
        if self.relinking is not None:
            self.relinking.store()


@contextmanager
def write_transaction(source: str) -> Iterator[None]:
    """The one transaction of an import, taken in turn with other imports: SQLite's IMMEDIATE
    transactions queue writers, and on PostgreSQL an advisory lock does (two imports of one
    period would otherwise both insert its new targets). A writer still waiting after the busy
    timeout gets one line, never a traceback, and has written nothing."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{settings.WRITE_WAIT_SECONDS}s"])
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
            yield
    except OperationalError as error:
        if not any(sign in str(error) for sign in ("database is locked", "lock timeout")):
            raise
        raise SourceError(
            source,
            f"another import held the database for over {settings.WRITE_WAIT_SECONDS} s; nothing was written, try again",
        ) from None


def import_work_report_file(
    path: Path,
    force: bool = False,
    organisation: Organisation | None = None,
    before_write: Callable[[], None] = lambda: None,
    after_write: Callable[[DocumentSummary], None] = lambda summary: None,
) -> DocumentSummary:
    """Read and save a work report (a new version replaces the stored one); the hooks are those
    of import_progress_file."""
    organisation = organisation or Organisation.objects.default()
    if not path.is_file():
        raise SourceError(path.name, f"no such file: {path}")
    parsed = parse_work_report(path)
    sha256 = file_sha256(path)
    with write_transaction(path.name):
        before_write()
        reports = WorkReport.objects.of(organisation)
        old = reports.filter(title=parsed.title, delivered_on=parsed.delivered_on).first()
        unchanged = old is not None and old.sha256 == sha256 and not force
        if not unchanged:
            if old is not None:
                with edits_bumped_by_caller():
                    old.delete()
            save_report(parsed, sha256, organisation)
            link_targets_to_report(organisation, parsed.year_of_goals)
            bump_data_version(organisation)
        linked = TargetSource.objects.filter(
            target__organisation=organisation, target__year=parsed.year_of_goals, sentence__isnull=False
        ).count()
        summary = DocumentSummary(path.name, _work_report_description(parsed, linked), unchanged)
        after_write(summary)
    return summary


def _work_report_description(parsed, linked: int) -> str:
    goals = sum(figure.kind == FIGURE_GOAL for figure in parsed.figures)
    commitments = sum(figure.kind == FIGURE_COMMITMENT for figure in parsed.figures)
    return (
        f"{parsed.title} of {parsed.delivered_on}, goals for {parsed.year_of_goals}: "
        f"{len(parsed.sentences)} sentences, {goals} goals, {commitments} commitments; "
        f"{linked} targets of {parsed.year_of_goals} linked to their sentence"
    )


def import_task_notice_file(
    path: Path,
    force: bool = False,
    organisation: Organisation | None = None,
    before_write: Callable[[], None] = lambda: None,
    after_write: Callable[[DocumentSummary], None] = lambda summary: None,
) -> DocumentSummary:
    """Read and save a task notice (a new version replaces the stored one, keeping its confirmed
    target links); the hooks are those of import_progress_file."""
    organisation = organisation or Organisation.objects.default()
    if not path.is_file():
        raise SourceError(path.name, f"no such file: {path}")
    parsed = parse_task_notice(path, known_unit_spellings(organisation))
    sha256 = file_sha256(path)
    year = (parsed.issued_on or parsed.printed_on).year if (parsed.issued_on or parsed.printed_on) else None
    with write_transaction(path.name):
        before_write()
        old = TaskNotice.objects.of(organisation).filter(doc_number=parsed.doc_number).first()
        unchanged = old is not None and old.sha256 == sha256 and not force
        warnings = list(parsed.warnings)
        if not unchanged:
            _replace_notice(parsed, old, sha256, warnings, organisation, year)
        linked = TaskTarget.objects.filter(
            task__notice__organisation=organisation, task__notice__doc_number=parsed.doc_number, target__isnull=False
        ).count()
        lead = sum(bool(task.lead_units) for task in parsed.tasks)
        description = (
            f"{parsed.doc_number} {parsed.title}: {len(parsed.sections)} sections, {len(parsed.tasks)} tasks "
            f"({lead} with lead units); {linked} tasks linked to targets of {year}"
        )
        summary = DocumentSummary(path.name, description, unchanged, warnings)
        after_write(summary)
    return summary


def _replace_notice(parsed, old: TaskNotice | None, sha256: str, warnings: list[str], organisation, year) -> None:
    confirmed = {}
    if old is not None:
        links = TaskTarget.objects.filter(task__notice=old, confirmed=True).select_related("task")
        confirmed = {link.task.number: link for link in links}
        with edits_bumped_by_caller():
            old.delete()
    notice = save_notice(parsed, sha256, warnings, organisation)
    restore_confirmed(notice, confirmed)
    if year:
        link_tasks_to_targets(notice, year)
    bump_data_version(organisation)
