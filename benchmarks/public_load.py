"""The public site under load, beside Datasette on the same data and a minimal Django view.

    python benchmarks/public_load.py [--years 25] [--targets 1000] [--seconds 20] [--workers 5]

Builds about 100,000 progress reports (`targets.synthetic`, 25 years × 4 quarters × 1,000
targets, 1995–2019) and imports the seed documents after them (2020–2023: the home page's latest
year and real Chinese words for the searches), in a fresh SQLite file. Serves it with gunicorn
(production settings, `--workers` sync workers) on 127.0.0.1 and drives each page with wrk
(2 threads, 16 connections, `--seconds` a page):

- warm: one address repeated (after one request that fills the cache);
- cold: at least 1,000 distinct addresses cycled by a Lua script, the page cache emptied first
  (home: the page with 1,000 distinct unused parameters, each a page of its own to the cache;
  browse: other periods × leaders × statuses; target: other targets; search: other words from
  the seed documents' texts).

Beside it serves the same reports with Datasette (a SQLite file made from `export_data --format
csv`, one table, an FTS5 index with the trigram tokenizer, immutable mode) and drives its
comparable pages the same way, each right after ours (the machine's speed moves within minutes):
the database page for home, the table page with the same two facets for browse, the row page for
target, `_search` for search. And the minimal view (a few bytes through the site's middleware) as
the ceiling. Prints req/s, p50, p99 and errors for each, the ratios the
goals are set in, and what each search finds for words of two and more characters.

Needs wrk (Debian's package `wrk`) and Datasette (requirements-dev.txt).
"""

import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_upload import free_port, high_water_kib  # noqa: E402

LEADERS = ["李春英", "聂元科", "王昌华", "曹临", "张鹏", "肖友华", "刘连栋", "姜凌刚"]
UNITS = [f"市第{n}测试局" for n in range(1, 41)]
COLD_URLS = 1000
THREADS = 2
# The goals of issue 16, as ratios.
WARM_SHARE_OF_MINIMAL = 1 / 4
COLD_SEARCH_SHARE_OF_MINIMAL = 1 / 20
TIMES_DATASETTE = 10
P99_MS = 200
# Words compared between the two searches: two characters (which a trigram index cannot find) and more.
COMPARED_WORDS = ["托位", "5G基站", "基站", "养老", "棚户区改造", "营商环境"]

# Each thread starts at its own share of the list (thread i of n at i/n of it), so that the threads
# ask for distinct addresses until they come round. (A random start drew the same number in every
# thread, whose Lua states share the default seed: the threads went through the list in step,
# asking for each address twice at once.)
LUA = """
local paths = {}
local position = 0
local threads = 0
setup = function(thread)
  thread:set("id", threads)
  threads = threads + 1
end
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  position = math.floor(id * #paths / tonumber(args[2]))
end
request = function()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50": %.3f, "p99": %.3f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
"""


