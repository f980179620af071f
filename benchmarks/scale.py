"""A province on PostgreSQL: how the pages of one county and the comparison pages of the
province and a city fare beside millions of reports (issue 11, "Scale").

    python benchmarks/scale.py [--reports 7344000] [--database-url URL] [--reset] [--requests 20]

Builds 1 province, 16 cities and 136 counties (and districts) × 20 years × 4 periods, each
period with about 300 targets and 600 reports (7,344,000 reports in all; `--reports N` spreads
N over the same shape), with their leaders, units, pace, year links and per-period tallies.
The bulk of it goes in by COPY, rows generated with a seeded random generator a chunk at a time;
one county's latest year goes through the real import service (targets.imports), from progress
tables written for it, and is timed. It builds in two stages: to 100,000 reports (a tenth of N
when N is under a million), then to N; the measured county is built whole in the first stage,
so that its pages show the same data at both sizes. After each stage it prints the build's rows/s,
the database's size on disk per million reports, the import's time, and for the county's pages
and the province's and the city's comparison pages the median and p95 of the first request after
a change to that organisation (its data version raised before each, nothing cached) and of a
cached request; then the ratios of the two sizes, the plan (EXPLAIN ANALYZE) of every query that
reads the reports table on those pages at full size, and the goals of the issue, met or not.

The database is PostgreSQL only: `--database-url` or SCALE_DATABASE_URL, whose name must hold
"scale" or "bench" (synthetic rows never go into a database meant for real data). It must hold no
reports yet; `--reset` drops and creates it afresh.
"""

import argparse
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Plain Python, no Django: the vocabularies and the seeds' header row.
from analysis.pace import AMOUNT  # noqa: E402
from analysis.signals import CANCELLED, GREEN, GREY, MEASURED, RED, YELLOW  # noqa: E402
from analysis.statuses import BEHIND, DROPPED, ON_TRACK  # noqa: E402
from benchmarks.bench_import import HEADER  # noqa: E402
from importers.table_extent import number_ranges  # noqa: E402
from importers.units import role_at  # noqa: E402

ENVIRONMENT = "SCALE_DATABASE_URL"
YEARS = range(2006, 2026)
TARGETS_PER_YEAR = 300  # each with 1–3 rows: about 600 reports a period
ROWS_PER_TARGET = (1, 2, 3)
FIRST_STAGE = 100_000
CHUNK_REPORTS = 40_000  # reports generated and copied at a time: memory stays bounded
PROVINCE = ("shandong", "山东省")
CITIES = [
    ("jinan", "济南市"),
    ("qingdao", "青岛市"),
    ("zibo", "淄博市"),
    ("zaozhuang", "枣庄市"),
    ("dongying", "东营市"),
    ("yantai", "烟台市"),
    ("weifang", "潍坊市"),
    ("jining", "济宁市"),
    ("taian", "泰安市"),
    ("weihai", "威海市"),
    ("rizhao", "日照市"),
    ("linyi", "临沂市"),
    ("dezhou", "德州市"),
    ("liaocheng", "聊城市"),
    ("binzhou", "滨州市"),
    ("heze", "菏泽市"),
]
CITY = "heze"  # the city whose comparison page is measured; the default organisation
HEZE_COUNTIES = [
    ("caoxian", "曹县"),
    ("juye", "巨野县"),
    ("yuncheng", "郓城县"),
    ("shanxian", "单县"),
    ("chengwu", "成武县"),
    ("juancheng", "鄄城县"),
    ("dongming", "东明县"),
    ("mudan", "牡丹区"),
    ("dingtao", "定陶区"),
]
COUNTIES = 136
ORGANISATIONS = 1 + len(CITIES) + COUNTIES
FULL_REPORTS = ORGANISATIONS * len(YEARS) * 4 * 2 * TARGETS_PER_YEAR  # 7,344,000
LEADER_NAMES = [
    "李春英",
    "聂元科",
    "王昌华",
    "曹临",
    "张鹏",
    "肖友华",
    "刘连栋",
    "姜凌刚",
    "赵文博",
    "孙丽萍",
    "周建国",
    "吴海燕",
    "郑志强",
    "王秀兰",
    "冯国栋",
    "陈晓东",
    "褚卫红",
    "卫明",
    "蒋志远",
    "沈红梅",
    "韩立新",
    "杨帆",
    "朱德胜",
    "秦岭",
    "尤佳",
    "许正阳",
    "何静",
    "吕长青",
    "施展",
    "张玉洁",
]
BUREAUS = [
    "发展改革委",
    "财政局",
    "工业和信息化局",
    "教育局",
    "科技局",
    "公安局",
    "民政局",
    "司法局",
    "人力资源社会保障局",
    "自然资源和规划局",
    "生态环境局",
    "住房城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康委",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监管局",
    "统计局",
    "医保局",
    "信访局",
    "行政审批服务局",
    "大数据局",
    "城市管理局",
    "林业局",
    "供销社",
    "国资委",
    "金融办",
    "粮食和物资储备局",
    "能源局",
    "园林局",
    "招商局",
    "体育局",
    "气象局",
    "档案馆",
    "融媒体中心",
]
PREFIX = {"province": "省", "city": "市", "county": "县", "district": "区"}
GOALS_TEXT = [
    "新建并开通 5G 基站 {n} 个以上",
    "完成固定资产投资 {n} 亿元",
    "新增城镇就业 {n} 人",
    "改造提升城镇老旧小区 {n} 个",
    "新建改建农村公路 {n} 公里",
    "新增普惠性托位 {n} 个",
    "实施省市重点项目 {n} 个",
    "新增高新技术企业 {n} 家",
]
# As targets/synthetic.py draws them: the signal, then the status reported with it.
SIGNAL_WEIGHTS = [GREEN] * 5 + [YELLOW] * 2 + [RED] * 2 + [GREY] * 8 + [CANCELLED]
MARK_OF = {ON_TRACK: "是", BEHIND: "否", DROPPED: "不再实施"}  # the status marks as tables write them
REPORTS_TABLE = "targets_progressreport"
BIG_TABLES = ("targets_progressreport", "targets_reportunit", "targets_reportpace", "targets_target")
COUNTY_GOAL_MS, COMPARISON_GOAL_MS, RATIO_GOAL = 150, 300, 1.5


