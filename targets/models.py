import itertools
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analysis import quantities, signals, statuses
from importers import periods, units, work_report_parser
from importers.table_extent import TableExtent
from targets.access import is_official, scope_of

# The longest names and marks kept; the importer refuses longer ones as misread rows.
NAME_LENGTH, UNIT_LENGTH, MARK_LENGTH = 50, 100, 50
# What pages show for a report's leader or unit that its table does not name.
NOT_NAMED = _("未列明")


# The choices below take their values from the plain-Python vocabularies that the importers and
# the analysis use, and add the labels pages show (in the active language).
class PeriodKind(models.TextChoices):
    FIRST_QUARTER = periods.FIRST_QUARTER, _("第一季度")
    FIRST_HALF = periods.FIRST_HALF, _("上半年")
    THIRD_QUARTER = periods.THIRD_QUARTER, _("第三季度")
    FULL_YEAR = periods.FULL_YEAR, _("全年")
    # From January to the month (periods.MONTH_KINDS, in order: M01, M02, M04 … M11).
    M01 = periods.MONTH_KINDS[0], _("1月")
    M02 = periods.MONTH_KINDS[1], _("1-2月")
    M04 = periods.MONTH_KINDS[2], _("1-4月")
    M05 = periods.MONTH_KINDS[3], _("1-5月")
    M07 = periods.MONTH_KINDS[4], _("1-7月")
    M08 = periods.MONTH_KINDS[5], _("1-8月")
    M10 = periods.MONTH_KINDS[6], _("1-10月")
    M11 = periods.MONTH_KINDS[7], _("1-11月")


class Status(models.TextChoices):
    ON_TRACK = statuses.ON_TRACK, _("按计划推进")
    BEHIND = statuses.BEHIND, _("未按计划")
    DROPPED = statuses.DROPPED, _("不再实施")
    UNREPORTED = statuses.UNREPORTED, _("未报告")
    COMPLETED = statuses.COMPLETED, _("已完成")
    INCOMPLETE = statuses.INCOMPLETE, _("原表不完整")


def choice_label(choices: type[models.Choices], value: str) -> str:
    """A code's label in the active language, the code itself when unknown: what get_FOO_display
    gives, in one lookup (Django's makes the field's choices a dictionary, translating every label,
    at each call: a period's table asks twice a row)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class OrganisationLevel(models.TextChoices):
    PROVINCE = "province", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县")
    DISTRICT = "district", _("区")
    ZONE = "zone", _("开发区")


# A code is part of URLs (o/<code>/): lower-case letters, digits and single hyphens.
ORGANISATION_CODE = RegexValidator(
    r"^[a-z0-9]+(-[a-z0-9]+)*$", _("代码只能由小写字母、数字和单个连字符组成，例如 dingtao。")
)


class OrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The organisations whose officials' pages the user may read (targets.access.scope_of);
        everyone may read every organisation's published periods."""
        scope = scope_of(user)
        return self if scope is None else self.filter(pk__in=scope)

    def default(self) -> "Organisation":
        defaults = {"name": settings.DEFAULT_ORGANISATION_NAME, "level": OrganisationLevel.CITY}
        return self.get_or_create(code=settings.DEFAULT_ORGANISATION_CODE, defaults=defaults)[0]