def environment(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env |= {
        "SQLITE_PATH": str(workdir / "site.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "benchmarks.load_settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": env.get("DJANGO_SECRET_KEY", "benchmark-only"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    return env


def use_environment(workdir: Path) -> None:
    """This process's settings those of the served site: its SQLite file, whatever DATABASE_URL
    the caller had (updating os.environ would leave it set)."""
    os.environ.pop("DATABASE_URL", None)
    os.environ.update(environment(workdir))


def build(workdir: Path, years: range, targets: int) -> int:
    """The data set, in this process; returns the number of reports."""
    use_environment(workdir)
    import django
    from django.core.management import call_command

    django.setup()
    from targets.synthetic import generate

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    reports = generate(years, targets, LEADERS, UNITS)
    fixtures = ROOT / "fixtures"
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("import_report", *sorted(map(str, fixtures.glob("progress-report-*.txt"))), publish=True, **quiet)
    for notice in sorted(fixtures.glob("key-tasks-notice-*.txt")):
        call_command("import_task_notice", str(notice), **quiet)
    call_command("export_data", format="csv", output=workdir / "reports.csv", **quiet)
    from django.db import connection

    connection.close()
    return reports


def datasette_file(workdir: Path) -> Path:
    """One table of every report as exported, with a trigram FTS5 index over target and progress."""
    path = workdir / "targets.db"
    with (workdir / "reports.csv").open(encoding="utf-8-sig", newline="") as source:
        rows = csv.reader(source)
        header = next(rows)
        database = sqlite3.connect(path)
        columns = ", ".join(f'"{name}"' for name in header)
        database.execute(f"CREATE TABLE reports (id INTEGER PRIMARY KEY, {columns})")
        marks = ", ".join("?" * len(header))
        database.executemany(f"INSERT INTO reports ({columns}) VALUES ({marks})", rows)
    for column in ("period", "leader", "status"):
        database.execute(f"CREATE INDEX reports_{column} ON reports ({column})")
    # content="reports", double-quoted, is how Datasette finds the index of a table.
    database.execute(
        'CREATE VIRTUAL TABLE reports_fts USING fts5(target_content, progress, content="reports", '
        "content_rowid=id, tokenize='trigram')"
    )
    database.execute("INSERT INTO reports_fts (reports_fts) VALUES ('rebuild')")
    database.commit()
    database.close()
    return path


def addresses(seed_words: list[str]) -> dict[str, tuple[str, list[str], str, list[str]]]:
    """For each page: our warm address, our cold ones, Datasette's warm address, its cold ones."""
    from analysis.statuses import BEHIND, DROPPED, ON_TRACK
    from targets.models import ProgressReport, ReportingPeriod, Target

    rng = random.Random(16)

    def sample(items: list) -> list:
        return rng.sample(items, min(len(items), COLD_URLS))

    quote = urllib.parse.quote
    synthetic = list(ReportingPeriod.objects.filter(year__lt=2020).order_by("as_of").values_list("code", flat=True))
    latest = synthetic[-1]
    statuses = [ON_TRACK, BEHIND, DROPPED]
    combos = [(period, leader, status) for period in synthetic for leader in LEADERS for status in statuses]
    combos = sample(combos)
    targets = sample(list(Target.objects.filter(year__lt=2020).values_list("pk", "year", "seq")))
    words = sample(seed_words)
    rows = sample(range(1, ProgressReport.objects.count() + 1))

    def browse(period, leader, status):
        return f"?period={quote(period)}&leader={quote(leader)}&status={status}"

    pages = {
        "home": (
            "/",
            [f"/?from={n}" for n in range(COLD_URLS)],
            "/targets",
            [f"/targets?from={n}" for n in range(COLD_URLS)],
        ),
        "browse (two facets)": (
            f"/periods/{latest}/?leader={quote(LEADERS[2])}&status={ON_TRACK}",
            [f"/periods/{p}/?leader={quote(leader)}&status={s}" for p, leader, s in combos],
            f"/targets/reports{browse(latest, LEADERS[2], ON_TRACK)}&_facet=leader&_facet=status",
            [f"/targets/reports{browse(*combo)}&_facet=leader&_facet=status" for combo in combos],
        ),
        "target": (
            f"/targets/{targets[0][1]}/{targets[0][2]}/",
            [f"/targets/{year}/{seq}/" for _, year, seq in targets],
            "/targets/reports/1",
            [f"/targets/reports/{n}" for n in rows],
        ),
        "search": (
            f"/search/?q={quote('5G基站')}",
            [f"/search/?q={quote(word)}" for word in words],
            f"/targets/reports?_search={quote('5G基站')}",
            [f"/targets/reports?_search={quote(word)}" for word in words],
        ),
    }
    # The JSON forms of browse and search (issue 17), against Datasette's JSON of the same pages.
    for page in ("browse (two facets)", "search"):
        ours, ours_cold, theirs, theirs_cold = pages[page]
        pages[f"{page} JSON"] = (
            with_json(ours),
            [with_json(address) for address in ours_cold],
            theirs.replace("/targets/reports?", "/targets/reports.json?"),
            [address.replace("/targets/reports?", "/targets/reports.json?") for address in theirs_cold],
        )
    return pages


def with_json(address: str) -> str:
    return address + ("&" if "?" in address else "?") + "format=json"


def seed_words() -> list[str]:
    """Distinct words of two and more characters in the seed reports' texts (jieba's cut)."""
    from analysis.search_words import index_words
    from targets.models import ProgressReport

    words = set()
    for content, progress in ProgressReport.objects.filter(period__year__gte=2020).values_list(
        "target__content", "progress"
    ):
        words.update(word for word in index_words(f"{content} {progress}") if len(word) >= 2 and not word.isascii())
    return sorted(words)


def serve(command: list[str], env: dict[str, str], log: Path, port: int, probe: str) -> subprocess.Popen:
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            fetch(port, probe)
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{command[0]} did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.3)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(30)


def fetch(port: int, path: str) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read().decode()


def drive(port: int, paths: list[str], workdir: Path, seconds: int) -> dict:
    listing = workdir / "paths.txt"
    listing.write_text("\n".join(paths) + "\n")
    script = workdir / "cycle.lua"
    script.write_text(LUA)
    command = ["wrk", f"-t{THREADS}", "-c16", f"-d{seconds}s", "--timeout", "10s", "-H", "X-Forwarded-Proto: https"]
    output = subprocess.run(
        [*command, "-s", str(script), f"http://127.0.0.1:{port}", "--", str(listing), str(THREADS)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rate"] = result["requests"] / result["seconds"]
    return result


def empty_page_cache(workdir: Path) -> None:
    """Forget the kept public pages (public.models.KeptPage) and the cache's entries (the
    fragments pages share, such as a period's charts)."""
    with sqlite3.connect(workdir / "site.sqlite3", timeout=60) as database:
        database.execute("DELETE FROM public_keptpage")
        database.execute("DELETE FROM django_cache")


def download_memory(port: int, master: int) -> str:
    """The largest search's CSV (every report holds 5G基站) read through the site, and the peak
    memory of the web workers before and after it."""
    workers = children_of(master)
    before = max(high_water_kib(pid) or 0 for pid in workers) // 1024
    started = time.perf_counter()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/search/results.csv?q={urllib.parse.quote('5G基站')}",
        headers={"X-Forwarded-Proto": "https"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        text = io.TextIOWrapper(response, encoding="utf-8-sig", newline="")
        rows = sum(1 for _row in csv.reader(text))
    seconds = time.perf_counter() - started
    after = max(high_water_kib(pid) or 0 for pid in workers) // 1024
    return (
        f"search CSV download: {rows - 1:,} rows in {seconds:.1f} s; "
        f"peak memory of a web worker {before} MiB before, {after} MiB after (goal < 200 MB = 191 MiB)"
    )


def found_by_us(port: int, word: str) -> int:
    page = fetch(port, f"/search/?q={urllib.parse.quote(word)}")
    found = re.search(r"找到 (\d+) 条推进情况", page)
    return int(found.group(1)) if found else 0


def found_by_datasette(port: int, word: str) -> int:
    return json.loads(fetch(port, f"/targets/reports.json?_search={urllib.parse.quote(word)}&_size=0"))[
        "filtered_table_rows_count"
    ]


def line(name: str, result: dict, ceiling: float | None = None, peer: dict | None = None) -> str:
    text = f"{name:<34}{result['rate']:>9.1f}{result['p50']:>9.1f}{result['p99']:>9.1f}{result['errors']:>8}"
    if ceiling:
        text += f"{result['rate'] / ceiling:>10.3f}"
    if peer:
        text += f"{result['rate'] / peer['rate']:>10.1f}×" if peer["rate"] else f"{'(none)':>11}"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=25)
    parser.add_argument("--targets", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--pages", help="only these pages, comma-separated (e.g. 'home,search JSON'); all by default")
    parser.add_argument("--keep", type=Path, help="build (or reuse) the data in this folder, and keep it")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("error: wrk is not installed (Debian: apt-get install wrk)")
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-public-"))
    workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    if (workdir / "targets.db").exists():
        reports = None
        use_environment(workdir)
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)  # data kept from an earlier run: this code's tables
    else:
        reports = build(workdir, range(2020 - args.years, 2020), args.targets)
        datasette_file(workdir)
    built = time.perf_counter() - started
    pages = addresses(seed_words())
    if args.pages:
        pages = {name: pages[name] for name in args.pages.split(",")}
    env = environment(workdir)
    ours_port, peer_port = free_port(), free_port()
    gunicorn = [
        str(Path(sys.executable).parent / "gunicorn"),
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{ours_port}",
    ]
    datasette = [
        str(Path(sys.executable).parent / "datasette"),
        "serve",
        "-i",
        str(workdir / "targets.db"),
        "--port",
        str(peer_port),
        # Its fastest setting for these pages: no facet suggestions (our pages suggest none).
        "--setting",
        "suggest_facets",
        "off",
    ]
    results: dict[tuple[str, str, str], dict] = {}
    site = serve([*gunicorn, "heze_targets.wsgi"], env, workdir / "gunicorn.log", ours_port, "/bench/minimal/")
    try:
        peer = serve(datasette, env, workdir / "datasette.log", peer_port, "/targets")
        try:
            minimal = drive(ours_port, ["/bench/minimal/"], workdir, args.seconds)
            servers = {"ours": (ours_port, site.pid), "datasette": (peer_port, peer.pid)}
            for page, addresses_of_page in pages.items():
                results |= drive_both(page, addresses_of_page, servers, workdir, args.seconds)
            ours_found = {word: found_by_us(ours_port, word) for word in COMPARED_WORDS}
            peer_found = {word: found_by_datasette(peer_port, word) for word in COMPARED_WORDS}
        finally:
            stop(peer)
        download = download_memory(ours_port, site.pid)
    finally:
        stop(site)
    report(reports, built, args, minimal, results, ours_found, peer_found)
    print(download)
    if not args.keep:
        shutil.rmtree(workdir)


def drive_both(page: str, addresses_of_page: tuple, servers: dict[str, tuple[int, int]], workdir: Path, seconds: int):
    """A page's runs, ours and Datasette's back to back (warm, then cold): this machine's speed
    moves by a quarter within minutes, and a ratio of runs minutes apart measured the moves. Each
    run starts once both servers are idle: a slow page's requests in flight when wrk stops
    (Datasette's browse: 16 of a second each) went on into the next run."""
    ours_warm, ours_cold, peer_warm, peer_cold = addresses_of_page
    (ours_port, ours_pid), (peer_port, peer_pid) = servers["ours"], servers["datasette"]
    fetch(ours_port, ours_warm)
    fetch(peer_port, peer_warm)
    runs = [
        ((page, "warm", "ours"), ours_port, [ours_warm]),
        ((page, "warm", "datasette"), peer_port, [peer_warm]),
        ((page, "cold", "ours"), ours_port, ours_cold),
        ((page, "cold", "datasette"), peer_port, peer_cold),
    ]
    results = {}
    for key, port, paths in runs:
        if key == (page, "cold", "ours"):
            empty_page_cache(workdir)
        settle([ours_pid, peer_pid])
        results[key] = drive(port, paths, workdir, seconds)
    return results


def settle(pids: list[int], most_seconds: float = 60) -> None:
    """Waits until the process trees of `pids` use under 2 % of a core."""
    deadline = time.monotonic() + most_seconds
    while time.monotonic() < deadline:
        before = sum(cpu_seconds(pid) for pid in pids)
        time.sleep(0.5)
        if sum(cpu_seconds(pid) for pid in pids) - before < 0.01:
            return


def children_of(pid: int) -> list[int]:
    """The processes `pid` started (a gunicorn master's workers)."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def cpu_seconds(pid: int) -> float:
    """The CPU time of a process and its children (a gunicorn master's workers), in seconds."""
    ticks = 0
    for each in [pid, *children_of(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def report(reports, built, args, minimal, results, ours_found, peer_found) -> None:
    made = f"{reports:,} reports built in {built:.0f} s" if reports else "data reused"
    print(f"{made}; gunicorn {args.workers} workers; wrk 2 threads, 16 connections, {args.seconds} s a run")
    print(f"{'page':<34}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'/minimal':>10}{'/Datasette':>11}")
    print(line("minimal Django view", minimal))
    failures = []
    for (page, mode, server), result in results.items():
        if server != "ours":
            continue
        peer = results[page, mode, "datasette"]
        print(line(f"{page}, {mode}", result, minimal["rate"], peer))
        print(line(f"  Datasette {page}, {mode}", peer))
        share = COLD_SEARCH_SHARE_OF_MINIMAL if mode == "cold" else WARM_SHARE_OF_MINIMAL
        goals = {
            "errors": result["errors"] == 0,
            f"p99 < {P99_MS} ms": result["p99"] < P99_MS,
            f"≥ {TIMES_DATASETTE}× Datasette": result["rate"] >= TIMES_DATASETTE * peer["rate"],
        }
        if mode == "warm" or page == "search":
            goals[f"≥ {share:.3f} of minimal"] = result["rate"] >= share * minimal["rate"]
        failures += [f"{page}, {mode}: {goal}" for goal, met in goals.items() if not met]
    print(
        "results found: "
        + "; ".join(f"{word} ours {ours_found[word]}, Datasette {peer_found[word]}" for word in COMPARED_WORDS)
    )
    print("goals: all met" if not failures else "goals: not met: " + "; ".join(failures))


if __name__ == "__main__":
    main()