# --- the shape ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrgSpec:
    code: str
    name: str
    level: str
    parent: str | None


def organisation_specs() -> list[OrgSpec]:
    """The province, its 16 cities, Heze's nine counties and districts and 127 counties more,
    spread over the other cities."""
    specs = [OrgSpec(*PROVINCE, "province", None)]
    specs += [OrgSpec(code, name, "city", PROVINCE[0]) for code, name in CITIES]
    specs += [
        OrgSpec(code, name, "district" if name.endswith("区") else "county", CITY) for code, name in HEZE_COUNTIES
    ]
    others = [city for city in CITIES if city[0] != CITY]
    share, extra = divmod(COUNTIES - len(HEZE_COUNTIES), len(others))
    for index, (code, name) in enumerate(others):
        for number in range(1, share + (index < extra) + 1):
            specs.append(OrgSpec(f"{code}-{number:02d}", f"{name[:-1]}第{number}县", "county", code))
    return specs


def build_order(specs: list[OrgSpec], county: str) -> tuple[list[OrgSpec], OrgSpec, OrgSpec]:
    """The measured county first (whole in the first stage), then the county whose latest year
    the first stage imports, the rest in order (the province first); the last county's latest
    year is imported last."""
    measured = next(spec for spec in specs if spec.code == county)
    rest = [spec for spec in specs if spec is not measured]
    counties = [spec for spec in rest if spec.level in ("county", "district")]
    first_import, last_import = counties[0], counties[-1]
    rest.remove(first_import)
    return [measured, first_import, *rest], first_import, last_import


@dataclass(frozen=True)
class Shape:
    reports: int  # asked for in all

    @property
    def targets_per_year(self) -> float:
        return TARGETS_PER_YEAR * self.reports / FULL_REPORTS

    def targets_in(self, year: int) -> int:
        """Whole numbers that add up over the years, counted from the latest (which gets its
        share first, so that the imported latest year is never empty)."""
        back, each = YEARS[-1] - year, self.targets_per_year
        return math.ceil(round((back + 1) * each, 6)) - math.ceil(round(back * each, 6))


# --- what a year of one organisation holds, the same whichever road it takes ---------------------


@dataclass
class TargetPlan:
    seq: int
    content: str
    deadline: str
    due_date: date | None
    ongoing: bool
    rows: list[tuple[int, tuple[int, ...]]]  # each row: its leader's and its units' indices


@dataclass
class ReportPlan:
    signal: str
    status: str
    progress: str
    completion: float | None
    expected: float


def plan_year(rng: random.Random, year: int, count: int) -> list[TargetPlan]:
    plans = []
    for seq in range(1, count + 1):
        goal = rng.choice(GOALS_TEXT).format(n=rng.randint(10, 3000))
        deadline, due, ongoing = rng.choice(
            [("年底", date(year, 12, 31), False)] * 7 + [("6月底", date(year, 6, 30), False), ("长期坚持", None, True)]
        )
        rows = [
            (rng.randrange(8), tuple(rng.sample(range(len(BUREAUS)), rng.randint(1, 2))))
            for _ in range(rng.choice(ROWS_PER_TARGET))
        ]
        plans.append(TargetPlan(seq, f"{goal}，持续推进第{seq}项重点工作", deadline, due, ongoing, rows))
    return plans


def plan_report(rng: random.Random, label: str, expected: float) -> ReportPlan:
    signal = rng.choice(SIGNAL_WEIGHTS)
    done, share = rng.randint(1, 3000), rng.randint(1, 99)
    progress = (
        f"{label}完成 {done} 个，完成年度目标的 {share}%。已召开专题推进会议 {rng.randint(1, 9)} 次，"
        f"协调解决土地、资金等问题 {rng.randint(1, 30)} 项，下一步将加快进度，确保按期完成。"
    )
    from targets.synthetic import STATUSES, synthetic_completion  # once Django is set up

    return ReportPlan(signal, STATUSES[signal], progress, synthetic_completion(signal, expected, rng), expected)


