import csv
import importlib
import io
import os
import sqlite3
import subprocess
import sys
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.db.migrations import RunPython
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from public.caching import KeptPageApplication
from targets.bulk import analyse_tables
from targets.models import (
    ImportBatch,
    Leader,
    Organisation,
    PeriodTally,
    ProgressReport,
    ReportingPeriod,
    ReportUnit,
    Target,
    Unit,
    UnitAlias,
    UnitRole,
)
from targets.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PROGRESS_2023_H1 = FIXTURES / "progress-report-2023-H1.txt"
PROGRESS_2022_Q3 = FIXTURES / "progress-report-2022-Q3-extract-targets-39-86.txt"
PROGRESS_2020_H1 = FIXTURES / "progress-report-2020-H1-extract-targets-1-57.txt"
PROGRESS_FIXTURES = [PROGRESS_2023_H1, PROGRESS_2022_Q3, PROGRESS_2020_H1]
WORK_REPORT_2022 = FIXTURES / "work-report-2022-12-27-abstract.txt"  # sets 2023's goals
NOTICE_2023_13 = FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt"

# Background tasks run at once, in the caller's transaction.
RUN_TASKS_AT_ONCE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
# The password of the users make_official makes.
PASSWORD = "a-long-password-123"
HEADER = "序号\t市政府领导\t责任目标内容\t完成时限\t推进情况\t是否按计划完成进度\t责任单位"


