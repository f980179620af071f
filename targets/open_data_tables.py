"""The tables of the open data (targets.open_data): each one CSV file and one table of the SQLite
file, described field by field in the data package. Defined once here, so that the files and
their documentation cannot drift apart.

Every row comes from published periods only (`visible_to(THE_PUBLIC)`, the public site's rule):
no report, target, leader or unit that only a draft names, and none of what the public never
sees (source files, import batches, user names, review flags). Rows are read a chunk at a time,
so that a build holds a few thousand of them, never the whole data set.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from analysis import signals, statuses
from analysis.quantities import COMPARISONS
from targets.export import (
    export_periods,
    export_reports,
    period_record,
    report_record,
    source_sentence,
    unit_records,
)
from targets.models import (
    ImportBatch,
    Leader,
    PeriodKind,
    ProgressReport,
    ReportingPeriod,
    ReportUnit,
    Target,
    Unit,
    UnitRole,
)

# Whoever builds the files, they hold what anyone may read.
THE_PUBLIC = AnonymousUser()
# Rows read from the database at a time.
CHUNK_ROWS = 2000
# Joins the names of a cell that lists several (a report's units, a unit's spellings), as the
# tables themselves write them.
NAME_SEPARATOR = "、"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date, object
    description: str
    values: tuple[str, ...] = ()  # the only values it takes, when it is a code

    def descriptor(self) -> dict:
        described = {"name": self.name, "type": self.type, "description": self.description}
        return described | ({"constraints": {"enum": list(self.values)}} if self.values else {})


@dataclass(frozen=True)
class Table:
    name: str
    title: str  # what the data page says it holds
    description: str  # the data package's, in English
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    rows: Callable  # (organisation) -> an iterator of tuples, one value per field
    # (fields, the table they point to, its fields)
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    def schema(self) -> dict:
        return {
            "fields": [field.descriptor() for field in self.fields],
            "primaryKey": list(self.primary_key),
            "foreignKeys": [
                {"fields": list(fields), "reference": {"resource": table, "fields": list(referenced)}}
                for fields, table, referenced in self.foreign_keys
            ],
        }


def published_reports(organisation):
    return ProgressReport.objects.visible_to(THE_PUBLIC).of(organisation)


def published_periods(organisation):
    return export_periods(organisation, periods=ReportingPeriod.objects.visible_to(THE_PUBLIC))


def published_units(organisation):
    named = ReportUnit.objects.filter(unit=OuterRef("pk"), report__in=published_reports(organisation))
    return Unit.objects.filter(Exists(named))


def _date(value) -> str | None:
    return value.isoformat() if value else None


def period_rows(organisation) -> Iterator[tuple]:
    periods = list(published_periods(organisation))
    batches = ImportBatch.objects.latest_by_period(periods)
    for period in periods:
        record = period_record(period, batches.get(period.pk))
        table = record["table"] or {}
        yield (
            *(record[name] for name in ("code", "label", "year", "kind", "as_of")),
            *(table.get(name) for name in ("title", "stated_total", "listed")),
        )


def target_rows(organisation) -> Iterator[tuple]:
    targets = (
        Target.objects.visible_to(THE_PUBLIC)
        .of(organisation)
        .select_related("source__sentence__report")
        .order_by("year", "seq")
    )
    for target in targets.iterator(chunk_size=CHUNK_ROWS):
        sentence = source_sentence(target)
        yield (
            *(target.year, target.seq, target.content, target.deadline),
            *(_date(target.due_date), target.ongoing, (sentence["text"] or None) if sentence else None),
        )


# The figures pace_record measures, in the reports table's order.
MEASURED = ("measure", "goal", "goal_unit", "goal_comparison", "achieved", "completion", "expected")


def report_rows(organisation) -> Iterator[tuple]:
    for report in export_reports(organisation, reports=published_reports(organisation)).iterator(CHUNK_ROWS):
        record = report_record(report)
        measured = record["pace"] or {}
        pace = getattr(report, "pace", None)
        yield (
            *(record["period"], report.target.year, report.target.seq, record["position"], record["leader"]),
            NAME_SEPARATOR.join(record["units"]) or None,
            *(record[name] for name in ("deadline", "status", "status_as_written", "progress", "progress_shared")),
            json.dumps(record["extras"], ensure_ascii=False) if record["extras"] else None,
            *(measured.get(name) for name in MEASURED),
            pace.signal if pace else None,
            pace.contradiction if pace else None,
        )


def report_unit_rows(organisation) -> Iterator[tuple]:
    report_units = ReportUnit.objects.filter(report__in=published_reports(organisation)).order_by(
        "report__target__year", "report__target__seq", "report__period__as_of", "report__position", "position"
    )
    yield from report_units.values_list(
        "report__period__code",
        "report__target__year",
        "report__target__seq",
        "report__position",
        "position",
        "unit__name",
        "as_written",
        "role",
    ).iterator(CHUNK_ROWS)


def unit_rows(organisation) -> Iterator[tuple]:
    for record in unit_records(organisation, published_units(organisation)):
        yield record["name"], NAME_SEPARATOR.join(record["aliases"]) or None


def leader_rows(organisation) -> Iterator[tuple]:
    published = Count("reports", filter=Q(reports__period__published=True))
    leaders = Leader.objects.of(organisation).annotate(report_count=published).filter(report_count__gt=0)
    yield from leaders.order_by("name").values_list("name", "report_count").iterator(CHUNK_ROWS)


PERIOD = Field("period", "string", "The period's code (报告期), as in the periods table.")
YEAR = Field("year", "integer", "The target's year (年度): targets are numbered anew each year.")
SEQ = Field("seq", "integer", "The target's number in its year (序号).")
POSITION = Field(
    "position", "integer", "The report's row among its target's rows in the period's table (0 first; 行次)."
)
REPORT_KEY = ("period", "year", "seq", "position")

TABLES = (
    Table(
        "periods",
        _("报告期"),
        "The published reporting periods, each one progress table (工作推进情况一览表).",
        (
            Field(
                "code",
                "string",
                "Period code (报告期代码): the year and the span it reports to, e.g. 2023-H1 (first half), "
                "2023-Q3 (to the third quarter), 2023-FY (full year), 2023-M05 (January to May).",
            ),
            Field("label", "string", "The period's name as the table gives it (名称), e.g. 2023年上半年."),
            Field("year", "integer", "The year it reports on (年度)."),
            Field("kind", "string", "The span: Q1, H1, Q3, FY, or Mnn for January to month nn.", PeriodKind.values),
            Field("as_of", "date", "The date the table reports progress at (截至日期)."),
            Field("title", "string", "The table's title line as written (标题)."),
            Field(
                "stated_total",
                "integer",
                "The number of targets the table's text says it reports on, where it says so (表中所称目标数).",
            ),
            Field("listed", "integer", "The number of targets the table lists (所列目标数)."),
        ),
        ("code",),
        period_rows,
    ),
    Table(
        "targets",
        _("责任目标"),
        "The responsibility targets (责任目标) reported on in a published period.",
        (
            YEAR,
            SEQ,
            Field("content", "string", "What the target commits to, as written (责任目标内容)."),
            Field("deadline", "string", "The deadline as written (完成时限), e.g. 年底 (end of the year)."),
            Field("due_date", "date", "The date read from the deadline (截止日期); empty when it names none."),
            Field("ongoing", "boolean", "A standing task without an end (长期任务)."),
            Field(
                "work_report_sentence",
                "string",
                "The sentence of the government work report (政府工作报告) the target was cut from, where known.",
            ),
        ),
        ("year", "seq"),
        target_rows,
    ),
    Table(
        "reports",
        _("推进情况（每个报告期每项目标一行）"),
        "One row per target per published period (推进情况): who leads it, the progress as written, the "
        "status the table gives, and the pace measured from the texts (序时进度).",
        (
            PERIOD,
            YEAR,
            SEQ,
            POSITION,
            Field("leader", "string", "The city government leader in charge (市政府领导)."),
            Field("units", "string", "The responsible units (责任单位), lead units first, joined by 、."),
            Field("deadline", "string", "The deadline as this row writes it (完成时限)."),
            Field(
                "status",
                "string",
                "The status the table gives, as a code: on_track (是, on schedule), behind (否), dropped "
                "(no longer carried out), completed (已完成), unreported (empty), incomplete (the row was cut "
                "off in the source document).",
                statuses.CODES,
            ),
            Field("status_as_written", "string", "The status cell as written (是否按计划完成进度)."),
            Field("progress", "string", "The progress text as written (推进情况)."),
            Field("progress_shared", "boolean", "The progress text is the row above's (a merged cell)."),
            Field("extras", "object", "Other columns of the table, by their header (JSON object)."),
            Field(
                "measure",
                "string",
                "How the target's goal is measured: amount, growth, share, ceiling or stated_share; "
                "empty when nothing is measurable.",
            ),
            Field("goal", "number", "The goal's figure read from the target (目标值)."),
            Field("goal_unit", "string", "The goal's unit (目标单位), e.g. 个, 万元, %."),
            Field(
                "goal_comparison",
                "string",
                "How the goal compares: at_least (以上), about (左右), within (以内), reach (达到).",
                COMPARISONS,
            ),
            Field("achieved", "number", "The achieved figure read from the progress text (完成值)."),
            Field("completion", "number", "Completion (完成度) as a share of the goal: 0.5 is half."),
            Field(
                "expected",
                "number",
                "The progress expected for the time elapsed at the as-of date (序时进度), as a share: 0.5 is half.",
            ),
            Field(
                "signal",
                "string",
                "The pace signal (进度信号): green (on pace), yellow (slightly behind), red (clearly behind, or "
                "reported behind), grey (nothing comparable), cancelled (no longer carried out).",
                signals.SIGNALS,
            ),
            Field(
                "contradiction",
                "boolean",
                "The status the table gives and the figures disagree (与报告状态矛盾).",
            ),
        ),
        REPORT_KEY,
        report_rows,
        (
            (("period",), "periods", ("code",)),
            (("year", "seq"), "targets", ("year", "seq")),
            (("leader",), "leaders", ("name",)),
        ),
    ),
    Table(
        "report_units",
        _("推进情况的责任单位"),
        "The responsible units of each report, one row per unit, as written and as resolved.",
        (
            PERIOD,
            YEAR,
            SEQ,
            POSITION,
            Field("unit_position", "integer", "The unit's place in the report's list, in written order (0 first)."),
            Field("unit", "string", "The unit's standard name (规范名称), as in the units table."),
            Field("unit_as_written", "string", "The unit as the table writes it."),
            Field("role", "string", "lead (牵头单位) or participating (参与单位).", UnitRole.values),
        ),
        (*REPORT_KEY, "unit_position"),
        report_unit_rows,
        ((REPORT_KEY, "reports", REPORT_KEY), (("unit",), "units", ("name",))),
    ),
    Table(
        "units",
        _("责任单位"),
        "The responsible units (责任单位) named by published reports.",
        (
            Field("name", "string", "The unit's standard name (规范名称)."),
            Field("aliases", "string", "Other spellings the tables use for it, joined by 、."),
        ),
        ("name",),
        unit_rows,
    ),
    Table(
        "leaders",
        _("市政府领导"),
        "The city government leaders (市政府领导) in charge of published reports.",
        (
            Field("name", "string", "The leader's name (姓名)."),
            Field("reports", "integer", "The number of published reports they are in charge of."),
        ),
        ("name",),
        leader_rows,
    ),
)