def block_rng(seed: int, code: str, year: int) -> random.Random:
    """Each organisation's year from its own generator: the same data however the stages fall."""
    return random.Random(f"{seed}/{code}/{year}")


# --- Django and the database ---------------------------------------------------------------------


def database_url(given: str | None) -> str:
    """PostgreSQL, in a database named for benchmarks: millions of synthetic rows (and --reset)
    never land in a database meant for real data, however empty it is."""
    url = given or os.environ.get(ENVIRONMENT, "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            f"scale.py: PostgreSQL only, SQLite is not supported: give --database-url postgres://USER:PASSWORD@HOST:PORT/DB "
            f"or set {ENVIRONMENT} (got {url or 'nothing'})"
        )
    name = url.rpartition("/")[2].partition("?")[0]
    if not re.search(r"scale|bench", name):
        sys.exit(f"scale.py: builds only in a database whose name holds 'scale' or 'bench' (not {name!r})")
    return url


def reset_database(url: str) -> None:
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heze_targets.settings")
    os.environ["DJANGO_DEBUG"] = "0"  # production settings: the speed the site has
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def refuse_a_filled_database(url: str) -> None:
    """Before anything is migrated or written: a database with reports is not built over."""
    import psycopg

    with psycopg.connect(url) as connection:
        if connection.execute(f"SELECT to_regclass('{REPORTS_TABLE}')").fetchone()[0] is None:
            return
        held = connection.execute(f"SELECT count(*) FROM {REPORTS_TABLE}").fetchone()[0]
    if held:
        sys.exit(f"scale.py: the database already holds {held:,} reports: give an empty one, or --reset")


def create_organisations(specs: list[OrgSpec]) -> dict:
    """The organisations (the default one, Heze, put under the province), each with 8 leaders and
    40 units; returns {code: Organisation} with the names and ids of its leaders and units attached."""
    from targets.models import Leader, Organisation, Unit

    found = {}
    for spec in specs:
        parent = found.get(spec.parent)
        organisation, _ = Organisation.objects.update_or_create(
            code=spec.code, defaults={"name": spec.name, "level": spec.level, "parent": parent}
        )
        found[spec.code] = organisation
        organisation.leader_names = random.Random(f"people/{spec.code}").sample(LEADER_NAMES, 8)
        organisation.unit_names = [f"{PREFIX[spec.level]}{bureau}" for bureau in BUREAUS]
        organisation.leader_ids = named_rows(Leader, organisation, organisation.leader_names)
        organisation.unit_ids = named_rows(Unit, organisation, organisation.unit_names)
    return found


def named_rows(model, organisation, names: list[str]) -> list[int]:
    """The ids of the organisation's rows of these names, made where missing (the default
    organisation's migration already knows some units)."""
    known = dict(model.objects.of(organisation).filter(name__in=names).values_list("name", "pk"))
    model.objects.bulk_create(model(organisation=organisation, name=name) for name in names if name not in known)
    known = dict(model.objects.of(organisation).filter(name__in=names).values_list("name", "pk"))
    return [known[name] for name in names]


# --- the bulk road: COPY ---------------------------------------------------------------------------

FIELDS = {
    "ReportingPeriod": ["id", "organisation", "year", "kind", "code", "label", "as_of", "published"],
    "ImportBatch": [
        "id",
        "organisation",
        "period",
        "file_name",
        "sha256",
        "title",
        "notes",
        "imported_at",
        "imported_by",
        "new_count",
        "updated_count",
        "unchanged_count",
        "removed_count",
        "warnings",
        "headers",
        "stated_total",
        "numbers",
        "cut_off",
    ],
    "Target": ["id", "organisation", "year", "seq", "content", "deadline", "due_date", "ongoing"],
    "TargetYearLink": ["id", "earlier", "later", "score", "confirmed", "updated_at"],
    "ProgressReport": [
        "id",
        "target",
        "period",
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
    ],
    "ReportUnit": ["id", "report", "unit", "position", "as_written", "role"],
    "ReportPace": [
        "id",
        "report",
        "kind",
        "goal_value",
        "goal_unit",
        "goal_comparison",
        "goal_text",
        "achieved_unit",
        "achieved_text",
        "completion",
        "expected",
        "gap",
        "measured_signal",
        "signal",
        "contradiction",
        "note",
    ],
}


def copy_statement(model) -> str:
    columns = ", ".join(model._meta.get_field(name).column for name in FIELDS[model.__name__])
    return f"COPY {model._meta.db_table} ({columns}) FROM STDIN"


