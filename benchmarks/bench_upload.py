"""An upload of the synthetic progress workbook through the site, as an importer does it (issue 13):
the preview's time, the import's rows/s and the peak memory of the web process and the worker.

    python benchmarks/bench_upload.py [--rows 100000] [--database-url URL]

Writes the `--rows` table of benchmarks/bench_import.py as offices send it (.xlsx, 序号 and the
target merged down), migrates a fresh database (a SQLite file in a temporary directory, or the
empty PostgreSQL database `--database-url` names) and adds an importer of the default
organisation. Then starts real processes, as production runs them: gunicorn (`--preload`, its
default one sync worker) and `manage.py db_worker`, both in development mode (DJANGO_DEBUG=1).
Over HTTP (http.client) it logs in, uploads the workbook, waits for the background preview and
confirms the import, reading the upload's state from the database every 0.1 s; meanwhile it
requests the upload's page every 2 s, as the page's own refresh does in a browser.

Baseline, same run: the same file imported by `manage.py import_report` in a fresh process into
a fresh database (timed from the command's call; on PostgreSQL in `<name>_command`, made afresh
and dropped, so the role must be allowed to create databases).

Peak memory is the high-water mark of resident memory (VmHWM of /proc/PID/status), sampled
every 0.25 s and at the end for each process of the tree (gunicorn's master and worker added up:
pages they share are counted twice, so the figure is an upper bound). Linux only.
"""