class Organisation(models.Model):
    """A government whose targets are followed: a province, a city, a county, a district or a
    development zone, each within its parent. Its members are the officials who follow it (and
    the organisations below it)."""

    code = models.CharField(_("代码"), max_length=40, unique=True, validators=[ORGANISATION_CODE])
    name = models.CharField(_("全称"), max_length=100)
    level = models.CharField(_("层级"), max_length=10, choices=OrganisationLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("成员"), blank=True, related_name="organisations"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("单位（政府）")
        verbose_name_plural = _("单位（政府）")

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.code == settings.DEFAULT_ORGANISATION_CODE


def default_organisation_id() -> int:
    """Rows made without an organisation (a shell, an old script) belong to the default one."""
    return Organisation.objects.default().pk


def organisation_field(related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        default=default_organisation_id,
        related_name=related_name,
        verbose_name=_("所属政府"),
    )


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to an organisation: what a user may read of them, and one organisation's."""

    def of(self, organisation):
        return self.filter(organisation=organisation)

    def in_scope_of(self, user):
        scope = scope_of(user)
        return self if scope is None else self.filter(organisation__in=scope)


class ReportingPeriodQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Officials see every period of the organisations they follow; everyone else only the
        published ones."""
        return self.in_scope_of(user) if is_official(user) else self.published()

    def latest_first(self):
        return self.order_by("-as_of")

    def with_status_counts(self):
        """Each period with its number of targets and of reports by status, in one query that
        reads the kept tallies (PeriodTally), not the reports."""
        whole = models.FilteredRelation("tallies", condition=Q(tallies__dimension=TallyDimension.PERIOD))
        counted = {"report_count": "reports", "target_count": "targets"}
        counted |= {f"{status}_count": f"status_{status}" for status in Status.values}
        counts = {name: Coalesce(models.F(f"whole__{field}"), 0) for name, field in counted.items()}
        return self.annotate(whole=whole, **counts).order_by("-as_of")


class ReportingPeriod(models.Model):
    organisation = organisation_field("periods")
    year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("时段"), max_length=3, choices=PeriodKind.choices)
    code = models.CharField(_("代码"), max_length=8)
    label = models.CharField(_("名称"), max_length=20)
    as_of = models.DateField(_("截至日期"))
    published = models.BooleanField(_("已公开"), default=False)
    # When it was last made public (the feeds' newly published periods); kept by save().
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True, editable=False)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-as_of"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unique_period_code")]
        verbose_name = _("报告期")
        verbose_name_plural = _("报告期")

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        """Every save (the publish button, the admin, an import's --publish) keeps `published_at`
        in step with `published`: set when the period is made public, cleared when taken back,
        so that publishing it again counts as new."""
        if self.published != (self.published_at is not None):
            self.published_at = timezone.now() if self.published else None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "published_at"}
        super().save(*args, **kwargs)


class Leader(models.Model):
    organisation = organisation_field("leaders")
    # Stored without inner spaces: `曹 临` and `曹临` are one person.
    name = models.CharField(_("姓名"), max_length=NAME_LENGTH)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_leader_name")]
        verbose_name = _("市政府领导")
        verbose_name_plural = _("市政府领导")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    organisation = organisation_field("units")
    name = models.CharField(_("规范名称"), max_length=UNIT_LENGTH)
    needs_review = models.BooleanField(
        _("待审核"), default=False, help_text=_("导入时遇到的新写法，请确认它是新单位还是已有单位的别名。")
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="unique_unit_name")]
        verbose_name = _("责任单位")
        verbose_name_plural = _("责任单位")

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    organisation = organisation_field("unit_aliases")
    spelling = models.CharField(_("写法"), max_length=UNIT_LENGTH)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("责任单位"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["spelling"]
        constraints = [models.UniqueConstraint(fields=["organisation", "spelling"], name="unique_alias_spelling")]
        verbose_name = _("单位别名")
        verbose_name_plural = _("单位别名")

    def __str__(self) -> str:
        return f"{self.spelling} → {self.unit.name}"

    def save(self, *args, **kwargs) -> None:
        # A spelling is another name of its unit, in the unit's organisation.
        self.organisation_id = self.unit.organisation_id
        super().save(*args, **kwargs)


class HeaderField(models.TextChoices):
    """The fields of a progress table's columns (importers.columns), as an admin names them."""

    SEQ = "seq", _("序号")
    LEADER = "leader", _("市政府领导")
    CONTENT = "content", _("责任目标内容")
    DEADLINE = "deadline", _("完成时限")
    PROGRESS = "progress", _("推进情况")
    STATUS = "status", _("是否完成")
    SHARE = "share", _("完成率")
    UNITS = "units", _("责任单位（牵头单位）")
    PARTNERS = "partners", _("配合单位")


class TableHeader(models.Model):
    """A column header an organisation's tables write, with the field an admin said it holds
    (an upload's column mapping): remembered, it reads the next table with that header."""

    organisation = organisation_field("table_headers")
    # The header as the parser compares it (importers.columns.header_key: without blanks).
    header = models.CharField(_("表头"), max_length=100)
    field = models.CharField(_("对应字段"), max_length=10, choices=HeaderField.choices)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["header"]
        constraints = [models.UniqueConstraint(fields=["organisation", "header"], name="unique_table_header")]
        verbose_name = _("表头对应")
        verbose_name_plural = _("表头对应")

    def __str__(self) -> str:
        return f"{self.header} → {self.get_field_display()}"


class TargetQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Officials see every target of the organisations they follow; everyone else the
        targets reported in a published period."""
        if is_official(user):
            return self.in_scope_of(user)
        return self.filter(models.Exists(ProgressReport.objects.published().filter(target=models.OuterRef("pk"))))


class Target(models.Model):
    organisation = organisation_field("targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    seq = models.PositiveIntegerField(_("序号"))
    content = models.TextField(_("责任目标内容"))
    deadline = models.CharField(_("完成时限"), max_length=MARK_LENGTH, blank=True)
    due_date = models.DateField(_("截止日期"), null=True, blank=True)
    ongoing = models.BooleanField(_("长期任务"), default=False)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["year", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "seq"], name="unique_target_seq_per_year")
        ]
        verbose_name = _("责任目标")
        verbose_name_plural = _("责任目标")

    def __str__(self) -> str:
        return f"{self.year}-{self.seq} {self.content[:30]}"

    def year_links(self) -> models.QuerySet:
        """Its links to the same target in other years (TargetYearLink), earlier or later."""
        return TargetYearLink.objects.filter(Q(earlier=self) | Q(later=self))

    def year_group_ids(self) -> set[int]:
        """This target's id and those of the same target in other years, in one query of ids: a
        page that reads their reports has the targets with them."""
        pairs = self.year_links().values_list("earlier_id", "later_id")
        return {self.pk, *(pk for pair in pairs for pk in pair)}

    def other_years(self) -> list["Target"]:
        """The same target in other years, the earliest first, in one query."""
        links = self.year_links().select_related("earlier", "later")
        others = [link.later if link.earlier_id == self.pk else link.earlier for link in links]
        return sorted(others, key=lambda other: other.year)


class ImportBatchQuerySet(models.QuerySet):
    def latest_by_period(self, periods) -> dict[int, "ImportBatch"]:
        """The latest batch of each of `periods` (loaded periods or their ids), which describes the
        table the period now holds, by period id, in one query (its warnings left unread)."""
        ids = [getattr(period, "pk", period) for period in periods]
        latest = self.filter(period_id__in=ids).values("period_id").annotate(last=models.Max("id")).values("last")
        return {batch.period_id: batch for batch in self.filter(pk__in=latest).defer("warnings")}


class ImportBatch(models.Model):
    organisation = organisation_field("import_batches")
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(max_length=64)
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="batches", verbose_name=_("报告期")
    )
    title = models.TextField(_("标题"), blank=True)
    notes = models.JSONField(_("表外文字"), default=list, blank=True)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported_by = models.CharField(_("导入人"), max_length=150, blank=True)
    new_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("未变"), default=0)
    removed_count = models.PositiveIntegerField(_("删除"), default=0)
    warnings = models.JSONField(_("提示"), default=list, blank=True)
    # The table as the file has it (importers.progress_table and importers.table_extent): the
    # header row as written ([header, field] per column), the number of targets its text says it
    # reports on, the runs of target numbers it lists ([first, last]) and its rows cut off.
    headers = models.JSONField(_("表头原文"), default=list, blank=True)
    stated_total = models.PositiveIntegerField(_("表中所称目标数"), null=True, blank=True)
    numbers = models.JSONField(_("所列序号"), default=list, blank=True)
    cut_off = models.JSONField(_("原表不完整的行"), default=list, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-id"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"

    @property
    def extent(self) -> TableExtent:
        return TableExtent.of(self.numbers, self.stated_total, self.cut_off)

    @property
    def status_question(self) -> str:
        return status_question(self.headers)


def latest_batch_headers(period_ids, using: str = DEFAULT_DB_ALIAS) -> dict[int, list]:
    """The headers of each period's latest batch by period id: every batch's of the periods (a
    period has one or a few), in plain SQL. A target page asks it on every render, where building
    the ORM's query cost a tenth of the page and reading it next to nothing. A function, not a
    queryset method: plain SQL could not keep a queryset's filters."""
    ids = list(period_ids)
    if not ids:
        return {}
    table, field = ImportBatch._meta.db_table, ImportBatch._meta.get_field("headers")
    connection = connections[using]
    sql = (
        f"SELECT period_id, {field.column} FROM {connection.ops.quote_name(table)}"
        f" WHERE period_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY period_id, id DESC"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        batches = cursor.fetchall()
    latest: dict[int, list] = {}
    for period_id, headers in batches:
        if period_id not in latest:
            latest[period_id] = field.from_db_value(headers, None, connection)
    return latest


def status_question(headers: list) -> str:
    """The status column's header as a table with `headers` asks it (是否完成, 是否按计划完成进度)."""
    return next((header for header, field in headers if field == "status"), "")


# The counts of a roll-up of reports, defined once: the reports' rollup() and the kept tallies
# (targets.tallies) both count with them. One per reported status and per signal, from their
# vocabularies, then those of the measured pace.
ROLLUP_COUNTS = {f"status_{code}": Count("id", filter=Q(status=code)) for code in statuses.CODES}
ROLLUP_COUNTS |= {f"signal_{code}": Count("id", filter=Q(pace__signal=code)) for code in signals.SIGNALS}
ROLLUP_COUNTS |= {
    "reports": Count("id"),
    "measurable": Count("id", filter=Q(pace__measured_signal__in=signals.MEASURED)),
    "on_pace": Count("id", filter=Q(pace__measured_signal=signals.GREEN)),
    "contradictions": Count("id", filter=Q(pace__contradiction=True)),
}


@dataclass(frozen=True)
class UnitLink:
    """A unit of a report as its table names it (a ReportUnit with its unit's name), as pages,
    downloads and the export read it."""

    unit_id: int
    name: str
    as_written: str
    role: str


def attach_unit_links(reports: list, using: str = DEFAULT_DB_ALIAS) -> None:
    """Sets `unit_links` on each of `reports`: its units in its table's order (UnitLink), read in
    one plain query. Django's prefetch built a query, a ReportUnit and a Unit per unit and a list
    per report: a twelfth of a target page's render."""
    links: dict[int, list[UnitLink]] = {report.pk: [] for report in reports}
    if links:
        connection = connections[using]
        table, units = (connection.ops.quote_name(model._meta.db_table) for model in (ReportUnit, Unit))
        sql = (
            f"SELECT link.report_id, link.unit_id, unit.name, link.as_written, link.role FROM {table} link"
            f" JOIN {units} unit ON unit.id = link.unit_id WHERE link.report_id IN ({', '.join(['%s'] * len(links))})"
            " ORDER BY link.report_id, link.position"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, list(links))
            for report_id, *link in cursor.fetchall():
                links[report_id].append(UnitLink(*link))
    for report in reports:
        report.unit_links = links[report.pk]


class WithUnitLinks(models.query.ModelIterable):
    """Reports as a queryset reads them, each with its `unit_links` (attach_unit_links), read for
    so many reports at a time: all of a list's, a chunk's at a time of an iterator's."""

    def __iter__(self):
        reports = super().__iter__()
        at_once = self.chunk_size if self.chunked_fetch else UNITS_READ_FOR
        while chunk := list(itertools.islice(reports, at_once)):
            attach_unit_links(chunk, self.queryset.db)
            yield from chunk


# Reports whose units one query reads, at most (well under the databases' limits on parameters).
UNITS_READ_FOR = 5000


class ProgressReportQuerySet(models.QuerySet):
    def mark_edited(self) -> int:
        """These reports changed by hand now (an admin's edit, a unit merged): `edited_at`, which
        puts their targets first in the feed of changed targets."""
        return self.update(edited_at=timezone.now())

    def published(self):
        return self.filter(period__published=True)

    def with_unit_links(self):
        """Each report read with its units, as `report.unit_links` (a list of UnitLink)."""
        clone = self._chain()
        clone._iterable_class = WithUnitLinks
        return clone

    def of(self, organisation):
        return self.filter(period__organisation=organisation)

    def visible_to(self, user):
        """Officials see every report of the organisations they follow; everyone else only
        those of published periods."""
        if not is_official(user):
            return self.published()
        scope = scope_of(user)
        return self if scope is None else self.filter(period__organisation__in=scope)

    def for_export(self):
        return self.select_related("target", "period", "leader", "pace").with_unit_links()

    def for_table(self):
        """What a table row of a report shows, in a fixed number of queries."""
        return (
            self.select_related("target", "period", "leader", "pace")
            .with_unit_links()
            .order_by("-period__as_of", "target__seq", "position")
        )

    def latest_by_target(self, target_ids) -> dict[int, "ProgressReport"]:
        """The latest report of each target (its first row, with its pace), in one query."""
        latest: dict[int, ProgressReport] = {}
        reports = self.filter(target_id__in=target_ids).select_related("period", "pace")
        for report in reports.order_by("target_id", "-period__as_of", "position"):
            latest.setdefault(report.target_id, report)
        return latest

    def rollup(self, by: str | None = None, medians: bool = True) -> list[dict]:
        """Per group (a field path such as "leader__name", "report_units__unit__name" or
        "period__code"; everything together when None): counts by reported status and by
        signal, measurable reports, the share of those on pace and the median completion
        (None without `medians`, which saves the second query). Two queries whatever the
        number of reports."""
        reports = self.by_lead_unit() if by and by.startswith("report_units__") else self
        counts = ROLLUP_COUNTS
        rows = list(reports.values(by).annotate(**counts).order_by(by)) if by else [reports.aggregate(**counts)]
        completions: dict = {}
        measured = reports.filter(pace__completion__isnull=False) if medians else reports.none()
        for key, completion in measured.values_list(by or "period_id", "pace__completion"):
            completions.setdefault(key if by else None, []).append(completion)
        for row in rows:
            row["group"] = row.get(by) if by else None
            row["on_pace_share"] = row["on_pace"] / row["measurable"] if row["measurable"] else None
            values = completions.get(row["group"])
            row["median_completion"] = statistics.median(values) if values else None
        return rows

    def count_by_unit_role(self) -> dict[str, int]:
        """{role: reports} over these reports' units (one unit's reports: how many it leads and
        in how many it takes part), every role present, in one query."""
        found = dict(self.values_list("report_units__role").annotate(n=Count("id")).order_by())
        return {role: found.get(role, 0) for role in UnitRole.values}

    def by_lead_unit(self):
        """For a roll-up by unit: each report under its lead units (and under None when it names
        no unit), not under the units that only participate."""
        return self.filter(Q(report_units__role=UnitRole.LEAD) | Q(report_units__isnull=True))

    def unit_ranking(self) -> list[dict]:
        """Units by their share of measurable reports on pace, best first (ties: more reports first)."""
        rows = [row for row in self.rollup("report_units__unit__name") if row["measurable"]]
        # The reports without a unit (group None) rank after the units they tie with.
        return sorted(
            rows, key=lambda row: (-row["on_pace_share"], -row["measurable"], row["group"] is None, row["group"] or "")
        )

    def overdue(self):
        """Reports whose deadline has passed at their period's as-of date and that are not done:
        reported behind or not at all, or measured short of the goal."""
        due = self.filter(target__due_date__lte=models.F("period__as_of")).exclude(status=statuses.DROPPED)
        not_done = Q(status__in=[statuses.BEHIND, statuses.UNREPORTED]) | Q(pace__completion__lt=1)
        return due.filter(not_done).select_related("target", "period", "leader", "pace").order_by("target__seq")

    def watch_list(self):
        """Red, yellow and contradicted reports, the furthest behind pace first."""
        flagged = self.filter(Q(pace__signal__in=signals.BEHIND_PACE) | Q(pace__contradiction=True))
        return flagged.select_related("target", "period", "leader", "pace").order_by(
            models.F("pace__gap").desc(nulls_last=True), "target__seq", "position"
        )

    def matching(self, query: str):
        """The reports whose words hold every word of `query`, annotated with `search_rank`
        (higher is better); none for a query without words (targets.search)."""
        from targets.search import matching

        return matching(self, query)


class ProgressReport(models.Model):
    """One assignment of one target in one period: a row of the progress table."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="reports", verbose_name=_("责任目标"))
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="reports", verbose_name=_("报告期")
    )
    # The order of this assignment among the target's rows in the period's table.
    position = models.PositiveSmallIntegerField(_("行次"), default=0)
    leader = models.ForeignKey(
        Leader, on_delete=models.PROTECT, null=True, blank=True, related_name="reports", verbose_name=_("市政府领导")
    )
    units = models.ManyToManyField(Unit, through="ReportUnit", related_name="reports", verbose_name=_("责任单位"))
    deadline = models.CharField(_("完成时限（本行）"), max_length=MARK_LENGTH, blank=True)
    progress = models.TextField(_("推进情况"), blank=True)
    progress_shared = models.BooleanField(_("与上一行共用推进情况"), default=False)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.UNREPORTED)
    status_as_written = models.CharField(_("状态原文"), max_length=MARK_LENGTH, blank=True)
    extras = models.JSONField(_("其他列"), default=dict, blank=True)
    source_file = models.CharField(_("来源文件"), max_length=255)
    source_line = models.CharField(_("来源位置"), max_length=100)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="reports", verbose_name=_("导入批次"))
    # When an admin last changed the row, its units or its target by hand (an import that changes
    # it moves it to its own batch instead): the feed of changed targets reads both.
    edited_at = models.DateTimeField(_("后台修改时间"), null=True, blank=True, editable=False)

    objects = ProgressReportQuerySet.as_manager()

    class Meta:
        ordering = ["period", "target__seq", "position"]
        constraints = [
            models.UniqueConstraint(fields=["period", "target", "position"], name="unique_report_row_per_period")
        ]
        verbose_name = _("推进情况")
        verbose_name_plural = _("推进情况")

    def __str__(self) -> str:
        return f"{self.period.code} #{self.target.seq}.{self.position}"

    def get_status_display(self) -> str:
        return choice_label(Status, self.status)


class UnitRole(models.TextChoices):
    LEAD = units.LEAD, _("牵头单位")
    PARTICIPATING = units.PARTICIPATING, _("参与单位")


class ReportUnit(models.Model):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="report_units")
    # Indexed with its role and report (Meta): a unit's page finds the reports it leads from the
    # index alone.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="report_units", db_index=False)
    # In written order, the lead units first.
    position = models.PositiveSmallIntegerField(default=0)
    as_written = models.CharField(max_length=UNIT_LENGTH)
    # Lead: a unit of the table's lead column, or the first listed where the table has one unit
    # column; participating: the others. Roll-ups by unit count the lead role.
    role = models.CharField(_("职责"), max_length=13, choices=UnitRole.choices, default=UnitRole.LEAD)

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "position"], name="unique_unit_position")]
        # The planner misjudged a unit's lead reports through the unit index alone (5 rows for 686)
        # and started parallel workers: 24 ms a query; 3 ms through this one.
        indexes = [models.Index(fields=["unit", "role", "report"], name="report_unit_by_unit_role")]

    def __str__(self) -> str:
        return self.as_written


class FigureKind(models.TextChoices):
    REVIEW = work_report_parser.FIGURE_REVIEW, _("上年完成")
    GOAL = work_report_parser.FIGURE_GOAL, _("主要预期目标")
    COMMITMENT = work_report_parser.FIGURE_COMMITMENT, _("重点工作承诺")


class Comparison(models.TextChoices):
    AT_LEAST = quantities.AT_LEAST, _("以上")
    ABOUT = quantities.ABOUT, _("左右")
    WITHIN = quantities.WITHIN, _("以内")
    REACH = quantities.REACH, _("达到")


class WorkReportQuerySet(ScopedQuerySet):
    def for_list(self):
        """Each report with its number of sentences and of commitments, in one query."""
        return self.annotate(
            sentence_count=Count("sentences", distinct=True),
            commitment_count=Count("figures", filter=Q(figures__kind=FigureKind.COMMITMENT), distinct=True),
        )


class WorkReport(models.Model):
    organisation = organisation_field("work_reports")
    title = models.CharField(_("标题"), max_length=200)
    delivered_on = models.DateField(_("报告日期"), null=True, blank=True)
    meeting = models.CharField(_("会议"), max_length=200, blank=True)
    speaker = models.CharField(_("报告人"), max_length=50, blank=True)
    speaker_role = models.CharField(_("职务"), max_length=100, blank=True)
    year_of_goals = models.PositiveSmallIntegerField(_("目标年度"))
    source_file = models.CharField(_("来源文件"), max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    objects = WorkReportQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_on"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "title", "delivered_on"], name="unique_work_report")
        ]
        verbose_name = _("政府工作报告")
        verbose_name_plural = _("政府工作报告")

    def __str__(self) -> str:
        return f"{self.title} {self.delivered_on or ''}".strip()


class ReportSection(models.Model):
    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    number = models.CharField(_("编号"), max_length=10, blank=True)
    title = models.CharField(_("标题"), max_length=500, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"))
    kind = models.CharField(_("部分"), max_length=12)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["report", "position"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()


class ReportSentenceQuerySet(models.QuerySet):
    def for_report_page(self, reports=None):
        """Sentences in order with their figures and linked targets, each target with the status
        of its latest report among `reports` (all by default; the published ones on the public
        site), None without one: four queries whatever the report's size."""
        latest_status = models.Subquery(
            (ProgressReport.objects if reports is None else reports)
            .filter(target=models.OuterRef("target_id"))
            .order_by("-period__as_of", "position")
            .values("status")[:1]
        )
        links = TargetSource.objects.select_related("target").annotate(latest_status=latest_status)
        return (
            self.order_by("position")
            .select_related("section")
            .prefetch_related(
                models.Prefetch("figures", queryset=ReportFigure.objects.order_by("start")),
                models.Prefetch("target_sources", queryset=links.order_by("target__seq"), to_attr="links"),
            )
        )


class ReportSentence(models.Model):
    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="sentences")
    section = models.ForeignKey(ReportSection, on_delete=models.CASCADE, null=True, related_name="sentences")
    section_path = models.CharField(_("所在章节"), max_length=50, blank=True)
    kind = models.CharField(_("部分"), max_length=12)
    position = models.PositiveIntegerField()
    text = models.TextField(_("句子"))
    line = models.PositiveIntegerField(_("行号"))

    objects = ReportSentenceQuerySet.as_manager()

    class Meta:
        ordering = ["report", "position"]
        verbose_name = _("报告句子")
        verbose_name_plural = _("报告句子")

    def __str__(self) -> str:
        return f"{self.section_path} {self.text[:40]}"


class ReportFigure(models.Model):
    report = models.ForeignKey(WorkReport, on_delete=models.CASCADE, related_name="figures")
    sentence = models.ForeignKey(ReportSentence, on_delete=models.CASCADE, related_name="figures")
    kind = models.CharField(_("类别"), max_length=12, choices=FigureKind.choices)
    text = models.CharField(_("原文"), max_length=200)
    measure = models.CharField(_("指标"), max_length=300, blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4, null=True, blank=True)
    value_high = models.DecimalField(_("上限"), max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    comparison = models.CharField(_("比较"), max_length=10, choices=Comparison.choices, blank=True)
    # A figure the report gives as expected (预计…): dated before the year's end, not final.
    estimated = models.BooleanField(_("预计"), default=False)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sentence", "start"]
        verbose_name = _("报告数字")
        verbose_name_plural = _("报告数字")

    def __str__(self) -> str:
        return f"{self.measure} {self.text}"


class TaskNoticeQuerySet(ScopedQuerySet):
    def for_list(self):
        """Each notice with its number of sections and of tasks, in one query."""
        return self.annotate(section_count=Count("sections", distinct=True), task_count=Count("tasks", distinct=True))


class TaskNotice(models.Model):
    organisation = organisation_field("task_notices")
    doc_number = models.CharField(_("文号"), max_length=50)
    title = models.CharField(_("标题"), max_length=300)
    office = models.CharField(_("发文机关"), max_length=100, blank=True)
    adopted_on = models.DateField(_("审议通过"), null=True, blank=True)
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    printed_on = models.DateField(_("印发日期"), null=True, blank=True)
    preamble = models.JSONField(_("正文前文字"), default=list, blank=True)
    distribution = models.TextField(_("抄送"), blank=True)
    source_file = models.CharField(_("来源文件"), max_length=255)
    sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(_("导入时间"), auto_now=True)

    objects = TaskNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on"]
        constraints = [models.UniqueConstraint(fields=["organisation", "doc_number"], name="unique_notice_number")]
        verbose_name = _("重点工作任务通知")
        verbose_name_plural = _("重点工作任务通知")

    def __str__(self) -> str:
        return self.doc_number


class NoticeSection(models.Model):
    notice = models.ForeignKey(TaskNotice, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("编号"), max_length=10)
    title = models.CharField(_("标题"), max_length=300)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["notice", "position"]

    def __str__(self) -> str:
        return f"{self.number}、{self.title}"


class NoticeTaskQuerySet(models.QuerySet):
    def for_notice_page(self):
        """Each task with its section, its units (lead first, as written) and its target link,
        in a fixed number of queries."""
        units = TaskUnit.objects.select_related("unit").order_by("role", "position")
        return (
            self.select_related("section", "target_link__target")
            .prefetch_related(models.Prefetch("task_units", queryset=units))
            .order_by("number")
        )


class NoticeTask(models.Model):
    notice = models.ForeignKey(TaskNotice, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(NoticeSection, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveIntegerField(_("序号"))
    text = models.TextField(_("任务"))
    line = models.PositiveIntegerField(_("行号"))
    # The unit parenthesis as written, with its wording that names no unit (按职责分工负责).
    units_as_written = models.TextField(_("责任单位原文"), blank=True)
    units = models.ManyToManyField(Unit, through="TaskUnit", related_name="tasks")

    objects = NoticeTaskQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "number"]
        verbose_name = _("重点工作任务")
        verbose_name_plural = _("重点工作任务")

    def __str__(self) -> str:
        return f"{self.notice.doc_number} {self.number}. {self.text[:30]}"


class TaskUnit(models.Model):
    task = models.ForeignKey(NoticeTask, on_delete=models.CASCADE, related_name="task_units")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="task_units")
    role = models.CharField(max_length=13, choices=UnitRole.choices)
    position = models.PositiveSmallIntegerField()
    as_written = models.CharField(max_length=UNIT_LENGTH)

    class Meta:
        ordering = ["task", "role", "position"]

    def __str__(self) -> str:
        return self.as_written


class Link(models.Model):
    """A link found by text similarity. A confirmed link is the admin's word: imports keep it."""

    score = models.FloatField(_("相似度"), default=0)
    confirmed = models.BooleanField(_("已确认"), default=False, help_text=_("确认后，再次导入不会改动此链接。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


class TargetSource(Link):
    """The work-report sentence a target was cut from (empty and confirmed: it has none)."""

    target = models.OneToOneField(Target, on_delete=models.CASCADE, related_name="source", verbose_name=_("责任目标"))
    sentence = models.ForeignKey(
        ReportSentence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="target_sources",
        verbose_name=_("报告句子"),
    )
    # Kept so that a confirmed link finds its sentence again when the report is re-imported.
    sentence_text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("目标出处")
        verbose_name_plural = _("目标出处")

    def __str__(self) -> str:
        return f"{self.target} ← {self.sentence_text[:30]}"


class TaskTarget(Link):
    """The target of the same year that a notice's task matches (empty and confirmed: none)."""

    task = models.OneToOneField(NoticeTask, on_delete=models.CASCADE, related_name="target_link")
    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, null=True, blank=True, related_name="task_links", verbose_name=_("责任目标")
    )

    class Meta:
        verbose_name = _("任务对应目标")
        verbose_name_plural = _("任务对应目标")

    def __str__(self) -> str:
        return f"{self.task} → {self.target}"


class Signal(models.TextChoices):
    GREEN = signals.GREEN, _("按序时推进")
    YELLOW = signals.YELLOW, _("略有滞后")
    RED = signals.RED, _("明显滞后")
    GREY = signals.GREY, _("无法量化")
    CANCELLED = signals.CANCELLED, _("不再实施")


class PaceSettings(models.Model):
    """The thresholds of the signals; one row, edited in the admin, applied at once."""

    margin_points = models.FloatField(
        _("黄灯范围（百分点）"), default=10.0, help_text=_("完成进度落后序时进度不超过此值为黄灯，超过为红灯。")
    )
    rate_margin_points = models.FloatField(
        _("增速、比率的黄灯范围（百分点）"), default=1.0, help_text=_("增速或比率低于目标不超过此值为黄灯。")
    )

    class Meta:
        verbose_name = _("进度信号阈值")
        verbose_name_plural = _("进度信号阈值")

    def __str__(self) -> str:
        return f"±{self.margin_points:g} / ±{self.rate_margin_points:g}"

    @classmethod
    def current(cls) -> "PaceSettings":
        return cls.objects.get_or_create(pk=1)[0]


class ReportPace(models.Model):
    """What the texts of one report measure; recomputed on import and by recompute_progress.
    Each figure keeps its span: goal spans index the target's content, the others the progress."""

    report = models.OneToOneField(ProgressReport, on_delete=models.CASCADE, related_name="pace")
    kind = models.CharField(_("度量方式"), max_length=12, blank=True)
    goal_value = models.DecimalField(_("目标值"), max_digits=20, decimal_places=4, null=True)
    goal_unit = models.CharField(_("目标单位"), max_length=20, blank=True)
    goal_comparison = models.CharField(_("目标比较"), max_length=10, blank=True)
    goal_text = models.CharField(max_length=100, blank=True)
    goal_start = models.PositiveIntegerField(null=True)
    goal_end = models.PositiveIntegerField(null=True)
    achieved = models.DecimalField(_("完成值"), max_digits=20, decimal_places=4, null=True)
    achieved_unit = models.CharField(max_length=20, blank=True)
    achieved_text = models.CharField(max_length=100, blank=True)
    achieved_start = models.PositiveIntegerField(null=True)
    achieved_end = models.PositiveIntegerField(null=True)
    stated_share = models.DecimalField(_("自述完成比例"), max_digits=8, decimal_places=2, null=True)
    stated_share_start = models.PositiveIntegerField(null=True)
    stated_share_end = models.PositiveIntegerField(null=True)
    completion = models.FloatField(_("完成度"), null=True)
    expected = models.FloatField(_("序时进度"), null=True)
    gap = models.FloatField(_("落后（百分点）"), null=True)
    measured_signal = models.CharField(max_length=10, choices=Signal.choices, default=Signal.GREY)
    signal = models.CharField(_("信号"), max_length=10, choices=Signal.choices, default=Signal.GREY)
    contradiction = models.BooleanField(_("与报告状态矛盾"), default=False)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("进度度量")
        verbose_name_plural = _("进度度量")

    def __str__(self) -> str:
        return f"{self.report} {self.signal}"

    def get_signal_display(self) -> str:
        return choice_label(Signal, self.signal)


# The names of a roll-up's counts (ROLLUP_COUNTS), which a tally keeps as fields.
TALLY_COUNTS = tuple(ROLLUP_COUNTS)


class TallyDimension(models.TextChoices):
    PERIOD = "period", _("整个报告期")
    LEADER = "leader", _("市政府领导")
    UNIT = "unit", _("责任单位")
    # A leader's reports by unit (the units table of a leader's page), beside the two above.
    LEADER_UNIT = "leader_unit", _("领导分管的责任单位")


# The groups PeriodTallyQuerySet.rollup takes (short names, or the reports' own field paths so
# that a page switches by changing only its queryset): the key its rows carry the group under
# (the reports' path, as their roll-up does), the tally's field path, its dimension.
_TALLY_GROUPS = {
    "leader": ("leader__name", "leader__name", TallyDimension.LEADER),
    "unit": ("report_units__unit__name", "unit__name", TallyDimension.UNIT),
    # By period: the rows of one leader, one unit or the whole periods, as the queryset picked.
    "period": ("period__code", "period__code", None),
}
_TALLY_GROUPS |= {spec[0]: spec for spec in list(_TALLY_GROUPS.values())}


def _tally_row(row: dict, group) -> dict:
    """A tally's values as a roll-up row: the group and the share on pace added as rollup adds them."""
    row["group"] = group
    row["on_pace_share"] = row["on_pace"] / row["measurable"] if row["measurable"] else None
    return row


_SUMS = {name: Coalesce(models.Sum(name), 0) for name in TALLY_COUNTS}


class PeriodTallyQuerySet(models.QuerySet):
    """Roll-ups read from the kept tallies: one query on an index, whatever the number of reports."""

    def whole(self):
        return self.filter(dimension=TallyDimension.PERIOD)

    def of_leader(self, leader):
        return self.filter(dimension=TallyDimension.LEADER, leader=leader)

    def of_unit(self, unit):
        return self.filter(dimension=TallyDimension.UNIT, unit=unit)

    def units_of_leader(self, leader):
        return self.filter(dimension=TallyDimension.LEADER_UNIT, leader=leader)

    def summed(self) -> dict:
        """The counts of these rows added up (one leader's or unit's over periods), as a roll-up
        row without a median (medians do not add up), in one query."""
        sums = self.aggregate(**_SUMS)
        return _tally_row(sums | {"median_completion": None}, None)

    def summed_by_unit(self) -> list[dict]:
        """The counts of these rows added up per unit (a leader's units over periods), as the
        reports' rollup("report_units__unit__name", medians=False) gives them, in one query."""
        key, path, _dimension = _TALLY_GROUPS["unit"]
        rows = []
        for row in self.filter(reports__gt=0).values(path).annotate(**_SUMS).order_by(path):
            group = row.pop(path)
            rows.append(_tally_row({key: group, **row, "median_completion": None}, group))
        return rows

    def rollup(self, by: str | None = None) -> list[dict]:
        """What ProgressReport.objects.filter(<the same reports>).rollup(by) gives, the same rows
        in the same order: `filter(period=p).rollup()`, `.rollup("leader")` and `.rollup("unit")`
        for one period (or the reports' paths "leader__name", "report_units__unit__name");
        `.rollup("period")` ("period__code") over the rows of one leader, one unit or whole()
        periods. A queryset that would give one group twice (two periods' leaders, whole rows
        of several periods in rollup()) is a mistake and raises ValueError."""
        if by is None:
            rows = list(self.whole().values(*TALLY_COUNTS, "median_completion")[:2])
            if not rows:  # a period without tallies has no reports yet
                rows = [dict.fromkeys(TALLY_COUNTS, 0) | {"median_completion": None}]
            return self._one_per_group([_tally_row(row, None) for row in rows])
        key, path, dimension = _TALLY_GROUPS[by]
        # A period without reports keeps its whole row (of zeros), which grouped roll-ups leave out.
        tallies = (self if dimension is None else self.filter(dimension=dimension)).filter(reports__gt=0)
        rows = []
        for row in tallies.order_by(path).values(path, *TALLY_COUNTS, "median_completion"):
            group = row.pop(path)
            rows.append(_tally_row({key: group, **row}, group))
        return self._one_per_group(rows)

    @staticmethod
    def _one_per_group(rows: list[dict]) -> list[dict]:
        if len({row["group"] for row in rows}) < len(rows):
            raise ValueError("these tallies give a group more than once: pick one period (or one leader or unit)")
        return rows

    # The reports' ranking, which reads self.rollup("report_units__unit__name"): tallies answer it.
    unit_ranking = ProgressReportQuerySet.unit_ranking

    def totals_for(self, periods) -> dict[int, dict]:
        """The whole-period row of each of `periods` (loaded periods or their ids), by period id,
        in one query: a rollup() row with `period_id`, `targets` (how many targets the period
        reports on) and `reached_goal` (reports measured at or past their goal) added. A period
        without tallies (no reports yet) gets a row of zeros."""
        ids = [getattr(period, "pk", period) for period in periods]
        fields = ("period_id", "targets", "reached_goal", *TALLY_COUNTS, "median_completion")
        found = {row["period_id"]: row for row in self.whole().filter(period_id__in=ids).values(*fields)}
        empty = dict.fromkeys(fields[1:-1], 0) | {"median_completion": None}
        return {pk: _tally_row(found.get(pk) or {"period_id": pk, **empty}, None) for pk in ids}


def _tally_counts_base() -> type[models.Model]:
    """An abstract model with a count field for each key of TALLY_COUNTS, so that the fields
    follow the vocabularies (makemigrations --check notices when they change)."""
    fields = {name: models.PositiveIntegerField(default=0) for name in TALLY_COUNTS}
    meta = type("Meta", (), {"abstract": True})
    return type("TallyCounts", (models.Model,), {"__module__": __name__, "Meta": meta, **fields})


class PeriodTally(_tally_counts_base()):
    """The roll-up of one period's reports, whole or of one leader or one unit, kept by
    targets.tallies.refresh_tallies in the transaction of every write that can change it, so
    that pages read a few rows instead of aggregating every report on each request."""

    # Not indexed on its own: the (period, dimension) index serves every look-up by period.
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="tallies", db_index=False)
    dimension = models.CharField(max_length=11, choices=TallyDimension.choices)
    # Empty in the leader, unit or leader-unit dimension: the reports without a leader or without
    # a unit, which roll-ups list as the group None.
    leader = models.ForeignKey(Leader, on_delete=models.CASCADE, null=True, blank=True, related_name="tallies")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="tallies")
    # For the comparison of organisations, beside the roll-up's counts: how many targets the
    # reports are of, and how many reports are measured at or past their goal (completion ≥ 1;
    # short of it they are not done, as ProgressReportQuerySet.overdue reads it).
    targets = models.PositiveIntegerField(default=0)
    reached_goal = models.PositiveIntegerField(default=0)
    median_completion = models.FloatField(null=True, blank=True)

    objects = PeriodTallyQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["period", "dimension"], name="tally_period_dimension")]
        constraints = [
            # The whole period, and its reports without a leader or without a unit, once each.
            models.UniqueConstraint(
                fields=["period", "dimension"],
                condition=Q(leader__isnull=True, unit__isnull=True),
                name="unique_tally_without_group",
            ),
            models.UniqueConstraint(
                fields=["period", "leader"],
                condition=Q(dimension=TallyDimension.LEADER, leader__isnull=False),
                name="unique_tally_per_leader",
            ),
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(dimension=TallyDimension.UNIT, unit__isnull=False),
                name="unique_tally_per_unit",
            ),
            models.UniqueConstraint(
                fields=["period", "leader", "unit"],
                condition=Q(dimension=TallyDimension.LEADER_UNIT),
                name="unique_tally_per_leader_unit",
            ),
            models.CheckConstraint(
                condition=Q(dimension=TallyDimension.PERIOD, leader__isnull=True, unit__isnull=True)
                | Q(dimension=TallyDimension.LEADER, unit__isnull=True)
                | Q(dimension=TallyDimension.UNIT, leader__isnull=True)
                | Q(dimension=TallyDimension.LEADER_UNIT),
                name="tally_group_of_its_dimension",
            ),
        ]
        verbose_name = _("报告期汇总")
        verbose_name_plural = _("报告期汇总")

    def __str__(self) -> str:
        # "—": the reports of the period without a leader (or a unit).
        group = self.leader or self.unit or ("" if self.dimension == TallyDimension.PERIOD else "—")
        return f"{self.period} · {self.get_dimension_display()} {group}".strip()