class BulkBuilder:
    """Organisations' years written by COPY a chunk at a time, with ids counted here (nothing
    else writes meanwhile) and the sequences moved past them after each chunk. The periods it
    built wait for their tallies (`take_periods`)."""

    def __init__(self):
        from targets import models

        self.models = [getattr(models, name) for name in FIELDS]  # in the order of their references
        self.rows: dict = {model: [] for model in self.models}
        self.counts: Counter = Counter()
        self.next_id: dict = {}
        self.previous: dict[int, tuple[int, dict[int, int]]] = {}  # organisation id → (year, targets by seq) last built
        self.seconds = 0.0
        self.periods: list[int] = []
        self.now = datetime.now(UTC)
        self.sync_ids()

    def sync_ids(self) -> None:
        """Count on from the highest id of each table (after an import wrote some)."""
        from django.db.models import Max

        for model in self.models:
            self.next_id[model] = (model.objects.aggregate(top=Max("id"))["top"] or 0) + 1

    def add(self, model, *values) -> int:
        pk = self.next_id[model]
        self.next_id[model] = pk + 1
        self.rows[model].append((pk, *values))
        return pk

    @property
    def pending_reports(self) -> int:
        return len(self.rows[self.models[4]])

    def add_year(self, organisation, year: int, plans: list[TargetPlan], rng: random.Random) -> None:
        from importers.periods import QUARTER_KINDS, Period

        started = time.perf_counter()
        ids = [self._target(organisation, year, plan) for plan in plans]
        self._link_years(organisation.pk, year, {plan.seq: pk for plan, pk in zip(plans, ids, strict=True)})
        for kind in QUARTER_KINDS:
            self._period(organisation, Period(year, kind), list(zip(ids, plans, strict=True)), rng)
        self.seconds += time.perf_counter() - started
        if self.pending_reports >= CHUNK_REPORTS:
            self.flush()

    def _target(self, organisation, year: int, plan: TargetPlan) -> int:
        Target = self.models[2]
        return self.add(
            Target, organisation.pk, year, plan.seq, plan.content, plan.deadline, plan.due_date, plan.ongoing
        )

    def _link_years(self, organisation_id: int, year: int, targets: dict[int, int]) -> None:
        """Each target to the same number of the year built just before, earlier or later."""
        built, other = self.previous.get(organisation_id, (0, {}))
        for seq, pk in targets.items():
            if seq in other and abs(built - year) == 1:
                self.add(
                    self.models[3], *((other[seq], pk) if built < year else (pk, other[seq])), 0.9, False, self.now
                )
        self.previous[organisation_id] = (year, targets)

    def _period(self, organisation, spec, targets: list[tuple[int, TargetPlan]], rng: random.Random) -> None:
        ReportingPeriod, ImportBatch = self.models[0], self.models[1]
        period = self.add(
            ReportingPeriod, organisation.pk, spec.year, spec.kind, spec.code, spec.label, spec.as_of, True
        )
        file_name = f"scale-{organisation.code}-{spec.code}.txt"
        numbers = json.dumps(number_ranges(plan.seq for _target, plan in targets))
        batch = self.add(
            ImportBatch, organisation.pk, period, file_name, "0" * 64, "", "[]", self.now, "scale", 0, 0, 0, 0, "[]",
            "[]", None, numbers, "[]",
        )  # fmt: skip
        expected = spec.as_of.month / 12
        line = 0
        for target, plan in targets:
            for position, (leader, units) in enumerate(plan.rows):
                line += 1
                report = plan_report(rng, spec.label, expected)
                self._report(organisation, (target, period, batch, file_name, line), position, leader, units, report)

    def _report(self, organisation, where: tuple, position: int, leader: int, units: tuple, report: ReportPlan) -> None:
        target, period, batch, file_name, line = where
        ProgressReport, ReportUnit, ReportPace = self.models[4:7]
        mark = MARK_OF[report.status]
        pk = self.add(
            ProgressReport, target, period, position, organisation.leader_ids[leader], "", report.progress, False,
            report.status, mark, "{}", file_name, f"line {line}", batch,
        )  # fmt: skip
        for order, unit in enumerate(units):
            role = role_at(order)  # one unit column: the first listed leads
            self.add(ReportUnit, pk, organisation.unit_ids[unit], order, organisation.unit_names[unit], role)
        measured = report.signal in MEASURED
        gap = round((report.expected - report.completion) * 100, 1) if measured else None
        self.add(
            ReportPace, pk, AMOUNT if measured else "", 1000, "个", "", "", "", "", report.completion,
            report.expected if measured else None, gap, report.signal if measured else GREY, report.signal,
            report.signal == RED and line % 3 == 0, "",
        )  # fmt: skip

    def flush(self) -> None:
        """COPY what is pending and move the sequences past it, in one transaction."""
        from django.db import connection, transaction

        started = time.perf_counter()
        self.periods += [row[0] for row in self.rows[self.models[0]]]
        with transaction.atomic(), connection.connection.cursor() as cursor:
            for model in self.models:
                self._copy(cursor, model)
        self.seconds += time.perf_counter() - started

    def take_periods(self) -> list[int]:
        taken, self.periods = self.periods, []
        return taken

    def _copy(self, cursor, model) -> None:
        rows = self.rows[model]
        if not rows:
            return
        started = time.perf_counter()
        with cursor.copy(copy_statement(model)) as copy:
            for row in rows:
                copy.write_row(row)
        table = model._meta.db_table
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [rows[-1][0]])
        self.counts[table] += len(rows)
        self.counts[f"{table} seconds"] += time.perf_counter() - started
        self.rows[model] = []

    @property
    def written(self) -> int:
        return sum(self.counts[model._meta.db_table] for model in self.models)

    @property
    def reports(self) -> int:
        return self.counts[REPORTS_TABLE]


