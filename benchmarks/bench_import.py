"""Import speed and memory on a synthetic progress table in the seeds' format, and on the same
table as offices send it: an .xlsx with 序号 and the target merged down over a target's rows,
and a Word (.docx) table.

    python benchmarks/bench_import.py [--rows 100000]

Each phase runs in a fresh process on a fresh SQLite file (a copy of one migrated database), so
peak memory is its own:
  import  the whole `import_progress_file` (read, parse, resolve, save), for each format;
  floor   one bulk_create of the same already-parsed rows (targets, reports, units),
          the least any importer must spend writing them.
  analyse the pace analysis (targets.measuring) that an import runs after saving, on its own.
  read    reading the .xlsx with merged ranges: python-calamine (importers.workbooks), and
          openpyxl in the mode that gives merged ranges (not read-only), for comparison.
It prints rows/s, the ratio of import to floor time, the analysis rate, and peak memory at
the full size and at a tenth of it.
"""

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEADERS = ["李春英", "聂元科", "王昌华", "曹 临", "张鹏", "肖友华", "刘连栋", "姜凌刚"]
UNITS = [
    "市发展改革委",
    "市财政局",
    "市工信局",
    "市人社局",
    "市交通运输局",
    "菏泽鲁西新区 管委会",
    "市教育局",
    "各县区人民政府",
]
HEADER = "序号\t市政府领导\t责任目标内容\t完成时限\t推进情况\t是否按计划完成进度\t责任单位"
ROWS_PER_PAGE = 25


TITLE = "菏泽市人民政府 2030 年经济社会发展责任目标上半年工作推进情况一览表"
FORMATS = ("txt", "xlsx", "docx")
TEMPLATE_DATABASE = "migrated.sqlite3"


def table_rows(rows: int) -> list[tuple[bool, list]]:
    """`rows` report rows as (continues the target above, cells); every fifth target has a
    continuation row, which has no 序号 and no content of its own."""
    rng = random.Random(2023)
    table, seq = [], 0
    for row in range(rows):
        continuation = bool(seq % 5 == 0 and seq and row % 2 == 1)
        if not continuation:
            seq += 1
        units = " ".join(rng.sample(UNITS, rng.randint(1, 3)))
        content = f"新建并开通 5G 基站 {rng.randint(100, 3000)} 个以上，持续推进第{seq}项重点工作"
        progress = f"<b>进展：</b>上半年完成 {rng.randint(1, 999)} 个，完成年度目标的 {rng.randint(1, 99)}%。" * 3
        status = rng.choice("是是是是否")
        table.append((continuation, [seq, rng.choice(LEADERS), content, "年底", progress, status, units]))
    return table


