"""An organisation's data as it was, kept to be put back: what an upload's rollback restores.

A snapshot holds every row of the organisation's own tables (periods, targets, reports with
their units, pace and tallies, leaders, units and their other spellings, import batches, work
reports and task notices with their links), with their primary keys, so that putting it back
gives the very rows of before: the export of the data after a rollback is byte for byte the
export before the import. Two things stay out: the data version, which only ever rises (cached
pages are keyed on it; the restorer raises it), and the words of texts (TextWords), a cache of
a pure function shared by every organisation. The search index (ReportSearchText) is derived
from the rows kept: it stays out too, and is rebuilt after a restore (only the texts that differ
are cut again), which keeps the snapshot, held in memory whole, from growing by the words."""

import datetime
import decimal
import json
import zlib

from django.db import models

from targets.bulk import delete_rows, insert_values
from targets.models import (
    ImportBatch,
    Leader,
    NoticeSection,
    NoticeTask,
    OpenDataChunk,
    OpenDataFile,
    OpenDataRelease,
    Organisation,
    PeriodTally,
    ProgressReport,
    ReportFigure,
    ReportingPeriod,
    ReportPace,
    ReportSearchText,
    ReportSection,
    ReportSentence,
    ReportUnit,
    TableHeader,
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
from targets.search import refresh_organisation_index

# Each table of an organisation's data with the path from its rows to the organisation, rows
# that others point at first (restoring inserts in this order and deletes in the reverse).
SNAPSHOT_TABLES: tuple[tuple[type[models.Model], str], ...] = (
    (ReportingPeriod, "organisation"),
    (Leader, "organisation"),
    (Unit, "organisation"),
    (UnitAlias, "organisation"),
    (TableHeader, "organisation"),
    (Target, "organisation"),
    (ImportBatch, "organisation"),
    (ProgressReport, "period__organisation"),
    (ReportUnit, "report__period__organisation"),
    (ReportPace, "report__period__organisation"),
    (PeriodTally, "period__organisation"),
    (TargetYearLink, "earlier__organisation"),
    (WorkReport, "organisation"),
    (ReportSection, "report__organisation"),
    (ReportSentence, "report__organisation"),
    (ReportFigure, "report__organisation"),
    (TargetSource, "target__organisation"),
    (TaskNotice, "organisation"),
    (NoticeSection, "notice__organisation"),
    (NoticeTask, "notice__organisation"),
    (TaskUnit, "task__notice__organisation"),
    (TaskTarget, "task__notice__organisation"),
)
# The organisation's tables a snapshot leaves out, as derived from those above.
REBUILT_AFTER_RESTORE: tuple[type[models.Model], ...] = (
    ReportSearchText,
    OpenDataRelease,
    OpenDataFile,
    OpenDataChunk,
)


class _ExactEncoder(json.JSONEncoder):
    """Dates and times in full (Django's encoder cuts microseconds to milliseconds)."""

    def default(self, value):
        if isinstance(value, datetime.date | datetime.time):
            return value.isoformat()
        if isinstance(value, decimal.Decimal):
            return str(value)
        return super().default(value)


def _rows_of(model: type[models.Model], path: str, organisation: Organisation) -> models.QuerySet:
    return model.objects.filter(**{path: organisation})


def _columns(model: type[models.Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


def take_snapshot(organisation: Organisation) -> bytes:
    """Every row of the organisation's tables, compressed (call it inside the transaction that
    is about to write, so that no other write falls between)."""
    tables = {}
    for model, path in SNAPSHOT_TABLES:
        columns = _columns(model)
        rows = _rows_of(model, path, organisation).order_by("pk").values_list(*columns)
        tables[model._meta.label] = {"columns": columns, "rows": list(rows)}
    text = json.dumps(tables, cls=_ExactEncoder, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), 6)


def restore_snapshot(organisation: Organisation, snapshot: bytes) -> None:
    """Put the organisation's tables back as the snapshot holds them: every row it has now is
    deleted and the snapshot's rows are inserted with their keys. Call it inside a transaction
    (the foreign keys are checked at its end) and raise the data version after."""
    tables = json.loads(zlib.decompress(snapshot))
    for model, path in reversed(SNAPSHOT_TABLES):
        delete_rows(_rows_of(model, path, organisation))
    for model, _path in SNAPSHOT_TABLES:
        kept = tables[model._meta.label]
        fields = [model._meta.get_field(column) for column in kept["columns"]]
        # JSON gave dates, times and decimals back as text; each field reads its own.
        rows = [[field.to_python(value) for field, value in zip(fields, row, strict=True)] for row in kept["rows"]]
        names = [field.name for field in fields]
        insert_values(model, names, rows)
    refresh_organisation_index(organisation)