def refresh_period_tallies(period_ids: list[int]) -> float:
    """The per-period tallies (targets.tallies) of the periods the bulk road built, as the import
    service keeps its own: once a stage, after ANALYZE (statistics of the grown tables give its
    aggregates their plans; a refresh a chunk while the tables grow took five times as long).
    Its seconds."""
    from django.db import connection, transaction

    from targets.tallies import refresh_tallies

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with transaction.atomic():
        refresh_tallies(period_ids)
    return time.perf_counter() - started


# --- the import road: progress tables through targets.imports ---------------------------------------


@dataclass
class ImportTiming:
    organisation: str
    year: int
    beside: int  # reports in the database before it
    rows: int = 0
    seconds: list[float] = field(default_factory=list)
    write_seconds: list[float] = field(default_factory=list)
    words_seconds: float = 0.0


def table_line(organisation, plan: TargetPlan, position: int, row: tuple, report: ReportPlan) -> str:
    """A row in the seeds' format; a target's later rows leave 序号 and the content empty."""
    leader, units = row
    first = position == 0
    cells = [
        str(plan.seq) if first else "",
        organisation.leader_names[leader],
        plan.content if first else "",
        plan.deadline,
        report.progress,
        MARK_OF[report.status],
        " ".join(organisation.unit_names[unit] for unit in units),
    ]
    return "\t".join(cells)


def write_tables(organisation, year: int, plans: list[TargetPlan], rng: random.Random, workdir: Path) -> list[Path]:
    """The year's four progress tables, as the county's office sends them: the same reports the
    bulk road would have written for that year."""
    from importers.periods import PERIOD_KINDS, QUARTER_KINDS, Period

    paths = []
    for kind in QUARTER_KINDS:
        word = PERIOD_KINDS[kind][0]
        spec = Period(year, kind)
        lines = [f"{organisation.name}人民政府{year}年经济社会发展责任目标{word}工作推进情况一览表", "", HEADER]
        for plan in plans:
            for position, row in enumerate(plan.rows):
                lines.append(
                    table_line(organisation, plan, position, row, plan_report(rng, spec.label, spec.as_of.month / 12))
                )
        path = workdir / f"{organisation.code}-{spec.code}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def import_year(organisation, year: int, plans: list[TargetPlan], rng: random.Random, workdir: Path, beside: int):
    """The year's tables through the import service (pace, links, tallies, version), each timed.
    The words of the organisation's earlier targets are kept first, as their imports would have."""
    from targets.imports import import_progress_file
    from targets.linking import keep_words
    from targets.models import Target

    timing = ImportTiming(f"{organisation.code} {organisation.name}", year, beside)
    started = time.perf_counter()
    keep_words(Target.objects.of(organisation).values_list("content", flat=True).distinct())
    timing.words_seconds = time.perf_counter() - started
    for path in write_tables(organisation, year, plans, rng, workdir):
        started = time.perf_counter()
        summary = import_progress_file(path, organisation=organisation, publish=True, imported_by="scale")
        timing.seconds.append(time.perf_counter() - started)
        timing.write_seconds.append(summary.write_seconds)
        timing.rows += summary.new
    return timing


# --- the build, in stages ---------------------------------------------------------------------------


@dataclass
class StageBuild:
    rows: int
    seconds: float  # generating and copying them
    counts: Counter  # by table, and each table's seconds of COPY under "<table> seconds"
    imported: ImportTiming | None = None
    periods: int = 0
    tally_seconds: float = 0.0
    vacuum_seconds: float = 0.0
    wall_seconds: float = 0.0


class Build:
    """Every organisation's years in order: by COPY, but for the latest year of two counties,
    which go through the import service (one in the first stage, one at the very end)."""

    def __init__(self, order: list[OrgSpec], imported: tuple[OrgSpec, ...], organisations: dict, args, workdir: Path):
        # Latest year first, so that the first stage ends with the province's latest period (its
        # comparison page has a period to show); the imported counties' years in order, their latest
        # year imported last beside its history.
        self.blocks = [(spec, year) for spec in order for year in (YEARS if spec in imported else YEARS[::-1])]
        self.imported = {(spec.code, YEARS[-1]) for spec in imported}
        self.organisations, self.shape, self.seed, self.workdir = organisations, Shape(args.reports), args.seed, workdir
        self.position = 0
        self.bulk = BulkBuilder()
        self.imported_reports = 0

    @property
    def reports(self) -> int:
        return self.bulk.reports + self.bulk.pending_reports + self.imported_reports

    def block_index(self, spec: OrgSpec, year: int) -> int:
        return self.blocks.index((spec, year))

    def run(self, until_reports: float, through: int) -> StageBuild:
        """Build on until `until_reports` and at least through block `through`."""
        started, rows, seconds, counts = time.perf_counter(), self.bulk.written, self.bulk.seconds, +self.bulk.counts
        imported = None
        while self.position < len(self.blocks) and (self.reports < until_reports or self.position <= through):
            imported = self.step() or imported
        self.bulk.flush()
        stage = StageBuild(self.bulk.written - rows, self.bulk.seconds - seconds, self.bulk.counts - counts, imported)
        stage.periods = len(self.bulk.periods)
        stage.tally_seconds = refresh_period_tallies(self.bulk.take_periods())
        stage.vacuum_seconds = settle()
        stage.wall_seconds = time.perf_counter() - started
        return stage

    def step(self) -> ImportTiming | None:
        spec, year = self.blocks[self.position]
        self.position += 1
        organisation = self.organisations[spec.code]
        rng = block_rng(self.seed, spec.code, year)
        plans = plan_year(rng, year, self.shape.targets_in(year))
        if (spec.code, year) not in self.imported:
            self.bulk.add_year(organisation, year, plans, rng)
            return None
        self.bulk.flush()
        timing = import_year(organisation, year, plans, rng, self.workdir, self.reports)
        self.imported_reports += timing.rows
        self.bulk.sync_ids()
        return timing


