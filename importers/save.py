"""Saving a parsed progress table into the models: the one step of importers/ that knows Django.

The save is atomic and idempotent: the rows of the period are compared with what is
stored, and only what differs is written. A file that changes nothing records no batch.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from importers.deadlines import parse_deadline
from importers.errors import SourceError
from importers.periods import Period, parse_period_code
from importers.progress_table import ProgressRecord, ProgressTable, parse_progress_table
from importers.statuses import UNREPORTED, status_code
from targets.models import (
    ImportBatch,
    Leader,
    ProgressReport,
    ReportingPeriod,
    ReportUnit,
    Target,
    Unit,
    UnitAlias,
)

_REPORT_FIELDS = [
    "target",
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

    def line(self) -> str:
        batch = (
            "dry run, nothing written"
            if self.dry_run
            else (f"batch #{self.batch_id}" if self.batch_id else "no change")
        )
        return (
            f"{self.file_name} → {self.period_code}: {self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged, {self.removed} removed, {len(self.warnings)} warnings ({batch})"
        )


def known_unit_spellings() -> set[str]:
    return set(UnitAlias.objects.values_list("spelling", flat=True)) | set(Unit.objects.values_list("name", flat=True))


def save_progress_table(
    table: ProgressTable,
    period: Period,
    *,
    sha256: str,
    imported_by: str = "",
    publish: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    with transaction.atomic():
        summary = _Saver(table, period).save(sha256, imported_by, publish)
        if dry_run:
            summary.dry_run, summary.batch_id = True, None
            transaction.set_rollback(True)
    return summary


class _Saver:
    def __init__(self, table: ProgressTable, period: Period):
        self.table = table
        self.period = period
        self.summary = ImportSummary(table.file_name, period.code, warnings=list(table.warnings))

    def save(self, sha256: str, imported_by: str, publish: bool) -> ImportSummary:
        period = self.period_row(publish)
        leader_ids = self.leader_ids()
        unit_ids = self.unit_ids()
        targets, changed_targets = self.targets()
        stored = self.stored_reports(period)
        wanted = {}
        for record in self.table.records:
            target = targets[record.seq]
            units = tuple((unit_ids[name], name) for name in record.units)
            wanted[(record.seq, record.position)] = (record, target, self.report_state(record, leader_ids, units))

        # Unchanged rows keep the batch and source line they were first read from.
        new, updated, unchanged = [], [], 0
        for key, (record, target, state) in wanted.items():
            old = stored.pop(key, None)
            if old is None:
                new.append((record, target, state))
            elif old["state"] != state or target.seq in changed_targets:
                updated.append((record, target, state, old["id"]))
            else:
                unchanged += 1
        s = self.summary
        s.new, s.updated, s.unchanged, s.removed = len(new), len(updated), unchanged, len(stored)
        if not (new or updated or stored or changed_targets):
            return s

        batch = ImportBatch.objects.create(
            file_name=self.table.file_name,
            sha256=sha256,
            period=period,
            title=self.table.title,
            notes=self.table.notes,
            imported_by=imported_by,
            new_count=s.new,
            updated_count=s.updated,
            unchanged_count=s.unchanged,
            removed_count=s.removed,
            warnings=s.warnings,
        )
        s.batch_id = batch.pk
        Target.objects.bulk_update(
            [targets[seq] for seq in changed_targets if targets[seq].pk], ["content", "deadline", "due_date", "ongoing"]
        )
        ProgressReport.objects.filter(pk__in=[old["id"] for old in stored.values()]).delete()
        fresh = [self.build_report(period, batch, *item) for item in new]
        ProgressReport.objects.bulk_create(fresh, batch_size=2000)
        changed = [self.build_report(period, batch, *item) for item in updated]
        ProgressReport.objects.bulk_update(changed, _REPORT_FIELDS, batch_size=2000)
        ReportUnit.objects.filter(report__in=changed).delete()
        ReportUnit.objects.bulk_create(
            [
                ReportUnit(report=report, unit_id=unit_id, position=position, as_written=as_written)
                for report, (_, _, state, *_) in zip(fresh + changed, new + updated, strict=True)
                for position, (unit_id, as_written) in enumerate(state[7])
            ],
            batch_size=5000,
        )
        return s

    def period_row(self, publish: bool) -> ReportingPeriod:
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

    def leader_ids(self) -> dict[str, int]:
        names = {record.leader for record in self.table.records if record.leader}
        known = dict(Leader.objects.filter(name__in=names).values_list("name", "pk"))
        Leader.objects.bulk_create([Leader(name=name) for name in sorted(names - known.keys())])
        return dict(Leader.objects.filter(name__in=names).values_list("name", "pk"))

    def unit_ids(self) -> dict[str, int]:
        spellings = {name for record in self.table.records for name in record.units}
        ids = dict(UnitAlias.objects.filter(spelling__in=spellings).values_list("spelling", "unit_id"))
        ids.update(Unit.objects.filter(name__in=spellings - ids.keys()).values_list("name", "pk"))
        unknown = sorted(spellings - ids.keys())
        if unknown:
            Unit.objects.bulk_create([Unit(name=name, needs_review=True) for name in unknown])
            ids.update(Unit.objects.filter(name__in=unknown).values_list("name", "pk"))
            first_seen = {}
            for record in self.table.records:
                for name in record.units:
                    first_seen.setdefault(name, record.where)
            self.summary.warnings += [
                f"{first_seen[name]}: new unit {name!r} created and marked for review" for name in unknown
            ]
        return ids

    def targets(self) -> tuple[dict[int, Target], set[int]]:
        year = self.period.year
        firsts: dict[int, ProgressRecord] = {}
        for record in self.table.records:
            firsts.setdefault(record.seq, record)
        targets = {target.seq: target for target in Target.objects.filter(year=year, seq__in=firsts)}
        changed = set()
        for seq, record in firsts.items():
            deadline = parse_deadline(record.deadline, year)
            fields = {
                "content": record.content,
                "deadline": record.deadline,
                "due_date": deadline.due,
                "ongoing": deadline.ongoing,
            }
            target = targets.get(seq)
            if target is None:
                targets[seq] = Target(year=year, seq=seq, **fields)
            elif any(getattr(target, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(target, name, value)
                changed.add(seq)
        Target.objects.bulk_create([target for target in targets.values() if target.pk is None])
        missing = [seq for seq, target in targets.items() if target.pk is None]
        if missing:
            # Databases that do not return keys from bulk_create: read them back.
            for target in Target.objects.filter(year=year, seq__in=missing):
                targets[target.seq] = target
        return targets, changed

    @staticmethod
    def report_state(record: ProgressRecord, leader_ids: dict[str, int], units: tuple) -> tuple:
        return (
            leader_ids.get(record.leader),
            record.deadline,
            record.progress,
            record.progress_shared,
            status_code(record.status) or UNREPORTED,
            record.status,
            tuple(sorted(record.extras.items())),
            units,
        )

    @staticmethod
    def stored_reports(period: ReportingPeriod) -> dict[tuple[int, int], dict]:
        units: dict[int, list] = {}
        for report_id, unit_id, as_written in (
            ReportUnit.objects.filter(report__period=period)
            .order_by("report_id", "position")
            .values_list("report_id", "unit_id", "as_written")
        ):
            units.setdefault(report_id, []).append((unit_id, as_written))
        stored = {}
        for row in ProgressReport.objects.filter(period=period).values(
            "id",
            "target__seq",
            "position",
            "leader_id",
            "deadline",
            "progress",
            "progress_shared",
            "status",
            "status_as_written",
            "extras",
        ):
            state = (
                row["leader_id"],
                row["deadline"],
                row["progress"],
                row["progress_shared"],
                row["status"],
                row["status_as_written"],
                tuple(sorted(row["extras"].items())),
                tuple(units.get(row["id"], ())),
            )
            stored[(row["target__seq"], row["position"])] = {"id": row["id"], "state": state}
        return stored

    def build_report(self, period, batch, record: ProgressRecord, target: Target, state: tuple, pk=None):
        return ProgressReport(
            pk=pk,
            target=target,
            period=period,
            position=record.position,
            leader_id=state[0],
            deadline=record.deadline,
            progress=record.progress,
            progress_shared=record.progress_shared,
            status=state[4],
            status_as_written=record.status,
            extras=record.extras,
            source_file=self.table.file_name,
            source_line=record.where,
            batch=batch,
        )


def import_progress_file(
    path: Path,
    *,
    period_code: str | None = None,
    imported_by: str = "",
    publish: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Read, check and save one progress-table file; a SourceError leaves the database untouched."""
    if not path.is_file():
        raise SourceError(path.name, f"no such file: {path}")
    table = parse_progress_table(path, known_unit_spellings())
    if period_code:
        try:
            period = parse_period_code(period_code)
        except ValueError as error:
            raise SourceError(path.name, str(error)) from None
    elif table.period:
        period = table.period
    else:
        raise SourceError(path.name, "no reporting period in the title line (e.g. …2023年…上半年…); give --period CODE")
    sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
    return save_progress_table(table, period, sha256=sha256, imported_by=imported_by, publish=publish, dry_run=dry_run)