import argparse
import ctypes
import json
import os
import re
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
USERNAME, PASSWORD = "importer", "a-long-bench-password-123"
# The goal: 500 MB (10^6 bytes) a process.
GOAL_BYTES = 500 * 10**6
POLL_SECONDS = 0.1
PAGE_REFRESH_SECONDS = 2  # the upload page's <meta http-equiv="refresh">
WAIT_SECONDS = 3600
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def environment(database_url: str) -> dict[str, str]:
    return os.environ | {
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "heze_targets.settings",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def django_setup(database_url: str) -> None:
    os.environ.update(environment(database_url))
    import django

    django.setup()


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the benchmark dies (killed by a test's timeout)."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# Peak memory of process trees ------------------------------------------------------------------


def descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def high_water_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
    return int(found.group(1)) if found else None


class MemoryWatch(threading.Thread):
    """The largest VmHWM seen for each process of each watched tree."""

    def __init__(self, roots: dict[str, int]):
        super().__init__(daemon=True)
        self.roots, self.peaks = roots, {name: {} for name in roots}
        self.stopping = threading.Event()

    def sample(self) -> None:
        for name, root in self.roots.items():
            for pid in descendants(root):
                kib = high_water_kib(pid)
                if kib is not None:
                    self.peaks[name][pid] = max(kib, self.peaks[name].get(pid, 0))

    def run(self) -> None:
        while not self.stopping.wait(0.25):
            self.sample()

    def finish(self) -> dict[str, dict[int, int]]:
        self.stopping.set()
        self.join()
        self.sample()
        return self.peaks


# A client over plain HTTP ------------------------------------------------------------------------


class Browser:
    """Cookies kept, redirects not followed; one connection per request (gunicorn's sync workers
    close each)."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> tuple[int, str, str]:
        connection = HTTPConnection("127.0.0.1", self.port, timeout=WAIT_SECONDS)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        return response.status, response.headers.get("Location", ""), text

    def get(self, path: str) -> str:
        status, _, text = self.request("GET", path)
        assert status == 200, f"GET {path}: {status}"
        return text

    def post(self, path: str, fields: dict[str, str], file: tuple[str, bytes] | None = None) -> str:
        """A form sent as a browser does (multipart when it holds a file); the redirect's target."""
        if file is None:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        else:
            body, content_type = multipart(fields, *file)
        status, location, text = self.request("POST", path, body, content_type)
        assert status == 302, f"POST {path}: {status} {text[:2000]}"
        return location


def multipart(fields: dict[str, str], file_name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        f"Content-Type: {XLSX}\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def csrf_token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


class PageWatcher(threading.Thread):
    """The upload's page requested every 2 s, as its refresh does in a browser: each one's time."""

    def __init__(self, browser: Browser, path: str):
        super().__init__(daemon=True)
        self.browser, self.path, self.times, self.failures = browser, path, [], []
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(PAGE_REFRESH_SECONDS):
            started = time.perf_counter()
            status, _, _ = self.browser.request("GET", self.path)
            self.times.append(time.perf_counter() - started)
            if status != 200:
                self.failures.append(status)

    def finish(self) -> None:
        self.stopping.set()
        self.join()


# The run -----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare(database_url: str) -> str:
    """Migrate, check that the database holds no data, add the importer; the database's name."""
    django_setup(database_url)
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection

    from targets.models import Organisation, ProgressReport
    from uploads.models import Upload

    call_command("migrate", verbosity=0)
    if ProgressReport.objects.exists() or Upload.objects.exists() or User.objects.exists():
        sys.exit(f"error: {database_url} already holds data: the benchmark needs an empty database")
    user = User.objects.create_user(USERNAME, password=PASSWORD)
    for group in (settings.OFFICIALS_GROUP, settings.IMPORTERS_GROUP):
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    Organisation.objects.default().members.add(user)
    if connection.vendor == "sqlite":
        return "SQLite"
    return f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"


def upload_state(pk: int) -> tuple[str, str]:
    from uploads.models import Upload

    return Upload.objects.filter(pk=pk).values_list("state", "reason").get()


def wait_while(pk: int, state: str, worker: subprocess.Popen) -> float:
    """Poll the upload until it leaves `state`; the time it left, then."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (now := upload_state(pk))[0] == state:
        assert worker.poll() is None, f"the worker stopped (exit {worker.returncode})"
        assert time.monotonic() < deadline, f"still {state} after {WAIT_SECONDS} s"
        time.sleep(POLL_SECONDS)
    finished = time.perf_counter()
    assert now[0] in ("waiting", "done"), f"upload {now[0]}: {now[1]}"
    return finished


def through_the_site(workdir: Path, database_url: str, table: Path, rows: int) -> dict:
    from django.conf import settings

    from uploads.models import Upload

    env = environment(database_url)
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    web = start(
        [str(gunicorn), "--preload", "--bind", f"127.0.0.1:{port}", "heze_targets.wsgi"], env, workdir / "web.log"
    )
    worker_command = ["manage.py", "db_worker", "--no-reload", "--interval", "0.1", "--no-startup-delay"]
    worker = start([sys.executable, *worker_command], env, workdir / "worker.log")
    memory = MemoryWatch({"web": web.pid, "worker": worker.pid})
    memory.start()
    watcher = None
    try:
        browser = Browser(port)
        deadline = time.monotonic() + 60
        while True:
            try:
                login_page = browser.get("/accounts/login/")
                break
            except OSError:
                assert web.poll() is None and time.monotonic() < deadline, (workdir / "web.log").read_text()
                time.sleep(0.2)
        fields = {"csrfmiddlewaretoken": csrf_token(login_page), "username": USERNAME, "password": PASSWORD}
        browser.post("/accounts/login/", fields)
        content = table.read_bytes()
        fields = {"csrfmiddlewaretoken": csrf_token(browser.get("/dashboard/imports/")), "kind": "progress"}
        started = time.perf_counter()
        page = browser.post("/dashboard/imports/", fields | {"period": ""}, (table.name, content))
        uploaded = time.perf_counter()
        pk = int(re.search(r"/imports/(\d+)/$", page).group(1))
        in_worker = upload_state(pk)[0] == "previewing"  # a file over UPLOAD_PREVIEW_IN_REQUEST_BYTES
        watcher = PageWatcher(Browser(port), page)
        watcher.browser.cookies = dict(browser.cookies)
        watcher.start()
        previewed = wait_while(pk, "previewing", worker)
        memory.sample()
        after_preview = {name: sum(peaks.values()) for name, peaks in memory.peaks.items()}
        shown = time.perf_counter()
        detail = browser.get(page)
        page_seconds = time.perf_counter() - shown
        confirming = time.perf_counter()
        browser.post(f"{page}confirm/", {"csrfmiddlewaretoken": csrf_token(detail)})
        imported = wait_while(pk, "importing", worker)
        watcher.finish()
        assert "导入完成" in browser.get(page)
        upload = Upload.objects.get(pk=pk)
        assert upload.preview["new"] == rows and upload.result["new"] == rows, (upload.preview, upload.result)
        peaks = memory.finish()
    except BaseException:
        for name in ("web", "worker"):
            lines = (workdir / f"{name}.log").read_text(errors="replace").splitlines()
            print(f"--- the last lines of the {name} log:", *lines[-40:], sep="\n", file=sys.stderr)
        raise
    finally:
        if watcher is not None and watcher.is_alive():
            watcher.finish()
        for process in (web, worker):
            stop(process)
    logs = {name: (workdir / f"{name}.log").read_text(errors="replace") for name in ("web", "worker")}
    return {
        "upload": uploaded - started,
        "preview": previewed - started,
        "where": "in the worker" if in_worker else "in the request",
        "preview_page": page_seconds,
        "import": imported - confirming,
        "pages": watcher.times,
        "page_failures": watcher.failures,
        "peaks": peaks,
        "after_preview": after_preview,
        "timeouts": logs["web"].count("WORKER TIMEOUT"),
        "tracebacks": {name: log.count("Traceback") for name, log in logs.items()},
        "limit": settings.UPLOAD_MAX_BYTES,
    }


def step_command(table: Path) -> dict:
    """`manage.py import_report TABLE` in this fresh process (the database migrated by another)."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("import_report", str(table), "--user", "bench", stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def by_command(workdir: Path, database_url: str | None, table: Path) -> dict:
    """The baseline in a fresh database: a SQLite file, or `<name>_command` beside the given one."""
    if database_url:
        import psycopg

        parts = urlsplit(database_url)
        name = f"{parts.path.lstrip('/')}_command"
        url = urlunsplit(parts._replace(path=f"/{name}"))
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    else:
        url = f"sqlite:///{workdir / 'command.sqlite3'}"
    env = environment(url)
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        command = [sys.executable, __file__, "--step", "command", "--database-url", url, "--table", str(table)]
        output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    finally:
        if database_url:
            with psycopg.connect(database_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return json.loads(output.strip().splitlines()[-1])


def memory_line(name: str, peaks: dict[int, int], after_preview_kib: int) -> str:
    total = sum(peaks.values()) / 1024
    verdict = "met" if total * 2**20 < GOAL_BYTES else "NOT met"
    processes = " + ".join(f"{kib / 1024:.0f}" for kib in sorted(peaks.values(), reverse=True))
    detail = f"; {len(peaks)} processes: {processes} MiB" if len(peaks) > 1 else ""
    return (
        f"peak memory {name}: {total:.0f} MiB = {total * 2**20 / 10**6:.0f} MB (goal < {GOAL_BYTES // 10**6} MB: "
        f"{verdict}{detail}); "
        f"{after_preview_kib / 1024:.0f} MiB by the preview's end"
    )


def report(rows: int, size: int, kind: str, site: dict, command: dict) -> None:
    print(
        f"rows: {rows:,} report rows in a {size / 2**20:.1f} MiB .xlsx ({size:,} bytes; "
        f"upload limit {site['limit'] / 2**20:.0f} MiB), {kind}"
    )
    print(f"upload: {site['upload']:.2f} s (the request that stores the file)")
    print(
        f"preview: {site['preview']:.1f} s for {rows:,} rows ({site['where']}, from the upload's start; "
        f"its page then {site['preview_page']:.2f} s)"
    )
    print(f"import: {site['import']:.1f} s = {rows / site['import']:,.0f} rows/s (from the confirmation)")
    print(
        f"command: manage.py import_report in a fresh process: {command['seconds']:.1f} s = "
        f"{rows / command['seconds']:,.0f} rows/s, peak memory {command['peak_mib']:.0f} MiB"
    )
    print(f"ratio import/command: {site['import'] / command['seconds']:.2f}")
    pages = site["pages"] or [0.0]
    print(
        f"upload page every {PAGE_REFRESH_SECONDS} s meanwhile: {len(site['pages'])} requests, "
        f"{len(site['page_failures'])} failed: median {statistics.median(pages):.2f} s, slowest {max(pages):.1f} s"
    )
    for name in ("web", "worker"):
        print(memory_line(name, site["peaks"][name], site["after_preview"][name]))
    tracebacks = site["tracebacks"]
    print(
        f"errors: {site['timeouts']} gunicorn worker timeouts, "
        f"{tracebacks['web']} tracebacks from the web, {tracebacks['worker']} from the worker"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="an empty PostgreSQL database (a role that may create databases)")
    parser.add_argument("--step", choices=["command"], help=argparse.SUPPRESS)
    parser.add_argument("--table", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        django_setup(args.database_url)
        print(json.dumps(step_command(args.table)))
        return
    with tempfile.TemporaryDirectory(prefix="bench-upload-") as tmp:
        workdir = Path(tmp)
        # The writer in a process of its own (openpyxl holds the workbook; bench_import.py writes it).
        write = [sys.executable, str(ROOT / "benchmarks" / "bench_import.py"), "--write", "xlsx"]
        subprocess.run([*write, "--rows", str(args.rows), "--workdir", tmp], check=True)
        table = workdir / f"table-{args.rows}.xlsx"
        kind = prepare(args.database_url or f"sqlite:///{workdir / 'site.sqlite3'}")
        from django.conf import settings
        from django.db import connections

        if table.stat().st_size > settings.UPLOAD_MAX_BYTES:
            sys.exit(f"error: the workbook is {table.stat().st_size:,} bytes, over UPLOAD_MAX_BYTES")
        try:
            site = through_the_site(workdir, os.environ["DATABASE_URL"], table, args.rows)
        finally:
            connections.close_all()
        command = by_command(workdir, args.database_url, table)
        report(args.rows, table.stat().st_size, kind, site, command)


if __name__ == "__main__":
    main()