class TargetYearLink(Link):
    """The same target in an earlier and a later year (新增托位1万个 in 2022 and 2023)."""

    earlier = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="later_links", verbose_name=_("较早"))
    later = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="earlier_links", verbose_name=_("较晚"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["earlier", "later"], name="unique_target_year_link")]
        verbose_name = _("跨年度同一目标")
        verbose_name_plural = _("跨年度同一目标")

    def __str__(self) -> str:
        return f"{self.earlier} ↔ {self.later}"


class DataVersion(models.Model):
    """The version of an organisation's data that its cached pages were rendered from: one row
    per organisation, raised by one after every committed write to its data. It lives in its own
    table, not in the cache, because a cache may cull or lose any key, and a version that went
    back would serve pages cached before an edit."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="data_version")
    value = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self) -> str:
        return str(self.value)


class OpenDataReleaseQuerySet(ScopedQuerySet):
    def newest_first(self):
        """The build from the highest data version first (of two builds of one version, the
        later: new code): a build that lands after a newer one is never the one served."""
        return self.order_by("-data_version", "-pk")


class OpenDataRelease(models.Model):
    """One build of an organisation's published data as open-data files (targets.open_data),
    made after its data changed, not per request. Its files are stored with it in the database
    (every app server reads the same ones); the newest build is served, the one before it kept
    for downloads already under way."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="open_data_releases")
    # The data version (DataVersion) read before the build read any data: a write during the
    # build leaves it older than the current version, so the write's own build follows.
    data_version = models.BigIntegerField(_("数据版本"))
    # The code that built it (heze_targets.release): a deployment that changes the files'
    # shape builds them again.
    code_release = models.CharField(max_length=32)
    built_at = models.DateTimeField(_("生成时间"))
    # The first and last published periods it covers (codes; empty when none is published).
    first_period = models.CharField(_("起始报告期"), max_length=8, blank=True)
    last_period = models.CharField(_("截止报告期"), max_length=8, blank=True)

    objects = OpenDataReleaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("开放数据版本")
        verbose_name_plural = _("开放数据版本")

    def __str__(self) -> str:
        return f"{self.organisation.code} v{self.data_version}"


