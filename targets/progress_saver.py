"""Saving a parsed progress table into the models (targets.imports runs it in its transaction).

The save is idempotent: each row is compared with what is stored for the
period, and only what differs is written. A file that changes nothing records no batch.
Records go through in chunks; rows are
written with plain multi-row statements (targets.bulk).
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from django.db import connection
from django.db.models import Max

from analysis.deadlines import parse_deadline
from analysis.statuses import UNREPORTED, status_code
from importers.periods import Period
from importers.progress_table import ProgressRecord, ProgressTable
from targets.bulk import delete_rows, insert_rows, update_rows
from targets.models import (
    ImportBatch,
    Leader,
    ProgressReport,
    ReportingPeriod,
    ReportPace,
    ReportUnit,
    Target,
)
from targets.unit_spellings import resolve_unit_spellings

CHUNK_ROWS = 2000
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


class ProgressSaver:
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
