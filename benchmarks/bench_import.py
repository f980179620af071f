"""Import speed and memory on a synthetic progress table in the seeds' format.

    python benchmarks/bench_import.py [--rows 100000]

Each phase runs in a fresh process on a fresh SQLite file, so peak memory is its own:
  import  the whole `import_progress_file` (read, parse, resolve, save);
  floor   one bulk_create of the same already-parsed rows (targets, reports, units),
          the least any importer must spend writing them.
  analyse the pace analysis (targets.measuring) that an import runs after saving, on its own.
It prints rows/s, the ratio of import to floor time, the analysis rate, and peak memory at
the full size and at a tenth of it.
"""

import argparse
import json
import os
import random
import resource
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


def write_table(path: Path, rows: int) -> None:
    """`rows` report rows; every fifth target has a continuation row without 序号."""
    rng = random.Random(2023)
    with path.open("w", encoding="utf-8") as out:
        out.write("菏泽市人民政府 2030 年经济社会发展责任目标上半年工作推进情况一览表\n\n")
        seq = 0
        for row in range(rows):
            if row % ROWS_PER_PAGE == 0:
                out.write(f"\n{HEADER}\n")
            continuation = seq % 5 == 0 and seq and row % 2 == 1
            if not continuation:
                seq += 1
            units = " ".join(rng.sample(UNITS, rng.randint(1, 3)))
            content = f"新建并开通 5G 基站 {rng.randint(100, 3000)} 个以上，持续推进第{seq}项重点工作"
            progress = f"<b>进展：</b>上半年完成 {rng.randint(1, 999)} 个，完成年度目标的 {rng.randint(1, 99)}%。" * 3
            status = rng.choice("是是是是否")
            leader = rng.choice(LEADERS)
            if continuation:
                out.write(f"\t{leader}\t\t年底\t{progress}\t{status}\t{units}\n")
            else:
                out.write(f"{seq}\t{leader}\t{content}\t年底\t{progress}\t{status}\t{units}\n")


def django_setup(database: Path) -> None:
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
            ReportUnit(report=report, unit_id=units[name], position=i, as_written=name)
            for report, r in zip(reports, parsed.records, strict=True)
            for i, name in enumerate(r.units)
        ],
        batch_size=5000,
    )
    return time.perf_counter() - start


def run_phase(phase: str, rows: int, workdir: Path) -> dict:
    """Run one phase in a fresh process and a fresh database; return its time and peak memory."""
    output = subprocess.run(
        [sys.executable, __file__, "--phase", phase, "--rows", str(rows), "--workdir", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def child(phase: str, rows: int, workdir: Path) -> None:
    table = workdir / f"table-{rows}.txt"
    database = workdir / f"{phase}-{rows}.sqlite3"
    database.unlink(missing_ok=True)
    django_setup(database)
    baseline_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seconds = {"import": phase_import, "floor": phase_floor, "analyse": phase_analyse}[phase](table)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "grown_mib": (peak_kib - baseline_kib) / 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--phase", choices=["import", "floor", "analyse"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        child(args.phase, args.rows, args.workdir)
        return
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        workdir = Path(tmp)
        small = max(args.rows // 10, 1)
        for rows in (args.rows, small):
            write_table(workdir / f"table-{rows}.txt", rows)
        size_mib = (workdir / f"table-{args.rows}.txt").stat().st_size / 2**20
        full = run_phase("import", args.rows, workdir)
        floor = run_phase("floor", args.rows, workdir)
        tenth = run_phase("import", small, workdir)
        analyse = run_phase("analyse", args.rows, workdir)
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


if __name__ == "__main__":
    main()