class OpenDataFile(models.Model):
    """A file of a build: its name in the download address, its size and SHA-256 checksum; its
    bytes are in OpenDataChunk rows, so that neither storing nor serving a large file holds it
    whole in memory."""

    release = models.ForeignKey(OpenDataRelease, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(_("文件名"), max_length=100)
    # The data package's resource it is ("reports", "database", …; "datapackage" for the package).
    resource = models.CharField(max_length=40)
    media_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["release", "name"], name="unique_open_data_file_name")]
        verbose_name = _("开放数据文件")
        verbose_name_plural = _("开放数据文件")

    def __str__(self) -> str:
        return self.name


class OpenDataChunk(models.Model):
    """A piece of a file's bytes, in order (targets.open_data.CHUNK_BYTES each, the last shorter)."""

    file = models.ForeignKey(OpenDataFile, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    content = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["file", "index"], name="unique_open_data_chunk")]

    def __str__(self) -> str:
        return f"{self.file.name} [{self.index}]"


class TextWords(models.Model):
    """The words matching weighs in a text (analysis.matching.words), kept under the text's
    digest: segmenting is the slow part of linking, and a text's words never change."""

    digest = models.CharField(max_length=32, primary_key=True)
    words = models.TextField(blank=True)

    class Meta:
        verbose_name = _("文本分词")
        verbose_name_plural = _("文本分词")

    def __str__(self) -> str:
        return self.words