def settle() -> float:
    """Every organisation's pages stale (the bulk road bypasses the version), then VACUUM ANALYZE,
    as autovacuum would in time: the planner's statistics and the visibility map of a settled
    database. Its seconds."""
    from django.db import connection

    from targets.cache import bump_data_version

    bump_data_version()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return time.perf_counter() - started


# --- measuring the pages ------------------------------------------------------------------------------


@dataclass
class Page:
    name: str
    url: str
    organisation: object  # whose data version is raised before each uncached request
    comparison: bool = False


@dataclass
class Timing:
    status: int
    uncached: list[float] = field(default_factory=list)
    cached: list[float] = field(default_factory=list)
    queries: int = 0
    on_reports: int = 0

    @property
    def ok(self) -> bool:
        return self.status == 200 and bool(self.uncached)


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * 0.95) - 1)]


def organisation_base(organisation) -> str:
    """The officials' pages of an organisation: the default one's where they have always been."""
    return "/dashboard/" if organisation.is_default else f"/dashboard/o/{organisation.code}/"


def leader_query_value(leader) -> str:
    """The period table's leader filter as dashboard/filters.py reads it: a choice of the
    leaders (by primary key, or the field it names), or else the name as written."""
    from dashboard.filters import ReportFilter

    found = ReportFilter.base_filters.get("leader")
    if found is None or "queryset" not in found.extra:
        return leader.name
    return str(getattr(leader, found.extra.get("to_field_name") or "pk"))