def write_table(path: Path, rows: int) -> None:
    """The seeds' text format: the header repeated at each page, continuation rows without 序号."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f"{TITLE}\n\n")
        for row, (continuation, cells) in enumerate(table_rows(rows)):
            if row % ROWS_PER_PAGE == 0:
                out.write(f"\n{HEADER}\n")
            if continuation:
                cells[0] = cells[2] = ""
            out.write("\t".join(map(str, cells)) + "\n")


def write_workbook(path: Path, rows: int) -> None:
    """An .xlsx as offices make it: the title merged across, one header, 序号 and the target
    merged down over a target's rows, 序号 as numbers. Written in openpyxl's write-only mode, the
    merged ranges added to its set directly (merge_cells() checks each against all the others:
    quadratic, many minutes for 100,000 rows)."""
    import openpyxl
    from openpyxl.worksheet.cell_range import CellRange

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("一览表")
    sheet.append([TITLE])
    sheet.merged_cells.ranges.add(CellRange("A1:G1"))
    sheet.append(HEADER.split("\t"))
    for number, (continuation, cells) in enumerate(table_rows(rows), start=3):
        sheet.append([None, cells[1], None, *cells[3:]] if continuation else cells)
        if continuation:
            sheet.merged_cells.ranges.add(CellRange(f"A{number - 1}:A{number}"))
            sheet.merged_cells.ranges.add(CellRange(f"C{number - 1}:C{number}"))
    workbook.save(path)


def write_word(path: Path, rows: int) -> None:
    """A Word document: the title paragraph and one table, 序号 and the target merged down."""
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    from docx.oxml.simpletypes import ST_Merge

    lines = table_rows(rows)
    table = document.add_table(rows=len(lines) + 1, cols=7)
    rows_xml = table._tbl.tr_lst
    for cell, text in zip(table.rows[0].cells, HEADER.split("\t"), strict=True):
        cell.text = text
    for tr, (continuation, cells) in zip(rows_xml[1:], lines, strict=True):
        for column, (tc, text) in enumerate(zip(tr.tc_lst, cells, strict=True)):
            if not (continuation and column in (0, 2)):  # 序号 and the target: merged from above
                tc.p_lst[0].add_r().text = str(text)
    # Merged down as Word writes it (python-docx's merge() searches the table: quadratic).
    for above, tr, (continuation, _) in zip(rows_xml, rows_xml[1:], lines, strict=False):
        for column in (0, 2) if continuation else ():
            above.tc_lst[column].vMerge, tr.tc_lst[column].vMerge = ST_Merge.RESTART, ST_Merge.CONTINUE
    document.save(path)


WRITERS = {"txt": write_table, "xlsx": write_workbook, "docx": write_word}


def django_setup(database: Path) -> None:
    """Django on `database`, migrated (a copy of the migrated template when there is one: the
    migrations take seconds, the phases of a small run less)."""
    template = database.parent / TEMPLATE_DATABASE
    if template.exists():
        shutil.copyfile(template, database)
    os.environ["SQLITE_PATH"] = str(database)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heze_targets.settings")
    # Development settings (and their built-in key): the settings default to production.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def migrated_template(workdir: Path) -> None:
    """The database every phase starts from, migrated once (its connection closed, so that the
    file holds everything and no write-ahead log is left beside it)."""
    django_setup(workdir / f"building-{TEMPLATE_DATABASE}")
    from django.db import connections

    connections.close_all()
    (workdir / f"building-{TEMPLATE_DATABASE}").rename(workdir / TEMPLATE_DATABASE)


def phase_import(table: Path) -> float:
    from targets.imports import import_progress_file

    start = time.perf_counter()
    summary = import_progress_file(table, analyse=False)
    elapsed = time.perf_counter() - start
    assert summary.new > 0, summary.line()
    return elapsed


def phase_analyse(table: Path) -> float:
    """The pace analysis that an import runs after saving (issue 5), timed on its own."""
    from targets.imports import import_progress_file
    from targets.measuring import recompute_pace

    import_progress_file(table, analyse=False)
    start = time.perf_counter()
    measured = recompute_pace()
    assert measured > 0
    return time.perf_counter() - start


def phase_read(table: Path) -> float:
    """Reading the .xlsx with its merged ranges: python-calamine, as the importer does."""
    from importers.cells import read_rows

    start = time.perf_counter()
    assert sum(1 for _ in read_rows(table)) > 0
    return time.perf_counter() - start


def phase_read_openpyxl(table: Path) -> float:
    """The same with openpyxl, which gives merged ranges only outside its read-only mode."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(table, data_only=True)
    for sheet in workbook.worksheets:
        assert len(sheet.merged_cells.ranges) >= 0
        assert sum(1 for _ in sheet.iter_rows(values_only=True)) > 0
    return time.perf_counter() - start


def phase_floor(table: Path) -> float:
    from importers.progress_table import parse_progress_table
    from targets.models import (
        ImportBatch,
        Leader,
        Organisation,
        PeriodKind,
        ProgressReport,
        ReportingPeriod,
        ReportUnit,
        Status,
        Target,
        Unit,
    )
    from targets.unit_spellings import known_unit_spellings

    organisation = Organisation.objects.default()
    parsed = parse_progress_table(table, known_unit_spellings(organisation))
    period = ReportingPeriod.objects.create(
        organisation=organisation, year=2030, kind=PeriodKind.FIRST_HALF, code="2030-H1", label="x", as_of="2030-06-30"
    )
    batch = ImportBatch.objects.create(organisation=organisation, file_name=table.name, sha256="0" * 64, period=period)
    mine = {"organisation": organisation}
    leaders = {
        name: Leader.objects.get_or_create(**mine, name=name)[0].pk for name in {r.leader for r in parsed.records}
    }
    units = {name: Unit.objects.get_or_create(**mine, name=name)[0].pk for r in parsed.records for name in r.units}
    firsts = {}
    for record in parsed.records:
        firsts.setdefault(record.seq, record)

    start = time.perf_counter()
    targets = Target.objects.bulk_create(
        [Target(**mine, year=2030, seq=seq, content=r.content, deadline=r.deadline) for seq, r in firsts.items()]
    )
    target_ids = {target.seq: target.pk for target in targets}
    reports = ProgressReport.objects.bulk_create(
        [
            ProgressReport(
                target_id=target_ids[r.seq],
                period=period,
                position=r.position,
                leader_id=leaders[r.leader],
                deadline=r.deadline,
                progress=r.progress,
                status=Status.ON_TRACK,
                status_as_written=r.status,
                source_file=table.name,
                source_line=r.where,
                batch=batch,
            )
            for r in parsed.records
        ],
        batch_size=2000,
    )
    ReportUnit.objects.bulk_create(
        [
            ReportUnit(report=report, unit_id=units[name], position=i, as_written=name, role=role)
            for report, r in zip(reports, parsed.records, strict=True)
            for i, (name, role) in enumerate(r.unit_roles())
        ],
        batch_size=5000,
    )
    return time.perf_counter() - start


