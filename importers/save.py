"""Saving a progress table into the models: the one step of importers/ that knows Django.

The save is atomic and idempotent: each row is compared with what is stored for the
period, and only what differs is written. A file that changes nothing records no batch.
Records stream through in chunks, so memory does not grow with the file; rows are
written with plain multi-row statements (targets.bulk).
"""

import getpass
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Max

from importers.cells import ArchiveLimits
from importers.deadlines import parse_deadline
from importers.errors import SourceError
from importers.periods import Period, parse_period_code
from importers.progress_table import ProgressRecord, ProgressTable, open_progress_table
from importers.statuses import UNREPORTED, status_code
from targets.bulk import delete_rows, insert_rows, update_rows
from targets.cache import bump_data_version, data_version
from targets.linking import YearRelinking
from targets.models import (
    ImportBatch,
    Leader,
    ProgressReport,
    ReportingPeriod,
    ReportPace,
    ReportUnit,
    Target,
    Unit,
    UnitAlias,
)
from targets.pace import measure_records, store_measured

CHUNK_ROWS = 2000
# Any fixed number: the key of the PostgreSQL advisory lock that imports take in turn.
IMPORT_LOCK_KEY = 7_202_300
# Ids per IN (…) list: below SQLite's oldest limit of 999 parameters.
IDS_PER_QUERY = 900


@dataclass
class ImportSummary:
    file_name: str
    period_code: str
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    warnings: list[str] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    write_seconds: float = 0.0

    def line(self) -> str:
        if self.dry_run:
            batch = "dry run, nothing written"
        else:
            batch = f"batch #{self.batch_id}" if self.batch_id else "no change"
        return (
            f"{self.file_name} → {self.period_code}: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed, {len(self.warnings)} warnings ({batch})"
        )


def known_unit_spellings() -> set[str]:
    return set(UnitAlias.objects.values_list("spelling", flat=True)) | set(Unit.objects.values_list("name", flat=True))


def import_progress_file(
    path: Path,
    *,
    period_code: str | None = None,
    imported_by: str = "",
    publish: bool = False,
    dry_run: bool = False,
    analyse: bool = True,
    on_phase: Callable[[str], None] = lambda phase: None,
) -> ImportSummary:
    """Read, check and save one progress-table file; a SourceError leaves the database untouched.

    Everything that only reads comes first, while readers and other writers go on: the file is
    read and parsed, each report measured (targets.pace) and the year's links found (with
    `analyse`; the import benchmark times that step on its own). Then one short transaction
    writes it all, so the file lands whole or not at all and the write lock is held only while
    rows are written. `on_phase` hears each phase's name (reading, analysing, writing, written,
    done) as it starts, for a progress display."""
    on_phase("reading")
    table, period = _read_table(path, period_code)
    records = list(table.records)
    on_phase("analysing")
    plan = _ImportPlan(records, period) if analyse else None
    saver = _Saver(table, period, sha256=file_sha256(path), imported_by=imported_by or getpass.getuser())
    started = time.perf_counter()
    with write_transaction(path.name):
        on_phase("writing")
        plan = plan and plan.fresh()
        summary = saver.save(records, publish)
        if dry_run:
            summary.dry_run, summary.batch_id = True, None
            transaction.set_rollback(True)
        elif summary.new or summary.updated or summary.removed:
            if plan is not None:
                plan.store(saver.period_row)
            bump_data_version()
        on_phase("written")
    summary.write_seconds = time.perf_counter() - started
    if plan is not None and not dry_run:
        plan.keep_words()
    on_phase("done")
    return summary


def _read_table(path: Path, period_code: str | None) -> tuple[ProgressTable, Period]:
    if not path.is_file():
        raise SourceError(path.name, f"no such file: {path}")
    table = open_progress_table(path, known_unit_spellings(), limits=archive_limits())
    if period_code:
        try:
            return table, parse_period_code(period_code)
        except ValueError as error:
            raise SourceError(path.name, str(error)) from None
    if table.period:
        return table, table.period
    raise SourceError(path.name, "no reporting period in the title line (e.g. …2023年…上半年…); give --period CODE")


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(max_uncompressed_bytes=settings.IMPORT_MAX_UNCOMPRESSED_BYTES)


class _ImportPlan:
    """What an import computes from the file before it writes: each report's pace and, when the
    year's targets change, the links they will have. Found against the data as of `version`;
    if another write landed since, `fresh` (called first thing in the write transaction, before
    this import writes) finds it again there."""

    def __init__(self, records: list[ProgressRecord], period: Period):
        self.records, self.period = records, period
        self.version = data_version()
        self.paces = measure_records(records, period)
        texts: dict[int, str] = {}
        for record in records:
            texts.setdefault(record.seq, record.content)
        stored = dict(Target.objects.filter(year=period.year, seq__in=texts).values_list("seq", "content"))
        changed = any(stored.get(seq) != content for seq, content in texts.items())
        self.relinking = YearRelinking(period.year, texts) if changed else None

    def fresh(self) -> "_ImportPlan":
        return self if data_version() == self.version else _ImportPlan(self.records, self.period)

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


