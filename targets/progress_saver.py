"""Saving a parsed progress table into the models (targets.imports runs it in its transaction).

The save is idempotent: each row's state (ReportState, TargetState) is compared with the state
of what is stored for the period, and only what differs is written. A file that changes nothing
records no batch. Records go through in chunks; rows are written, updated and deleted with plain
statements of many rows (targets.bulk), each measured against the ORM: bulk_create of the import
benchmark's 100,000 rows (benchmarks/bench_import.py) takes 9 to 17 times as long for targets,
reports and units; bulk_update and delete() took 13 to 16 times as long on a re-import of 20,000
rows, changed or cut short.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from itertools import islice
from pathlib import Path

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Max

from analysis.deadlines import parse_deadline
from importers.periods import Period
from importers.progress_table import ProgressRecord, ProgressTable
from importers.table_extent import number_ranges, stated_total
from targets.bulk import delete_rows, insert_rows, update_rows
from targets.models import (
    ImportBatch,
    Leader,
    Organisation,
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


def _digest(state: object) -> bytes:
    """A short stand-in for a state: what is kept of each stored row while a large file is saved."""
    return hashlib.blake2b(repr(state).encode(), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class ReportState:
    """What an import compares between a parsed row and its stored report: the fields it writes,
    the extras and the units. The source line is provenance, not data, and is not compared."""

    leader_id: int | None
    deadline: str
    progress: str
    progress_shared: bool
    status: str
    status_as_written: str
    extras_json: str
    units: tuple[tuple[int, str, str], ...]  # (unit id, the name as written, role) in written order

    @classmethod
    def of_record(
        cls, record: ProgressRecord, leader_ids: Mapping[str, int], unit_ids: Mapping[str, int]
    ) -> "ReportState":
        return cls(
            leader_id=leader_ids.get(record.leader),
            deadline=record.deadline,
            progress=record.progress,
            progress_shared=record.progress_shared,
            status=record.status_code,
            status_as_written=record.status,
            extras_json=_extras_json(record.extras),
            units=tuple((unit_ids[name], name, role) for name, role in record.unit_roles()),
        )

    @classmethod
    def of_row(cls, row: dict, units: tuple[tuple[int, str, str], ...]) -> "ReportState":
        """From a report's values of _COMPARED_COLUMNS."""
        return cls(
            leader_id=row["leader"],
            deadline=row["deadline"],
            progress=row["progress"],
            progress_shared=row["progress_shared"],
            status=row["status"],
            status_as_written=row["status_as_written"],
            extras_json=_extras_json(row["extras"]),
            units=units,
        )


@dataclass(frozen=True, slots=True)
class TargetState:
    """What an import compares between a target's first row in the file and the stored target."""

    content: str
    deadline: str
    due_date: date | None
    ongoing: bool

    @classmethod
    def of_record(cls, record: ProgressRecord, year: int) -> "TargetState":
        deadline = parse_deadline(record.deadline, year)
        return cls(record.content, record.deadline, deadline.due, deadline.ongoing)

    def values(self, database: BaseDatabaseWrapper) -> list:
        """The values of _TARGET_COLUMNS as the database takes them."""
        return [self.content, self.deadline, database.ops.adapt_datefield_value(self.due_date), self.ongoing]


# One encoder for all rows: json.dumps with options builds a new one per call.
_EXTRAS_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def _extras_json(extras: dict[str, str]) -> str:
    return _EXTRAS_ENCODER.encode(extras)


