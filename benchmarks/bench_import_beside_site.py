"""An import beside a working site: how long it holds the write lock, how long a login takes
meanwhile, and how long a small import takes into a database with many years of history.

    python benchmarks/bench_import_beside_site.py [--rows 200000] [--years 25] [--postgres URL]

  lock     a `--rows` import (with pace analysis and linking) in one process, while another
           process logs in again and again on the same database: the write phase's seconds,
           and each login's time (the slowest is how long a reader or writer may wait);
  history  the 213-row 2023 H1 fixture imported into a database holding `--years` synthetic
           years of 1,000 targets and 4,000 reports each (100,000 reports for 25 years),
           against the same import into an empty database measured in the same run (the
           ratio). On SQLite, and on PostgreSQL too with `--postgres URL` (a role that may
           create databases: a database named `<name>_bench` is made afresh and dropped).
Each phase runs in fresh processes on a fresh database.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURE = ROOT / "fixtures" / "progress-report-2023-H1.txt"
PASSWORD = "a-long-bench-password-123"


def django_setup(database: str) -> None:
    """`database`: a SQLite file path, or a PostgreSQL URL."""
    if database.startswith("postgres"):
        os.environ["DATABASE_URL"] = database
    else:
        os.environ["SQLITE_PATH"], os.environ["DATABASE_URL"] = database, ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heze_targets.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")  # development settings and their built-in key
    import django

    django.setup()


def fresh_database(workdir: Path, name: str, postgres: str | None) -> str:
    if not postgres:
        return str(workdir / f"{name}.sqlite3")
    import psycopg

    base, _, database = postgres.rpartition("/")
    bench = f"{database}_bench_{name}".replace("-", "_")
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{bench}"')
        connection.execute(f'CREATE DATABASE "{bench}"')
    return f"{base}/{bench}"


def drop_database(url: str) -> None:
    if url.startswith("postgres"):
        import psycopg

        base, _, database = url.rpartition("/")
        with psycopg.connect(f"{base}/{database.split('_bench_')[0]}", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}"')


def run(*args: str) -> dict:
    """This script in a fresh process (one phase step); returns the JSON line it printed."""
    out = subprocess.run([sys.executable, __file__, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def step_prepare(database: str, years: int) -> dict:
    """Migrate, add an official, and `years` synthetic years before 2023."""
    django_setup(database)
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from targets.synthetic import generate

    call_command("migrate", verbosity=0)
    official = User.objects.create_user("official", password=PASSWORD)
    official.groups.add(Group.objects.get(name=settings.OFFICIALS_GROUP))
    start = time.perf_counter()
    reports = (
        generate(range(2023 - years, 2023), 1000, leaders=["王昌华"], units=["市发展改革委", "市财政局"])
        if years
        else 0
    )
    return {"reports": reports, "seconds": time.perf_counter() - start}


def step_import(database: str, table: str) -> dict:
    django_setup(database)
    from targets.imports import import_progress_file

    start = time.perf_counter()
    summary = import_progress_file(Path(table), imported_by="bench")
    assert summary.new > 0, summary.line()
    return {"seconds": time.perf_counter() - start, "write_seconds": summary.write_seconds, "rows": summary.new}


def step_logins(database: str, table: str) -> dict:
    """Start the import in another process, then log in until it ends; each login's seconds."""
    django_setup(database)
    from django.test import Client

    importing = subprocess.Popen(
        [sys.executable, __file__, "--step", "import", "--database", database, "--table", table],
        stdout=subprocess.PIPE,
        text=True,
    )
    times, failures = [], 0
    while importing.poll() is None:
        start = time.perf_counter()
        status = Client().post("/accounts/login/", {"username": "official", "password": PASSWORD}).status_code
        times.append(time.perf_counter() - start)
        failures += status != 302
        time.sleep(0.1)
    result = json.loads(importing.stdout.read().strip().splitlines()[-1])
    return result | {"logins": times, "failures": failures}


def lock_phase(workdir: Path, rows: int) -> None:
    from benchmarks.bench_import import write_table

    table = workdir / f"table-{rows}.txt"
    write_table(table, rows)
    database = fresh_database(workdir, "lock", None)
    run("--step", "prepare", "--database", database, "--years", "0")
    result = run("--step", "logins", "--database", database, "--table", str(table))
    logins = result["logins"]
    print(f"lock: import of {rows:,} rows (analysed and linked) in {result['seconds']:.1f} s, SQLite")
    print(
        f"  write lock held {result['write_seconds']:.1f} s ({result['write_seconds'] / result['seconds']:.0%} of it)"
    )
    print(
        f"  {len(logins)} logins meanwhile, {result['failures']} failed: median {statistics.median(logins):.2f} s, "
        f"slowest {max(logins):.1f} s"
    )


def history_phase(workdir: Path, years: int, postgres: str | None) -> None:
    kind = "PostgreSQL" if postgres else "SQLite"
    timings = {}
    for name, history in (("empty", 0), ("history", years)):
        database = fresh_database(workdir, name, postgres)
        try:
            prepared = run("--step", "prepare", "--database", database, "--years", str(history))
            timings[name] = run("--step", "import", "--database", database, "--table", str(FIXTURE))
        finally:
            drop_database(database)
    empty, full = timings["empty"], timings["history"]
    print(
        f"history ({kind}): 213-row import into {prepared['reports']:,} reports over {years} years: "
        f"{full['seconds']:.2f} s (goal < 5), write lock {full['write_seconds']:.2f} s; "
        f"into an empty database {empty['seconds']:.2f} s; ratio {full['seconds'] / empty['seconds']:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--postgres", help="postgres://USER:PASSWORD@HOST:PORT/DB (a role with CREATEDB)")
    parser.add_argument("--step", choices=["prepare", "import", "logins"], help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    parser.add_argument("--table", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "prepare":
        print(json.dumps(step_prepare(args.database, args.years)))
    elif args.step:
        print(json.dumps({"import": step_import, "logins": step_logins}[args.step](args.database, args.table)))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-beside-") as tmp:
            history_phase(Path(tmp), args.years, None)
            if args.postgres:
                history_phase(Path(tmp), args.years, args.postgres)
            lock_phase(Path(tmp), args.rows)


if __name__ == "__main__":
    main()