def resolve_unit_spellings(where_of: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Unit ids of spellings (each with where it was first read), through the alias table.

    A spelling not known yet becomes a unit marked for review, with a warning: never an
    error, never dropped.
    """
    spellings = set(where_of)
    ids = dict(UnitAlias.objects.filter(spelling__in=spellings).values_list("spelling", "unit_id"))
    ids.update(Unit.objects.filter(name__in=spellings - ids.keys()).values_list("name", "pk"))
    unknown = sorted(spellings - ids.keys())
    if not unknown:
        return ids, []
    Unit.objects.bulk_create([Unit(name=name, needs_review=True) for name in unknown])
    ids.update(Unit.objects.filter(name__in=unknown).values_list("name", "pk"))
    return ids, [f"{where_of[name]}: new unit {name!r} created and marked for review" for name in unknown]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _digest(state: tuple) -> bytes:
    return hashlib.blake2b(repr(state).encode(), digest_size=16).digest()


class _Saver:
    def __init__(self, table: ProgressTable, period: Period, *, sha256: str, imported_by: str):
        self.table = table
        self.period = period
        self.sha256 = sha256
        self.imported_by = imported_by
        self.summary = ImportSummary(table.file_name, period.code)
        self.unit_warnings: list[str] = []
        self.batch: ImportBatch | None = None
        self.leader_ids: dict[str, int] = {}
        self.unit_ids: dict[str, int] = {}
        self.changed_targets: set[int] = set()
        self.seen_targets: set[int] = set()

    def save(self, records: list[ProgressRecord], publish: bool) -> ImportSummary:
        self.period_row = self.get_period(publish)
        # seq → (id, digest of the stored fields), kept small for large files
        self.targets = {
            seq: (pk, _digest(tuple(fields)))
            for seq, pk, *fields in Target.objects.filter(year=self.period.year).values_list(
                "seq", "id", "content", "deadline", "due_date", "ongoing"
            )
        }
        self.stored = self.stored_reports()
        self.last_report_id = ProgressReport.objects.aggregate(last=Max("id"))["last"] or 0
        for chunk in _chunks(records, CHUNK_ROWS):
            self.save_chunk(chunk)
        s = self.summary
        s.removed = len(self.stored)
        if self.stored:
            self.ensure_batch()
            for ids in _chunks((pk for pk, _ in self.stored.values()), IDS_PER_QUERY):
                self.delete_reports(ids)
        s.warnings = self.table.warnings + self.unit_warnings
        if self.batch:
            counts = {"new_count": s.new, "updated_count": s.updated, "unchanged_count": s.unchanged}
            ImportBatch.objects.filter(pk=self.batch.pk).update(
                **counts, removed_count=s.removed, warnings=s.warnings, notes=self.table.notes
            )
            s.batch_id = self.batch.pk
        return s

    @staticmethod
    def delete_reports(ids: list[int]) -> None:
        """Reports the file no longer has, with their units and pace, in three statements."""
        for model in (ReportUnit, ReportPace):
            delete_rows(model.objects.filter(report_id__in=ids))
        delete_rows(ProgressReport.objects.filter(pk__in=ids))

    def get_period(self, publish: bool) -> ReportingPeriod:
        period, _ = ReportingPeriod.objects.get_or_create(
            code=self.period.code,
            defaults={
                "year": self.period.year,
                "kind": self.period.kind,
                "label": self.period.label,
                "as_of": self.period.as_of,
            },
        )
        if publish and not period.published:
            period.published = True
            period.save(update_fields=["published"])
        return period

    def ensure_batch(self) -> None:
        if self.batch is None:
            self.batch = ImportBatch.objects.create(
                file_name=self.table.file_name,
                sha256=self.sha256,
                period=self.period_row,
                title=self.table.title,
                imported_by=self.imported_by,
            )

    def save_chunk(self, records: list[ProgressRecord]) -> None:
        self.resolve_leaders(records)
        self.resolve_units(records)
        self.resolve_targets(records)
        new, updated = [], []
        for record in records:
            state = self.state(record)
            old = self.stored.pop((record.seq, record.position), None)
            if old is None:
                new.append((record, state))
            elif old[1] != _digest(state) or record.seq in self.changed_targets:
                updated.append((record, state, old[0]))
            else:
                self.summary.unchanged += 1
        self.summary.new += len(new)
        self.summary.updated += len(updated)
        if new or updated or self.changed_targets:
            self.ensure_batch()
        self.insert_reports(new)
        self.update_reports(updated)

    def state(self, record: ProgressRecord) -> tuple:
        """What is compared with the stored row: the values of _COMPARED_FIELDS, the extras
        and the units. The source line is provenance, not data, and is not compared."""
        return (
            self.leader_ids.get(record.leader),
            record.deadline,
            record.progress,
            record.progress_shared,
            status_code(record.status) or UNREPORTED,
            record.status,
            json.dumps(record.extras, ensure_ascii=False, sort_keys=True),
            tuple((self.unit_ids[name], name) for name in record.units),
        )

    def stored_reports(self) -> dict[tuple[int, int], tuple[int, bytes]]:
        units: dict[int, list] = {}
        for report_id, unit_id, as_written in (
            ReportUnit.objects.filter(report__period=self.period_row)
            .order_by("report_id", "position")
            .values_list("report_id", "unit_id", "as_written")
        ):
            units.setdefault(report_id, []).append((unit_id, as_written))
        stored = {}
        rows = ProgressReport.objects.filter(period=self.period_row).values_list(
            "id", "target__seq", "position", *_COMPARED_FIELDS, "extras"
        )
        for pk, seq, position, *values, extras in rows:
            extras = json.dumps(extras, ensure_ascii=False, sort_keys=True)
            stored[(seq, position)] = (pk, _digest((*values, extras, tuple(units.pop(pk, ())))))
        return stored

    def resolve_leaders(self, records: list[ProgressRecord]) -> None:
        names = {record.leader for record in records if record.leader} - self.leader_ids.keys()
        if not names:
            return
        found = dict(Leader.objects.filter(name__in=names).values_list("name", "pk"))
        Leader.objects.bulk_create([Leader(name=name) for name in sorted(names - found.keys())])
        self.leader_ids.update(Leader.objects.filter(name__in=names).values_list("name", "pk"))

    def resolve_units(self, records: list[ProgressRecord]) -> None:
        where_of: dict[str, str] = {}
        for record in records:
            for name in record.units:
                if name not in self.unit_ids:
                    where_of.setdefault(name, record.where)
        ids, warnings = resolve_unit_spellings(where_of)
        self.unit_ids.update(ids)
        self.unit_warnings += warnings

    def resolve_targets(self, records: list[ProgressRecord]) -> None:
        """Create or update each target at its first row in this file."""
        year = self.period.year
        new, changed = [], []
        for record in records:
            if record.seq in self.seen_targets:
                continue
            self.seen_targets.add(record.seq)
            deadline = parse_deadline(record.deadline, year)
            fields = (record.content, record.deadline, deadline.due, deadline.ongoing)
            stored = self.targets.get(record.seq)
            if stored is None:
                new.append((year, record.seq, *fields))
            elif stored[1] != _digest(fields):
                changed.append((*fields, stored[0]))
                self.changed_targets.add(record.seq)
        columns = ["content", "deadline", "due_date", "ongoing"]
        update_rows(Target, columns, [_adapt_dates(row, 2) for row in changed])
        insert_rows(Target, ["year", "seq", *columns], [_adapt_dates(row, 4) for row in new])
        if new:
            seqs = {row[1] for row in new}
            lowest, highest = min(seqs), max(seqs)
            for seq, pk in Target.objects.filter(year=year, seq__gte=lowest, seq__lte=highest).values_list("seq", "id"):
                if seq in seqs:
                    self.targets[seq] = (pk, None)

    def report_row(self, record: ProgressRecord, state: tuple) -> list:
        return [
            self.targets[record.seq][0],
            self.period_row.pk,
            record.position,
            state[0],
            record.deadline,
            record.progress,
            record.progress_shared,
            state[4],
            record.status,
            _EXTRAS.get_db_prep_save(record.extras, connection),
            self.table.file_name,
            record.where,
            self.batch.pk,
        ]

    def insert_reports(self, items: list[tuple[ProgressRecord, tuple]]) -> None:
        if not items:
            return
        insert_rows(ProgressReport, _REPORT_COLUMNS, [self.report_row(record, state) for record, state in items])
        ids = {}
        for target_id, position, pk in ProgressReport.objects.filter(
            batch=self.batch, pk__gt=self.last_report_id
        ).values_list("target_id", "position", "id"):
            ids[(target_id, position)] = pk
            self.last_report_id = max(self.last_report_id, pk)
        self.insert_units((ids[(self.targets[record.seq][0], record.position)], state) for record, state in items)

    def update_reports(self, items: list[tuple[ProgressRecord, tuple, int]]) -> None:
        if not items:
            return
        update_rows(ProgressReport, _REPORT_COLUMNS, [[*self.report_row(r, state), pk] for r, state, pk in items])
        for ids in _chunks((pk for _, _, pk in items), IDS_PER_QUERY):
            ReportUnit.objects.filter(report_id__in=ids).delete()
        self.insert_units((pk, state) for _, state, pk in items)

    @staticmethod
    def insert_units(reports: Iterable[tuple[int, tuple]]) -> None:
        rows = [
            (report_id, unit_id, position, as_written)
            for report_id, state in reports
            for position, (unit_id, as_written) in enumerate(state[7])
        ]
        insert_rows(ReportUnit, ["report", "unit", "position", "as_written"], rows)


_COMPARED_FIELDS = ["leader", "deadline", "progress", "progress_shared", "status", "status_as_written"]
_EXTRAS = ProgressReport._meta.get_field("extras")
_REPORT_COLUMNS = [
    "target",
    "period",
    "position",
    "leader",
    "deadline",
    "progress",
    "progress_shared",
    "status",
    "status_as_written",
    "extras",
    "source_file",
    "source_line",
    "batch",
]


def _adapt_dates(row: tuple, index: int) -> tuple:
    return (*row[:index], connection.ops.adapt_datefield_value(row[index]), *row[index + 1 :])
