"""The open data: an organisation's whole published data set as files, built after its data
changes (targets.cache queues a build once a write commits; `manage.py build_open_data`), never
per request, and stored in the database (targets.models.OpenDataRelease), where every app
server reads the same ones.

A build writes, in a folder of its own: the JSON (the shape of `export_data`, published periods
only, without what the public never sees), one CSV per table and a SQLite file with the same
tables (targets.open_data_tables), then a Frictionless data package (`datapackage.json`) that
describes them with their sizes and SHA-256 checksums. Rows stream from the database into the
files; the files go into the database a chunk at a time, in one transaction, so a reader sees
the whole new build or the whole old one.
"""

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import IO

from django.db import reset_queries, transaction
from django.utils import timezone

from heze_targets.release import release
from targets.cache import data_version
from targets.csv_cells import SpreadsheetSafeWriter
from targets.export import (
    document_records,
    export_reports,
    exported_targets,
    period_record,
    target_record,
    unit_records,
)
from targets.models import ImportBatch, OpenDataChunk, OpenDataFile, OpenDataRelease, Organisation, Target
from targets.open_data_tables import (
    TABLES,
    THE_PUBLIC,
    Table,
    published_periods,
    published_reports,
    published_units,
)

# The bytes of a file a database row holds: storing and serving read no more at a time.
CHUNK_BYTES = 1 << 20
# Targets (with their reports) read from the database at a time for the JSON.
TARGETS_AT_A_TIME = 500
# Builds kept: the newest, which is served, and the one before, for downloads already under way.
KEPT = 2
PACKAGE = "datapackage.json"
# What the export holds that the public never sees: source file names and lines, review flags.
PRIVATE_KEYS = frozenset({"file_name", "source", "needs_review"})
# The licence of the data: the government's open data may be reused by anyone who names it.
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
SQL_TYPES = {"integer": "INTEGER", "number": "REAL", "boolean": "INTEGER"}  # the rest: TEXT
# What the two files that hold everything are, in the data package.
JSON_DESCRIPTION = (
    "Everything published, in the shape of `manage.py export_data` (periods, units, targets with their "
    "reports and links across years, work reports, key-task notices), without source files and review flags."
)
SQLITE_DESCRIPTION = "Every table of this package in one SQLite database, one table per CSV file, with keys."


@dataclass(frozen=True)
class Written:
    """A file of the build, written in its folder."""

    path: Path
    resource: str  # its name in the data package
    format: str
    media_type: str
    description: str  # the data package's, in English


def latest_release(organisation: Organisation) -> OpenDataRelease | None:
    return OpenDataRelease.objects.of(organisation).newest_first().first()


def is_current(built: OpenDataRelease | None, version: int) -> bool:
    return built is not None and built.data_version >= version and built.code_release == release()


def build(organisation: Organisation) -> OpenDataRelease | None:
    """Build and store the organisation's files; None when the newest build is current."""
    # Read before any data: a write that commits during the build leaves this build older
    # than the current version, and that write's own build follows.
    version = data_version(organisation)
    if is_current(latest_release(organisation), version):
        return None
    periods = list(published_periods(organisation))
    with TemporaryDirectory(prefix="open-data-") as folder:
        files = write_files(Path(folder), organisation)
        return store(organisation, version, periods, files, Path(folder))


def write_files(folder: Path, organisation: Organisation) -> list[Written]:
    stem = organisation.code
    everything = folder / f"{stem}.json"
    with everything.open("w", encoding="utf-8") as out:
        write_json(out, organisation)
    database, tables = folder / f"{stem}.sqlite3", []
    with closing(sqlite3.connect(database)) as db:
        for table in TABLES:
            tables.append(write_table(folder / f"{stem}-{table.name}.csv", db, table, organisation))
            db.commit()
    return [
        Written(everything, "everything", "json", "application/json", JSON_DESCRIPTION),
        Written(database, "database", "sqlite", "application/vnd.sqlite3", SQLITE_DESCRIPTION),
        *tables,
    ]


def write_json(out: IO[str], organisation: Organisation) -> None:
    """The published data set as one JSON object, a record a line: targets are read a few
    hundred at a time, never all at once."""
    reports = export_reports(organisation, reports=published_reports(organisation))
    periods = list(published_periods(organisation))
    batches = ImportBatch.objects.latest_by_period(periods)
    targets = exported_targets(organisation, reports, linkable=Target.objects.visible_to(THE_PUBLIC))
    sections = {
        "organisation": {"code": organisation.code, "name": organisation.name},
        "periods": (period_record(period, batches.get(period.pk)) for period in periods),
        "units": unit_records(organisation, published_units(organisation)),
        "targets": map(target_record, targets.iterator(TARGETS_AT_A_TIME)),
        **document_records(organisation),
    }
    out.write("{")
    for index, (key, value) in enumerate(sections.items()):
        out.write(f"{',' if index else ''}\n{json.dumps(key)}: ")
        if isinstance(value, dict):
            out.write(json.dumps(value, ensure_ascii=False))
        else:
            _write_array(out, value)
    out.write("\n}\n")


def _write_array(out: IO[str], records: Iterable) -> None:
    out.write("[")
    for index, record in enumerate(records):
        out.write(f"{',' if index else ''}\n{json.dumps(without_private(record), ensure_ascii=False)}")
    out.write("\n]")


def without_private(value):
    """`value` (an export record) without the keys the public never sees, at any depth."""
    if isinstance(value, dict):
        return {key: without_private(item) for key, item in value.items() if key not in PRIVATE_KEYS}
    if isinstance(value, list):
        return [without_private(item) for item in value]
    return value