class ReportSearchText(models.Model):
    """The words of a report that full-text search looks in (analysis.search_words: its target's
    content, its progress text, its leader, its units as written and as resolved, its extra
    columns), space-joined; kept by targets.search in the transaction of every write that changes
    them. On SQLite FTS5 tables (targets_report_search over the words, targets_report_grams over
    their pieces; rowid = the report's id) index them, kept by triggers on this table; on
    PostgreSQL GIN indexes of their `simple` tsvectors."""

    report = models.OneToOneField(
        ProgressReport, on_delete=models.CASCADE, primary_key=True, related_name="search_text"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    # The digest of the texts the words were cut from: a refresh cuts only texts that changed.
    digest = models.CharField(max_length=32)
    words = models.TextField(blank=True)
    # The words' pieces (analysis.search_words.gram_text), indexed like the words: a query's word
    # that may stand inside a text's words (a single character, a word jieba guessed) is found
    # through them instead of by reading every text.
    grams = models.TextField(blank=True)

    class Meta:
        verbose_name = _("检索文本")
        verbose_name_plural = _("检索文本")

    def __str__(self) -> str:
        return self.words[:80]


def suggest_words(query: str, organisation=None, limit: int = 5, *, published_only: bool = True) -> list[str]:
    """Words of the search index near `query`, for a search that found nothing (targets.search)."""
    from targets.search import suggest_words as suggest

    return suggest(query, organisation, limit, published_only=published_only)