class ProgressSaver:
    def __init__(
        self, table: ProgressTable, period: Period, organisation: Organisation, *, sha256: str, imported_by: str
    ):
        self.table = table
        self.period = period
        self.organisation = organisation
        self.sha256 = sha256
        self.imported_by = imported_by
        self.summary = ImportSummary(table.file_name, period.code)
        self.unit_warnings: list[str] = []
        self.batch: ImportBatch | None = None
        self.leader_ids: dict[str, int] = {}
        self.unit_ids: dict[str, int] = {}
        self.changed_targets: set[int] = set()
        self.seen_targets: set[int] = set()
        self.listed_numbers: set[int] = set()
        self.cut_off: list[int] = []
        # The database itself, not django.db.connection: each look-up through that proxy goes
        # through a context-local, which cost 0.3 s of the import benchmark's 9.
        self.database = connections[DEFAULT_DB_ALIAS]

    def save(self, records: list[ProgressRecord], publish: bool) -> ImportSummary:
        self.period_row = self.get_period(publish)
        # seq → (id, digest of the stored state), kept small for large files
        self.targets = {
            seq: (pk, _digest(TargetState(*values)))
            for seq, pk, *values in self.year_targets().values_list("seq", "id", *_TARGET_COLUMNS)
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
                **counts, removed_count=s.removed, warnings=s.warnings, notes=self.table.notes, **self.extent()
            )
            s.batch_id = self.batch.pk
        return s

    def extent(self) -> dict:
        """What the table covers, as the batch keeps it (importers.table_extent)."""
        return {
            "headers": self.table.headers,
            "stated_total": stated_total([self.table.title, *self.table.notes]),
            "numbers": number_ranges(self.listed_numbers),
            "cut_off": self.cut_off,
        }

    @staticmethod
    def delete_reports(ids: list[int]) -> None:
        """Reports the file no longer has, with their units and pace, in three statements."""
        for model in (ReportUnit, ReportPace):
            delete_rows(model.objects.filter(report_id__in=ids))
        delete_rows(ProgressReport.objects.filter(pk__in=ids))

    def year_targets(self):
        return Target.objects.of(self.organisation).filter(year=self.period.year)

    def get_period(self, publish: bool) -> ReportingPeriod:
        period, _ = ReportingPeriod.objects.get_or_create(
            organisation=self.organisation,
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
                organisation=self.organisation,
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
            self.listed_numbers.add(record.seq)
            if record.cut_off:
                self.cut_off.append(record.seq)
            state = ReportState.of_record(record, self.leader_ids, self.unit_ids)
            stored = self.stored.pop((record.seq, record.position), None)
            if stored is None:
                new.append((record, state))
            elif stored[1] != _digest(state) or record.seq in self.changed_targets:
                updated.append((record, state, stored[0]))
            else:
                self.summary.unchanged += 1
        self.summary.new += len(new)
        self.summary.updated += len(updated)
        if new or updated or self.changed_targets:
            self.ensure_batch()
        self.insert_reports(new)
        self.update_reports(updated)

    def stored_reports(self) -> dict[tuple[int, int], tuple[int, bytes]]:
        """(seq, position) → (id, digest of the stored state) of the period's reports."""
        units: dict[int, list] = {}
        for report_id, *unit in (
            ReportUnit.objects.filter(report__period=self.period_row)
            .order_by("report_id", "position")
            .values_list("report_id", "unit_id", "as_written", "role")
        ):
            units.setdefault(report_id, []).append(tuple(unit))
        stored = {}
        for row in (
            ProgressReport.objects.filter(period=self.period_row)
            .order_by()
            .values("id", "target__seq", "position", *_COMPARED_COLUMNS)
        ):
            state = ReportState.of_row(row, tuple(units.pop(row["id"], ())))
            stored[(row["target__seq"], row["position"])] = (row["id"], _digest(state))
        return stored

    def resolve_leaders(self, records: list[ProgressRecord]) -> None:
        names = {record.leader for record in records if record.leader} - self.leader_ids.keys()
        if not names:
            return
        leaders = Leader.objects.of(self.organisation)
        found = dict(leaders.filter(name__in=names).values_list("name", "pk"))
        Leader.objects.bulk_create(
            [Leader(organisation=self.organisation, name=name) for name in sorted(names - found.keys())]
        )
        self.leader_ids.update(leaders.filter(name__in=names).values_list("name", "pk"))

    def resolve_units(self, records: list[ProgressRecord]) -> None:
        where_of: dict[str, str] = {}
        for record in records:
            for name in record.all_units:
                if name not in self.unit_ids:
                    where_of.setdefault(name, record.where)
        ids, warnings = resolve_unit_spellings(self.organisation, where_of)
        self.unit_ids.update(ids)
        self.unit_warnings += warnings

    def resolve_targets(self, records: list[ProgressRecord]) -> None:
        """Create or update each target at its first row in this file."""
        year = self.period.year
        new: dict[int, TargetState] = {}
        changed = []
        for record in records:
            if record.seq in self.seen_targets:
                continue
            self.seen_targets.add(record.seq)
            state = TargetState.of_record(record, year)
            stored = self.targets.get(record.seq)
            if stored is None:
                new[record.seq] = state
            elif stored[1] != _digest(state):
                changed.append([*state.values(self.database), stored[0]])
                self.changed_targets.add(record.seq)
        update_rows(Target, _TARGET_COLUMNS, changed)
        organisation_id = self.organisation.pk
        insert_rows(
            Target,
            ["organisation", "year", "seq", *_TARGET_COLUMNS],
            [[organisation_id, year, seq, *state.values(self.database)] for seq, state in new.items()],
        )
        if new:
            self.read_new_target_ids(set(new))

    def read_new_target_ids(self, seqs: set[int]) -> None:
        """The ids of the targets just inserted, read back in one query over their range of 序号."""
        in_range = self.year_targets().filter(seq__gte=min(seqs), seq__lte=max(seqs))
        for seq, pk in in_range.values_list("seq", "id"):
            if seq in seqs:
                self.targets[seq] = (pk, None)

    def report_row(self, record: ProgressRecord, state: ReportState) -> list:
        """The values of _REPORT_COLUMNS as the database takes them."""
        return [
            self.targets[record.seq][0],
            self.period_row.pk,
            record.position,
            state.leader_id,
            state.deadline,
            state.progress,
            state.progress_shared,
            state.status,
            state.status_as_written,
            _EXTRAS.get_db_prep_save(record.extras, self.database),
            self.table.file_name,
            record.where,
            self.batch.pk,
        ]

    def insert_reports(self, items: list[tuple[ProgressRecord, ReportState]]) -> None:
        if not items:
            return
        insert_rows(ProgressReport, _REPORT_COLUMNS, [self.report_row(record, state) for record, state in items])
        ids = {
            (target_id, position): pk
            # Unordered: the model's order joins periods and targets to sort rows read into a dict
            # (seen taking 11 s a chunk on PostgreSQL in a 100,000-row import, the tables new).
            for target_id, position, pk in ProgressReport.objects.filter(batch=self.batch, pk__gt=self.last_report_id)
            .order_by()
            .values_list("target_id", "position", "id")
        }
        self.last_report_id = max(ids.values())
        self.insert_units((ids[(self.targets[record.seq][0], record.position)], state) for record, state in items)

    def update_reports(self, items: list[tuple[ProgressRecord, ReportState, int]]) -> None:
        if not items:
            return
        update_rows(ProgressReport, _REPORT_COLUMNS, [[*self.report_row(r, state), pk] for r, state, pk in items])
        # The units are written again. Not with the ORM's delete(): it loads each row and its
        # signal raises the data version once per row, which made re-importing a changed file
        # of 20,000 rows take 10 to 14 s instead of 3.
        for ids in _chunks((pk for _, _, pk in items), IDS_PER_QUERY):
            delete_rows(ReportUnit.objects.filter(report_id__in=ids))
        self.insert_units((pk, state) for _, state, pk in items)

    @staticmethod
    def insert_units(reports: Iterable[tuple[int, ReportState]]) -> None:
        rows = [
            (report_id, unit_id, position, as_written, role)
            for report_id, state in reports
            for position, (unit_id, as_written, role) in enumerate(state.units)
        ]
        insert_rows(ReportUnit, ["report", "unit", "position", "as_written", "role"], rows)


# The columns a report's state is read from (ReportState.of_row).
_COMPARED_COLUMNS = ["leader", "deadline", "progress", "progress_shared", "status", "status_as_written", "extras"]
_REPORT_COLUMNS = ["target", "period", "position", *_COMPARED_COLUMNS, "source_file", "source_line", "batch"]
# A target's columns are its state's fields, in their order.
_TARGET_COLUMNS = [state_field.name for state_field in fields(TargetState)]
_EXTRAS = ProgressReport._meta.get_field("extras")