def write_table(path: Path, db: sqlite3.Connection, table: Table, organisation: Organisation) -> Written:
    """The table's rows into its CSV file (UTF-8 with BOM, every cell formula-neutralised) and
    into the SQLite file, in one pass over the database."""
    db.execute(create_statement(table))
    insert = f'INSERT INTO "{table.name}" VALUES ({", ".join("?" for _field in table.fields)})'
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = SpreadsheetSafeWriter(out)
        writer.writerow([field.name for field in table.fields])
        for rows in batches(table.rows(organisation), 1000):
            writer.writerows(rows)
            db.executemany(insert, rows)
    return Written(path, table.name, "csv", "text/csv", table.description)


def create_statement(table: Table) -> str:
    columns = [f'"{field.name}" {SQL_TYPES.get(field.type, "TEXT")}' for field in table.fields]
    columns.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    for fields, referenced, keys in table.foreign_keys:
        columns.append(f'FOREIGN KEY ({", ".join(fields)}) REFERENCES "{referenced}" ({", ".join(keys)})')
    return f'CREATE TABLE "{table.name}" ({", ".join(columns)})'


def batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while batch := list(islice(rows, size)):
        yield batch


def store(
    organisation: Organisation, version: int, periods: list, files: list[Written], folder: Path
) -> OpenDataRelease:
    """The build and its files (then their data package) into the database in one transaction,
    which also drops the builds older than the one before."""
    with transaction.atomic():
        built = OpenDataRelease.objects.create(
            organisation=organisation,
            data_version=version,
            code_release=release(),
            built_at=timezone.now(),
            first_period=periods[0].code if periods else "",
            last_period=periods[-1].code if periods else "",
        )
        stored = [store_file(built, written) for written in files]
        package = folder / PACKAGE
        described = data_package(organisation, built, periods, zip(files, stored, strict=True))
        package.write_text(json.dumps(described, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        store_file(built, Written(package, "datapackage", "json", "application/json", ""))
        drop_old_releases(organisation)
    return built


def store_file(built: OpenDataRelease, written: Written) -> OpenDataFile:
    with written.path.open("rb") as source:
        sha256 = hashlib.file_digest(source, "sha256").hexdigest()
        stored = OpenDataFile.objects.create(
            release=built,
            name=written.path.name,
            resource=written.resource,
            media_type=written.media_type,
            size=written.path.stat().st_size,
            sha256=sha256,
        )
        source.seek(0)
        for index, piece in enumerate(iter(lambda: source.read(CHUNK_BYTES), b"")):
            OpenDataChunk.objects.create(file=stored, index=index, content=piece)
            # With DEBUG on, the log of queries would keep each chunk as text, twice its size.
            reset_queries()
    return stored


def drop_old_releases(organisation: Organisation) -> None:
    releases = OpenDataRelease.objects.of(organisation)
    old = releases.exclude(pk__in=list(releases.newest_first().values_list("pk", flat=True)[:KEPT]))
    # Their chunks first, read without their bytes: deleting the builds would cascade to the
    # chunks read whole (a delete's receivers get whole rows).
    OpenDataChunk.objects.filter(file__release__in=old).only("pk").delete()
    old.delete()


def data_package(organisation: Organisation, built: OpenDataRelease, periods: list, files: Iterable) -> dict:
    """The Frictionless data package of a build: its files (paths relative to the package's own
    address, which is beside them), their sizes, checksums and fields, the licence and the
    periods covered."""
    described = {
        "name": f"{organisation.code}-responsibility-targets",
        "title": f"{organisation.name}: responsibility targets (责任目标) and their progress, published periods",
        "description": (
            "The targets the government sets itself each year, and the progress reported on them in each "
            "published period, with the pace measured from the texts. Drafts are left out."
        ),
        "version": str(built.data_version),
        "created": built.built_at.isoformat(),
        "licenses": [LICENCE],
        "sources": [{"title": f"{organisation.name}: progress tables (工作推进情况一览表) as published"}],
        "resources": [resource(written, stored) for written, stored in files],
    }
    if periods:  # the as-of dates of the first and last published periods
        first, last = periods[0], periods[-1]
        coverage = {"start": first.as_of.isoformat(), "end": last.as_of.isoformat()}
        described["temporalCoverage"] = coverage | {"firstPeriod": first.code, "lastPeriod": last.code}
    return described


def resource(written: Written, stored: OpenDataFile) -> dict:
    described = {
        "name": written.resource,
        "path": stored.name,
        "description": written.description,
        "format": written.format,
        "mediatype": stored.media_type,
        "bytes": stored.size,
        "hash": f"sha256:{stored.sha256}",
    }
    table = next((table for table in TABLES if table.name == written.resource), None)
    return described | ({"encoding": "utf-8", "schema": table.schema()} if table else {})


def published_file(organisation: Organisation, name: str) -> OpenDataFile | None:
    """The file of the organisation's newest build named `name`, in one query."""
    newest = OpenDataRelease.objects.of(organisation).newest_first().values("pk")[:1]
    return OpenDataFile.objects.filter(release__in=newest, name=name).first()


def file_chunks(stored: OpenDataFile) -> Iterator[bytes]:
    """The file's bytes a chunk at a time, one query each; a file whose build was dropped
    meanwhile ends short (its Content-Length tells the reader)."""
    for index in range(-(-stored.size // CHUNK_BYTES)):
        content = OpenDataChunk.objects.filter(file=stored, index=index).values_list("content", flat=True).first()
        if content is None:
            return
        yield bytes(content)