def county_pages(county) -> list[Page]:
    """The county's overview, its latest period's table (first page, and one leader's rows by
    status), its busiest leader and unit, and a target of the middle year with its history."""
    from django.db.models import Count

    from targets.models import Leader, ReportingPeriod, Target, Unit

    base = organisation_base(county)
    code = ReportingPeriod.objects.of(county).latest_first().values_list("code", flat=True).first()
    pages = [Page("county overview", base, county), Page("county period", f"{base}periods/{code}/", county)]
    leader = Leader.objects.of(county).annotate(n=Count("reports")).order_by("-n", "name").first()
    unit = Unit.objects.of(county).annotate(n=Count("report_units")).order_by("-n", "name").first()
    targets = Target.objects.of(county).order_by("-year", "seq")
    target = targets.filter(year__lte=YEARS[len(YEARS) // 2]).first() or targets.first()
    if leader:
        query = f"?leader={quote(leader_query_value(leader))}&sort=-status"
        pages.append(Page("county period filtered+sorted", f"{base}periods/{code}/{query}", county))
        pages.append(Page("county leader", f"{base}leaders/{quote(leader.name)}/", county))
    if unit:
        pages.append(Page("county unit", f"{base}units/{quote(unit.name)}/", county))
    if target:
        pages.append(Page("county target", f"{base}targets/{target.year}/{target.seq}/", county))
    return pages


def comparison_pages(province, city, code: str) -> list[Page]:
    return [
        Page(f"{label} comparison", f"{organisation_base(organisation)}periods/{code}/children/", organisation, True)
        for label, organisation in (("province", province), ("city", city))
    ]


def timed_get(client, url: str) -> float:
    started = time.perf_counter()
    status = client.get(url).status_code
    elapsed = (time.perf_counter() - started) * 1000
    assert status == 200, f"{url}: HTTP {status}"
    return elapsed


def report_queries(captured) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if REPORTS_TABLE in query["sql"] and query["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]


def measure(client, page: Page, requests: int) -> Timing:
    """`requests` first requests after a change to the page's organisation, then as many cached."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from targets.cache import bump_data_version

    bump_data_version(page.organisation)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(page.url).status_code
    timing = Timing(status, queries=len(captured), on_reports=len(report_queries(captured)))
    if status != 200:
        return timing
    for _ in range(requests):
        bump_data_version(page.organisation)
        timing.uncached.append(timed_get(client, page.url))
    client.get(page.url)
    timing.cached = [timed_get(client, page.url) for _ in range(requests)]
    return timing


@dataclass
class QueryPlan:
    page: str
    number: int
    sql: str
    lines: list[str]

    @property
    def seq_scans(self) -> list[str]:
        return [line.strip() for line in self.lines if "Seq Scan on " in line and any(t in line for t in BIG_TABLES)]

    @property
    def milliseconds(self) -> float:
        found = [re.search(r"Execution Time: ([\d.]+) ms", line) for line in self.lines]
        return next((float(match[1]) for match in found if match), 0.0)


def explain(client, page: Page) -> list[QueryPlan]:
    """EXPLAIN ANALYZE of every query of an uncached request of the page that reads the reports."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from targets.cache import bump_data_version

    bump_data_version(page.organisation)
    with CaptureQueriesContext(connection) as captured:
        client.get(page.url)
    plans = []
    with connection.cursor() as cursor:
        for number, sql in enumerate(report_queries(captured), 1):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            plans.append(QueryPlan(page.name, number, sql, [row[0] for row in cursor.fetchall()]))
    return plans


# --- what it prints -------------------------------------------------------------------------------------


def mib(size: float) -> float:
    return size / 2**20


def size_line(reports: int) -> str:
    from django.db import connection

    from targets.models import PeriodTally

    tables = {
        "reports": REPORTS_TABLE,
        "report units": "targets_reportunit",
        "paces": "targets_reportpace",
        "targets": "targets_target",
        "tallies": PeriodTally._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        total = cursor.fetchone()[0]
        sizes = {}
        for label, table in tables.items():
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
            sizes[label] = cursor.fetchone()[0]
    millions = reports / 1e6
    parts = ", ".join(f"{label} {mib(size) / millions:,.1f}" for label, size in sizes.items())
    return (
        f"  size: database {mib(total):,.1f} MiB, {mib(total) / millions:,.1f} MiB per million reports "
        f"(with their indexes, per million reports: {parts} MiB)"
    )


def print_stage(number: int, reports: int, stage: StageBuild, county) -> None:
    from targets.models import ProgressReport

    own = ProgressReport.objects.filter(period__organisation=county).count()
    print(f"stage {number}: {reports:,} reports in the database ({county.code} {county.name}: {own:,} of them)")
    print(
        f"  build: {stage.rows:,} rows by COPY in {stage.seconds:.1f} s, {rate(stage.rows, stage.seconds)} rows/s "
        f"(generated and copied); tallies of {stage.periods:,} periods {stage.tally_seconds:.1f} s; "
        f"vacuum analyze {stage.vacuum_seconds:.1f} s; {stage.wall_seconds:.1f} s in all"
    )
    tables = [table for table in stage.counts if not table.endswith(" seconds")]
    copies = (f"{table.removeprefix('targets_')} {stage.counts[table]:,}" for table in tables)
    print(f"  copied: {', '.join(copies)}")
    print(f"  COPY alone, rows/s: {', '.join(table_rate(stage, table) for table in tables)}")
    if stage.imported:
        print(import_line(stage.imported))
    print(size_line(reports))


def rate(rows: float, seconds: float) -> str:
    return f"{rows / seconds:,.0f}" if seconds else "—"


def table_rate(stage: StageBuild, table: str) -> str:
    return f"{table.removeprefix('targets_')} {rate(stage.counts[table], stage.counts[f'{table} seconds'])}"


def import_line(timing: ImportTiming) -> str:
    return (
        f"  import: {timing.organisation} {timing.year}, {len(timing.seconds)} tables of {timing.rows:,} rows in all, "
        f"through the import service beside {timing.beside:,} reports: {sum(timing.seconds):.1f} s "
        f"(a table: median {median(timing.seconds):.2f} s, slowest {max(timing.seconds):.2f} s; "
        f"write transaction median {median(timing.write_seconds):.2f} s); "
        f"the earlier targets' words kept first in {timing.words_seconds:.1f} s"
    )


def print_pages(timings: dict[str, Timing], requests: int) -> None:
    print(f"  {f'pages (a staff user, {requests} requests each)':<40}{'uncached ms':>18}{'cached ms':>18}  queries")
    print(f"  {'':<40}{'median':>9}{'p95':>9}{'median':>9}{'p95':>9}")
    for name, timing in timings.items():
        if not timing.ok:
            print(f"  {name:<40}HTTP {timing.status}")
            continue
        print(
            f"  {name:<40}{median(timing.uncached):>9.1f}{p95(timing.uncached):>9.1f}"
            f"{median(timing.cached):>9.1f}{p95(timing.cached):>9.1f}  {timing.queries} ({timing.on_reports} on reports)"
        )


def print_plans(plans: list[QueryPlan]) -> None:
    print(f"plans at full size: {len(plans)} queries read {REPORTS_TABLE} (EXPLAIN ANALYZE, BUFFERS)")
    for plan in plans:
        flag = " — SEQ SCAN" if plan.seq_scans else ""
        print(f"plan: {plan.page} #{plan.number}, {plan.milliseconds:.1f} ms{flag}")
        print(f"  sql: {plan.sql}")
        for line in plan.lines:
            print(f"    {line}")


def print_ratios(stages: list[tuple[int, dict[str, Timing]]]) -> None:
    (small, first), (full, last) = stages
    print(f"full size ({full:,} reports) against the first stage ({small:,}): medians in ms, and their ratio")
    for name, before in first.items():
        after = last[name]
        if not (before.ok and after.ok):
            print(f"  {name:<31}HTTP {before.status} / {after.status}")
            continue
        print(
            f"  {name:<31}uncached {ratio_text(before.uncached, after.uncached)};  cached {ratio_text(before.cached, after.cached)}"
        )


def ratio_text(before: list[float], after: list[float]) -> str:
    return f"{median(before):7.1f} → {median(after):7.1f} ×{median(after) / median(before):.2f}"


def goal_line(text: str, met: bool, why: str = "") -> str:
    return f"goal: {text}: {'met' if met else 'NOT met'}{f' ({why})' if why else ''}"


def goals(pages: list[Page], stages: list[tuple[int, dict[str, Timing]]], plans: list[QueryPlan]) -> list[str]:
    (small, first), (_, last) = stages
    lines = []
    for page in pages:
        before, after = first[page.name], last[page.name]
        limit = COMPARISON_GOAL_MS if page.comparison else COUNTY_GOAL_MS
        if not after.ok:
            lines.append(
                goal_line(f"{page.name} uncached under {limit} ms at full size", False, f"HTTP {after.status}")
            )
            continue
        at_full = median(after.uncached)
        lines.append(
            goal_line(f"{page.name} uncached median at full size {at_full:.1f} ms < {limit} ms", at_full < limit)
        )
        if not page.comparison and before.ok:
            growth = at_full / median(before.uncached)
            lines.append(
                goal_line(
                    f"{page.name} full size / {small:,} reports {growth:.2f} ≤ {RATIO_GOAL}", growth <= RATIO_GOAL
                )
            )
    scans = [f"{plan.page} #{plan.number}" for plan in plans if any(REPORTS_TABLE in line for line in plan.seq_scans)]
    text = f"no Seq Scan on {REPORTS_TABLE} in the {len(plans)} plans"
    lines.append(goal_line(text, not scans, ", ".join(scans)))
    return lines


# --- the run ------------------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=FULL_REPORTS, help="reports in all (default %(default)s)")
    parser.add_argument("--database-url", help=f"postgres://USER:PASSWORD@HOST:PORT/DB (or {ENVIRONMENT})")
    parser.add_argument("--reset", action="store_true", help="drop and create the database first")
    parser.add_argument("--requests", type=int, default=20, help="timed requests a page, uncached and cached")
    parser.add_argument("--first", type=int, default=FIRST_STAGE, help="reports of the first stage")
    parser.add_argument("--county", default="caoxian", help="the county whose pages are measured")
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    if args.county not in {spec.code for spec in organisation_specs()}:
        sys.exit(f"scale.py: no organisation {args.county!r} in the synthetic province")
    return args


def first_stage(args: argparse.Namespace) -> int:
    """100,000 reports, or a tenth of the whole when that is under a million."""
    return args.first if args.reports >= 10 * args.first else max(1, args.reports // 10)


def run(args: argparse.Namespace) -> None:
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    specs = organisation_specs()
    order, *imported = build_order(specs, args.county)
    organisations = create_organisations(specs)
    county, city, province = (organisations[code] for code in (args.county, CITY, PROVINCE[0]))
    # As the reverse proxy forwards them: production settings redirect plain http.
    # A page that fails is measured as its status (and logged), not the end of the run.
    client = Client(headers={"X-Forwarded-Proto": "https"}, raise_request_exception=False)
    client.force_login(User.objects.create_user("scale-staff", is_staff=True))
    print(
        f"scale: PostgreSQL {connection.pg_version // 10000}, {len(specs)} organisations (1 province, {len(CITIES)} "
        f"cities, {COUNTIES} counties and districts) × {len(YEARS)} years × 4 periods; {args.reports:,} reports asked, "
        f"first stage {first_stage(args):,}; pages of {county.code} {county.name}, comparisons of {province.name} and {city.name}"
    )
    stages, pages = [], []
    with tempfile.TemporaryDirectory(prefix="scale-") as workdir:
        build = Build(order, tuple(imported), organisations, args, Path(workdir))
        limits = [(first_stage(args), build.block_index(imported[0], YEARS[-1])), (math.inf, len(build.blocks))]
        for number, (until, through) in enumerate(limits, 1):
            stage = build.run(until, through)
            print_stage(number, build.reports, stage, county)
            if not pages:
                pages = county_pages(county)
                pages += comparison_pages(province, city, pages[1].url.rstrip("/").rpartition("/")[2])
            timings = {page.name: measure(client, page, args.requests) for page in pages}
            print_pages(timings, args.requests)
            stages.append((build.reports, timings))
    plans = [plan for page in pages for plan in explain(client, page)]
    print_plans(plans)
    print_ratios(stages)
    print("\n".join(goals(pages, stages, plans)))


def main() -> None:
    args = parse_args()
    url = database_url(args.database_url)
    if args.reset:
        reset_database(url)
    refuse_a_filled_database(url)
    django_setup(url)
    run(args)


if __name__ == "__main__":
    main()