PHASES = {
    "import": phase_import,
    "floor": phase_floor,
    "analyse": phase_analyse,
    "read": phase_read,
    "read-openpyxl": phase_read_openpyxl,
}


def run_phase(phase: str, rows: int, workdir: Path, table_format: str = "txt") -> dict:
    """Run one phase in a fresh process and a fresh database; return its time and peak memory."""
    command = [sys.executable, __file__, "--phase", phase, "--rows", str(rows), "--workdir", str(workdir)]
    output = subprocess.run([*command, "--format", table_format], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(phase: str, rows: int, workdir: Path, table_format: str) -> None:
    table = workdir / f"table-{rows}.{table_format}"
    database = workdir / f"{phase}-{rows}.sqlite3"
    database.unlink(missing_ok=True)
    django_setup(database)
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = PHASES[phase](table)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "grown_mib": (peak_kib - baseline_kib) / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--phase", choices=list(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=FORMATS, default="txt", help=argparse.SUPPRESS)
    parser.add_argument("--write", choices=FORMATS[1:], help=argparse.SUPPRESS)
    parser.add_argument("--template", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.template:
        migrated_template(args.workdir)
        return
    if args.write:
        WRITERS[args.write](args.workdir / f"table-{args.rows}.{args.write}", args.rows)
        return
    if args.phase:
        child(args.phase, args.rows, args.workdir, args.format)
        return
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        workdir = Path(tmp)
        small = max(args.rows // 10, 1)
        for rows in (args.rows, small):
            write_table(workdir / f"table-{rows}.txt", rows)
        # In a process of their own: the peak memory of writing them (openpyxl and python-docx
        # hold a whole document) would otherwise be inherited by every phase's process.
        for table_format in FORMATS[1:]:
            subprocess.run(
                [sys.executable, __file__, "--write", table_format, "--rows", str(args.rows), "--workdir", tmp],
                check=True,
            )
        subprocess.run([sys.executable, __file__, "--template", "--workdir", tmp], check=True)
        size_mib = (workdir / f"table-{args.rows}.txt").stat().st_size / 2**20
        full = run_phase("import", args.rows, workdir)
        floor = run_phase("floor", args.rows, workdir)
        tenth = run_phase("import", small, workdir)
        analyse = run_phase("analyse", args.rows, workdir)
        formats = {name: run_phase("import", args.rows, workdir, name) for name in FORMATS[1:]}
        reads = {phase: run_phase(phase, args.rows, workdir, "xlsx") for phase in ("read", "read-openpyxl")}
    rate = args.rows / full["seconds"]
    print(f"rows: {args.rows:,} report rows ({size_mib:.1f} MiB of text), SQLite")
    print(f"import: {full['seconds']:.2f} s = {rate:,.0f} rows/s (goal ≥ 10,000)")
    print(f"floor (one bulk_create of the parsed rows): {floor['seconds']:.2f} s")
    print(f"ratio import/floor: {full['seconds'] / floor['seconds']:.2f} (goal < 3)")
    print(
        f"pace analysis after the import: {analyse['seconds']:.2f} s = {args.rows / analyse['seconds']:,.0f} reports/s"
    )
    print(
        f"memory grown during import: {full['grown_mib']:.0f} MiB for {args.rows:,} rows, "
        f"{tenth['grown_mib']:.0f} MiB for {small:,} rows (peak RSS {full['peak_mib']:.0f} MiB)"
    )
    for name, result in formats.items():
        goal = " (goal ≥ 5,000)" if name == "xlsx" else ""
        print(
            f"import of the same table as .{name}: {result['seconds']:.2f} s = {args.rows / result['seconds']:,.0f} "
            f"rows/s{goal}, {result['seconds'] / full['seconds']:.2f}× the text's time; peak RSS {result['peak_mib']:.0f} MiB"
        )
    calamine, openpyxl = reads["read"], reads["read-openpyxl"]
    print(
        f"reading the .xlsx with its merged ranges: python-calamine {calamine['seconds']:.2f} s "
        f"(peak {calamine['peak_mib']:.0f} MiB), openpyxl {openpyxl['seconds']:.2f} s (peak {openpyxl['peak_mib']:.0f} MiB): "
        f"{openpyxl['seconds'] / calamine['seconds']:.1f}× faster"
    )


if __name__ == "__main__":
    main()