def write_table(
    path: Path, rows: list[str], title: str = "菏泽市人民政府2024年经济社会发展责任目标上半年工作推进情况一览表"
):
    """A small progress table in the seeds' format: a title line, a header, tab-separated rows."""
    path.write_text("\n".join([title, "", HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def import_report(*args: object) -> None:
    call_command("import_report", *[str(arg) for arg in args])
    refresh_planner_statistics()


def refresh_planner_statistics() -> None:
    """On PostgreSQL, let the planner know the rows a test has just written. Without it, it plans
    for the tables as the last analysis saw them (often empty: autovacuum cannot see a test's
    uncommitted rows), and a join of a few hundred rows can take seconds; the suite's time on
    PostgreSQL varied by minutes from run to run. A production database is analysed by autovacuum.
    The domain's tables only: the whole database's took three times as long, on every import of
    the PostgreSQL pass."""
    analyse_tables(*django_apps.get_app_config("targets").get_models(include_auto_created=True))


def import_work_report(*args: object) -> str:
    """`manage.py import_work_report ARGS`; what it printed."""
    out = StringIO()
    call_command("import_work_report", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def import_task_notice(*args: object) -> str:
    """`manage.py import_task_notice ARGS`; what it printed."""
    out = StringIO()
    call_command("import_task_notice", *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


# The tables a progress-table import writes.
PROGRESS_MODELS = (ReportingPeriod, Leader, Unit, UnitAlias, Target, ImportBatch, ProgressReport, ReportUnit)


def database_snapshot(models=PROGRESS_MODELS) -> dict:
    """Every row of the models' tables, as plain values: equal before and after an import that
    wrote nothing."""
    return {model.__name__: sorted(map(repr, model.objects.values_list())) for model in models}


@pytest.fixture
def migrate_to():
    """Migrates the test database to the given nodes and returns their models (the historical
    ones); afterwards the database goes back to the latest migrations for the tests that follow.
    For tests marked django_db(transaction=True)."""

    def migrate(nodes):
        executor = MigrationExecutor(connection)
        executor.migrate(nodes)
        return executor.loader.project_state(nodes).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction around a whole module, rolled back at its end, for module-scoped fixtures
    that write what every test of the module reads: each test runs in a savepoint of it
    (pytest-django's `db`), so what a test writes is gone before the next. Only for modules
    whose tests all want that data and none runs in a transaction of its own. The fixtures write
    under the tests' settings: background tasks run at once (as tasks_run_at_once has it)."""
    with django_db_blocker.unblock(), override_settings(TASKS=RUN_TASKS_AT_ONCE), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def fixtures_imported_once(module_transaction):
    """The three progress fixtures, imported once for a module that opts in with
    `pytest.mark.usefixtures("fixtures_imported_once")` (module_transaction's rules): the import
    takes 0.4 s on SQLite and 0.9 s on PostgreSQL, and 150 tests a pass want it."""
    import_report("--publish", *PROGRESS_FIXTURES)


@pytest.fixture
def imported_fixtures(request, db):
    """The three progress fixtures, published (imported for the test, unless its module imported
    them once)."""
    if "fixtures_imported_once" not in request.fixturenames:
        import_report("--publish", *PROGRESS_FIXTURES)


@dataclass
class WsgiAnswer:
    status: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        return dict(self.headers).get(name)


@pytest.fixture
def ask_the_server():
    """Asks the site's WSGI application (heze_targets.wsgi's, built afresh with the settings of
    the moment) as gunicorn would, with the database connection checks quiet as Django's test
    client keeps them (a connection closed there would end the test's transaction)."""

    def ask(path: str, method: str = "GET", **headers: str) -> WsgiAnswer:
        environ = RequestFactory().generic(method, path, headers=headers).environ
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer.update(status=status, headers=response_headers)

        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = KeptPageApplication(WSGIHandler(), check_connections=lambda: None)(environ, start_response)
            body = b"".join(result)
            getattr(result, "close", lambda: None)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return WsgiAnswer(answer["status"], answer["headers"], body)

    return ask


@pytest.fixture
def official_client(client, db):
    """A client logged in as a member of the officials group who follows the default organisation."""
    client.force_login(make_official("official", Organisation.objects.default()))
    return client


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks (an upload's import) run at once, in the test's own transaction."""
    settings.TASKS = RUN_TASKS_AT_ONCE


@pytest.fixture(autouse=True)
def quick_password_hashing(settings):
    """Passwords hashed in one round: the production hasher's million rounds (about half a
    second a user or login) took a fifth of the suite's CPU and test nothing of ours. Hashes made
    elsewhere (a command run as a subprocess) are still checked by the production hasher."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def importer_client(client, db):
    """Logged in as an official of the default organisation who may upload for it."""
    client.force_login(make_importer("importer", Organisation.objects.default()))
    return client


def postgresql_url(how_to: str, missing: str) -> str:
    """TEST_DATABASE_URL. Without it a test that needs PostgreSQL fails under CI=true (`missing`
    says what would not run) and is skipped elsewhere (`how_to` says how to set it up)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but TEST_DATABASE_URL is not set: {missing}")
        pytest.skip(how_to)
    return url


def make_official(username: str, *organisations: Organisation) -> User:
    """A user of the officials group who follows these organisations."""
    user = User.objects.create_user(username, password=PASSWORD)
    user.groups.add(Group.objects.get_or_create(name=settings.OFFICIALS_GROUP)[0])
    for organisation in organisations:
        organisation.members.add(user)
    return user


def make_importer(username: str, organisation: Organisation) -> User:
    """An official of the organisation who may upload for it (of the importers group too)."""
    user = make_official(username, organisation)
    user.groups.add(Group.objects.get_or_create(name=settings.IMPORTERS_GROUP)[0])
    return user


def fresh_and_kept(period: ReportingPeriod) -> list[tuple[list[dict], list[dict]]]:
    """Each roll-up of the period aggregated afresh from its reports, beside the same read from its tallies."""
    reports, tallies = ProgressReport.objects.filter(period=period), PeriodTally.objects.filter(period=period)
    return [
        (reports.rollup(), tallies.rollup()),
        (reports.rollup("leader__name"), tallies.rollup("leader")),
        (reports.rollup("report_units__unit__name"), tallies.rollup("unit")),
        (reports.rollup("leader__name"), tallies.rollup("leader__name")),
        (reports.unit_ranking(), tallies.unit_ranking()),
    ]


def assert_tallies_match_a_fresh_aggregate() -> None:
    """Every kept tally of every period, leader and unit equals a roll-up of the reports afresh."""
    periods = list(ReportingPeriod.objects.all())
    assert periods
    for period in periods:
        for fresh, kept in fresh_and_kept(period):
            assert kept == fresh, period.code
    totals = PeriodTally.objects.totals_for(periods)
    for period in periods:
        reports = ProgressReport.objects.filter(period=period)
        targets = reports.values("target").distinct().count()
        completed = reports.filter(pace__completion__gte=1).count()
        more = {"period_id": period.pk, "targets": targets, "reached_goal": completed}
        assert totals[period.pk] == reports.rollup()[0] | more, period.code
    assert PeriodTally.objects.whole().rollup("period") == ProgressReport.objects.rollup("period__code")
    for leader in Leader.objects.all():
        fresh = ProgressReport.objects.filter(leader=leader).rollup("period__code")
        assert PeriodTally.objects.of_leader(leader).rollup("period") == fresh, leader.name
        by_unit = ProgressReport.objects.filter(leader=leader).rollup("report_units__unit__name", medians=False)
        assert PeriodTally.objects.units_of_leader(leader).summed_by_unit() == by_unit, leader.name
    for unit in Unit.objects.all():
        # A unit's tallies count the reports it leads (those it participates in are shown apart).
        fresh = ProgressReport.objects.filter(report_units__unit=unit, report_units__role=UnitRole.LEAD)
        fresh = fresh.rollup("period__code")
        assert PeriodTally.objects.of_unit(unit).rollup("period__code") == fresh, unit.name


def grow_fivefold() -> int:
    """About five times the reports of the three progress fixtures (319): 2 years × 4 periods ×
    200 targets, led by leaders and units the fixtures have, so their pages grow too (a page's
    queries that grew with its data would grow fivefold as tenfold, at half the cost)."""
    reports = generate(
        range(2030, 2032),
        200,
        leaders=["王昌华", "聂元科", "肖友华"],
        units=["市工业和信息化局", "市发展改革委", "市交通运输局"],
    )
    refresh_planner_statistics()
    return reports


def assert_queries_do_not_grow(client, url: str, django_assert_max_num_queries) -> None:
    """The page runs as many queries on five times the data as on the fixtures, but for one: a
    table of reports whose list fits on one page reads it in one query, a longer one reads a
    page's keys first (dashboard.tables.RowsByKey)."""
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_fivefold()
    with django_assert_max_num_queries(len(small.captured_queries) + 1):
        assert client.get(url).status_code == 200


class ParsedPage(HTMLParser):
    """A page as a browser shows it: its visible text, its links, its tables' rows, and its
    elements with their attributes. Tests read pages through it so that a change of markup
    that shows the same thing breaks none of them."""

    # Content a browser does not show as text.
    HIDDEN = {"head", "script", "style", "template"}
    # Elements that set their text apart from the text around them.
    SEPARATE = {"br", "p", "div", "li", "td", "th", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section"}

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.elements: list[tuple[str, dict]] = []
        self.links: list[tuple[str, str]] = []
        self.tables: list[list[list[str]]] = []
        self._hidden = 0
        self._link: tuple[list[str], str] | None = None
        self._open_tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self.feed(html)
        self.close()
        self.text = " ".join("".join(self.parts).split())

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in self.HIDDEN:
            self._hidden += 1
        if tag in self.SEPARATE:
            self.parts.append(" ")
        if tag == "a" and "href" in attributes:
            self._link = ([], attributes["href"])
        elif tag == "table":
            self._open_tables.append([])
        elif tag == "tr" and self._open_tables:
            self._open_tables[-1].append([])
        elif tag in ("td", "th") and self._open_tables and self._open_tables[-1]:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        if tag in self.SEPARATE:
            self.parts.append(" ")
        if tag == "a" and self._link is not None:
            words, href = self._link
            self.links.append((" ".join("".join(words).split()), href))
            self._link = None
        elif tag in ("td", "th") and self._cell is not None:
            self._open_tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._open_tables:
            self.tables.append(self._open_tables.pop())

    def handle_data(self, data):
        if self._hidden:
            return
        self.parts.append(data)
        if self._link is not None:
            self._link[0].append(data)
        if self._cell is not None:
            self._cell.append(data)


def parsed_page(page) -> ParsedPage:
    """`page`: a response or its HTML."""
    return ParsedPage(page if isinstance(page, str) else page.content.decode())


def page_text(page) -> str:
    """The text a reader sees on the page, with each run of white space as one space."""
    return parsed_page(page).text


def links(page) -> list[tuple[str, str]]:
    """Every link of the page as (its text, its address), in page order."""
    return parsed_page(page).links


def table_rows(page, first_header: str | None = None) -> list[list[str]]:
    """The rows of the page's tables, header rows included, each as the texts of its cells;
    with `first_header`, only the rows of the tables whose first cell reads so."""
    return [
        row
        for table in parsed_page(page).tables
        if first_header is None or (table and table[0][:1] == [first_header])
        for row in table
    ]


# Two counties of the city, each with a small table of 2023 H1 of its own (the city's is the
# 2023 H1 fixture): a county's target #1 is not the city's, and each has its own 县财政局.
COUNTY_ROWS = {
    "dingtao": [
        "1\t张三\t新建农村公路 100 公里\t年底\t已新建农村公路 10 公里\t是\t县交通运输局",
        "2\t张三\t新增城镇就业 2000 人\t年底\t新增就业 1500 人\t是\t县人力资源社会保障局",
        "3\t李四\t完成老旧小区改造 20 个\t年底\t已完成改造 2 个\t否\t县住房城乡建设局、县财政局",
    ],
    "juye": [
        "1\t王五\t新建农村公路 50 公里\t年底\t已新建农村公路 40 公里\t是\t县交通运输局",
        "2\t王五\t新增城镇就业 1000 人\t年底\t正在推进\t是\t县财政局",
    ],
}
COUNTY_NAMES = {"dingtao": "定陶区", "juye": "巨野县"}


@pytest.fixture
def city_and_counties(db, tmp_path) -> dict[str, Organisation]:
    """The city (the default organisation) with its 2023 H1 fixture, and two counties below it
    with their own 2023 H1 tables; every period published."""
    city = Organisation.objects.default()
    import_report("--publish", PROGRESS_2023_H1)
    found = {"heze": city}
    for code, rows in COUNTY_ROWS.items():
        found[code] = Organisation.objects.create(code=code, name=COUNTY_NAMES[code], level="county", parent=city)
        title = f"{COUNTY_NAMES[code]}2023年经济社会发展责任目标上半年工作推进情况一览表"
        import_report("--publish", "--org", code, write_table(tmp_path / f"{code}.txt", rows, title=title))
    return found


def in_own_thread(work) -> threading.Thread:
    """`work` started in a thread of its own, so on a database connection of its own (closed
    when it ends): for tests of what runs at the same time."""

    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def database_url_of_this_test() -> str:
    """The URL of the database this test runs on, for a process of its own (a worker)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )


@pytest.fixture
def db_worker(transactional_db, tmp_path):
    """A real `manage.py db_worker` process on this test's database, killed after the test
    (before the database is emptied). It runs the tasks queued while the test sets
    settings.TASKS to django_tasks_db.DatabaseBackend. Its output goes to `worker.log_path`.

    It marks a running import alive only when it starts it and when it writes: no heartbeat
    writes of its own while a test watches the locks (the tests' imports take seconds, well
    inside UPLOAD_STALE_SECONDS)."""
    env = os.environ | {
        "DATABASE_URL": database_url_of_this_test(),
        "DJANGO_DEBUG": "1",
        "DJANGO_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DJANGO_UPLOAD_HEARTBEAT_SECONDS": "600",
    }
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"]
    log_path = tmp_path / "db_worker.log"
    with log_path.open("wb") as log:  # a file, not a pipe: a pipe nobody reads would stop the worker when full
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    worker.log_path = log_path
    yield worker
    worker.kill()
    worker.wait()


# Browser tests: Playwright driving Debian's Chromium (never a downloaded browser). Outside CI
# a test is skipped when /usr/bin/chromium is missing (apt-get install chromium); with CI=true
# it fails instead. Such tests are marked django_db(transaction=True) and use `live_server`.
CHROMIUM = Path("/usr/bin/chromium")
# The data migrations' rows, which a transactional test's flush removes.
DATA_MIGRATIONS = [
    "0002_known_units_and_aliases",
    "0004_notice_units_and_aliases",
    "0006_officials_group",
    "0022_notice_task_wording",  # after 0004: it splits the alias 0004 adds
]


def restore_migration_data() -> None:
    """A transactional test empties every table after it; put back what the data migrations add.
    In one transaction: row by row in autocommit, each save would build the open-data files again
    (180 builds, 8 s a browser test)."""
    with transaction.atomic():
        for name in DATA_MIGRATIONS:
            module = importlib.import_module(f"targets.migrations.{name}")
            forward = next(op.code for op in module.Migration.operations if isinstance(op, RunPython))
            forward(django_apps, connection.schema_editor())  # not entered: only its connection is read


@pytest.fixture(scope="module")
def browser():
    """Headless /usr/bin/chromium, which loads nothing of its own from the internet."""
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but /usr/bin/chromium is missing: the browser tests cannot run")
        pytest.skip("Chromium is not installed: apt-get install chromium (the tests use /usr/bin/chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django's test database calls happen beside it.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"],
        )  # fmt: skip
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page that records console errors and any request that leaves 127.0.0.1; the test
    fails on either."""
    context = browser.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.console_errors, page.outside_requests = [], []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))

    def guard(route):
        host = urlparse(route.request.url).hostname
        if host not in ("127.0.0.1", "localhost"):
            page.outside_requests.append(route.request.url)
            return route.abort()
        return route.continue_()

    context.route("**/*", guard)
    yield page
    context.close()
    assert page.console_errors == [], f"console errors: {page.console_errors}"
    assert page.outside_requests == [], f"requests leaving 127.0.0.1: {page.outside_requests}"


def log_in_browser(page, live_server, username: str, path: str = "/dashboard/") -> None:
    """Log in on the login page as a user of make_official (its password), from `path`."""
    page.goto(f"{live_server.url}{path}")
    assert "/accounts/login/" in page.url  # anonymous visitors are sent to the login page
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_url(f"{live_server.url}{path}")


# The open-data files (/data/), as a reader downloads them: the tables of each organisation's data set.
TABLES = ("periods", "targets", "reports", "report_units", "units", "leaders")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what waits for the commit of the writes inside it (the open-data build, at once in
    the tests): a test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def listed_files(page) -> dict[str, tuple[int, str]]:
    """The page's files: {name: (size in bytes, SHA-256)}, from its table of files."""
    (table,) = [table for table in parsed_page(page).tables if table[0][-1:] == ["SHA-256"]]
    return {name: (int(size), sha256) for name, _what, size, sha256 in table[1:]}


def download(url: str) -> bytes:
    response = Client().get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def every_file(organisation_path: str = "") -> dict[str, bytes]:
    """Every file the page lists, and the data package, as downloaded."""
    page = Client().get(f"{organisation_path}/data/")
    names = [*listed_files(page), "datapackage.json"]
    return {name: download(f"{organisation_path}/data/{name}") for name in names}


def sqlite_rows(content: bytes, sql: str, tmp_path) -> list[tuple]:
    path = tmp_path / "downloaded.sqlite3"
    path.write_bytes(content)
    with sqlite3.connect(path) as database:
        return database.execute(sql).fetchall()


def csv_rows(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for spreadsheet programs
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def admin_form_data(response) -> dict:
    """What the admin's change form posts back unchanged: its fields and its inlines' forms."""
    forms, data = [response.context["adminform"].form], {}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(name): value for name, value in management.initial.items()}
        forms += inline.formset.forms
    for form in forms:
        for name, field in form.fields.items():
            value = form[name].value()
            if value is not None and value is not False:  # 0 is a value; an unticked box posts nothing
                data[form.add_prefix(name)] = value
            if field.show_hidden_initial:  # a field with a callable default posts its initial value too
                data[form.add_initial_prefix(name)] = field.prepare_value(form[name].initial)
    return data
