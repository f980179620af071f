from collections.abc import Callable
from datetime import date
from functools import cached_property

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from dashboard.signal_marks import signal_badge
from heze_targets.organisation_urls import organisation_reverse
from targets.models import NOT_NAMED, ReportingPeriod

EMPTY_VALUES = tables.Column.empty_values  # a cell shows its column's default for these


def or_default(value, default, render: Callable = lambda value: value):
    """A cell written as django-tables2 writes it: the column's default for an empty value."""
    return default if value in EMPTY_VALUES else render(value)


class PeriodTable(tables.Table):
    """Reporting periods with their counts (ReportingPeriod.objects.with_status_counts())."""

    # Its link is written by render_label, for the library's cells and cells_of alike.
    label = tables.Column(verbose_name=_("报告期"))
    # Not a DateColumn: that compiles a template for every cell (80 periods: 9 ms of a page).
    as_of = tables.Column(verbose_name=_("截至"))
    target_count = tables.Column(verbose_name=_("责任目标"))
    report_count = tables.Column(verbose_name=_("推进情况条数"))
    on_track_count = tables.Column(verbose_name=_("按计划推进"))
    behind_count = tables.Column(verbose_name=_("未按计划"))
    dropped_count = tables.Column(verbose_name=_("不再实施"))
    unreported_count = tables.Column(verbose_name=_("未报告"))
    completed_count = tables.Column(verbose_name=_("已完成"))
    incomplete_count = tables.Column(verbose_name=_("原表不完整"))

    class Meta:
        model = ReportingPeriod
        fields = ["label", "as_of"]
        orderable = False
        attrs = {"class": "data-table"}
        empty_text = _("还没有公开的报告期。")

    def __init__(self, data, *, organisation, site: str = "public", **kwargs):
        """`site`: whose period pages the labels link to ("public" or "dashboard")."""
        super().__init__(data, **kwargs)
        self.organisation, self.site = organisation, site

    def render_label(self, record, value: str) -> SafeString:
        url = organisation_reverse(f"{self.site}:period-detail", self.organisation, record.code)
        return format_html('<a href="{}">{}</a>', url, value)

    def render_as_of(self, value: date) -> str:
        return value.isoformat()

    def cells_of(self, record) -> list:
        """The row's cells as django-tables2 renders them, written directly (as ReportTable's):
        the library's per-cell machinery was a third of the home page's render."""
        return [self._cell_writers[column.name](record) for column in self.columns]

    @cached_property
    def _cell_writers(self) -> dict[str, Callable]:
        def count_of(name: str) -> Callable:
            return lambda record: or_default(getattr(record, name), self.default)

        return {
            "label": lambda record: self.render_label(record, record.label),
            "as_of": lambda record: or_default(record.as_of, self.default, self.render_as_of),
        } | {name: count_of(name) for name in self.base_columns if name.endswith("_count")}


class StaffPeriodTable(PeriodTable):
    """The public table of periods, with whether each is published and a link to its watch list."""

    published = tables.BooleanColumn(verbose_name=_("已公开"))
    watch = tables.Column(accessor="code", verbose_name=_("关注清单"), orderable=False)

    class Meta(PeriodTable.Meta):
        fields = ["label", "as_of", "published"]
        empty_text = _("还没有导入任何报告期。")

    def __init__(self, data, *, organisation, **kwargs):
        super().__init__(data, organisation=organisation, site="dashboard", **kwargs)

    def render_watch(self, record) -> SafeString:
        url = organisation_reverse("dashboard:watch-list", self.organisation, record.code)
        return format_html('<a href="{}">{}</a>', url, _("关注清单"))

    @cached_property
    def _cell_writers(self) -> dict[str, Callable]:
        published = self.columns["published"]
        return super()._cell_writers | {
            # The library's own boolean mark, without its accessor walk.
            "published": lambda record: published.column.render(
                value=record.published, record=record, bound_column=published
            ),
            "watch": self.render_watch,
        }


class RowsByKey(TableQuerysetData):
    """A page of a queryset read in two steps: the page's keys, sorted over the few joins the
    order needs, then the whole rows of those keys. The database then sorts thousands of keys
    rather than thousands of wide joined rows (a leader's 6,000 reports: 26 ms, now 10)."""

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self.data[key]
        data = self._in_full_order()
        if self._holds_the_whole_list(key):
            return list(data)  # a page's few rows sorted whole: one query, not two
        keys = list(data.values_list("pk", flat=True)[key])
        rows = {row.pk: row for row in data.filter(pk__in=keys).order_by()}
        return [rows[pk] for pk in keys]

    def _in_full_order(self):
        """The list in its order, its ties broken by key: sorted by status or completion, many
        rows are equal, and the database may give equal rows in any order, query after query
        (PostgreSQL does): a row could show on two pages and another on none."""
        ordering = list(self.data.query.order_by or self.data.model._meta.ordering)
        return self.data.order_by(*ordering, "pk") if ordering and "pk" not in ordering else self.data.all()

    def _holds_the_whole_list(self, page: slice) -> bool:
        length = getattr(self, "_length", None)  # counted by the paginator, before the page is read
        return length is not None and not page.start and page.stop is not None and page.stop >= length


PROGRESS_SHOWN = 80  # characters of a progress text the table shows before "全文"


class ReportTable(tables.Table):
    """The reports of a period (or of a leader or unit) of one organisation: one row per report."""

    # The links of seq and leader are written by their render functions: django-tables2's
    # `linkify` builds an attribute dictionary and joins it for every cell (a tenth of a row).
    seq = tables.Column(accessor="target__seq", verbose_name=_("序号"))
    content = tables.Column(accessor="target__content", verbose_name=_("责任目标内容"), orderable=False)
    progress = tables.Column(verbose_name=_("推进情况"), orderable=False, default="—")
    leader = tables.Column(accessor="leader__name", verbose_name=_("市政府领导"), default=NOT_NAMED)
    units = tables.Column(accessor="pk", verbose_name=_("责任单位"), orderable=False)
    deadline = tables.Column(accessor="target__deadline", verbose_name=_("完成时限"), orderable=False)
    status = tables.Column(verbose_name=_("报告状态"))
    signal = tables.Column(accessor="pace__signal", verbose_name=_("进度信号"))
    completion = tables.Column(accessor="pace__completion", verbose_name=_("完成度"))
    expected = tables.Column(accessor="pace__expected", verbose_name=_("序时进度"), orderable=False)

    class Meta:
        attrs = {"class": "data-table reports"}
        empty_text = _("没有符合条件的推进情况。")
        template_name = "includes/table.html"

    def __init__(self, data, *, organisation, site: str = "dashboard", **kwargs):
        """`site`: the site whose pages the links go to ("dashboard" or "public")."""
        super().__init__(RowsByKey(data) if isinstance(data, QuerySet) else data, **kwargs)
        self.organisation, self.site = organisation, site
        self._page_urls: dict[tuple, str] = {}
        self._cells_written: dict[tuple, SafeString] = {}

    def page_url(self, name: str, *args) -> str:
        """The address of the organisation's page `name`, worked out once per table: the same
        leaders, units and the pace page recur row after row (a period's page: 120 reversals,
        ~3 ms, for a few dozen addresses)."""
        key = (name, *args)
        if key not in self._page_urls:
            self._page_urls[key] = organisation_reverse(name, self.organisation, *args)
        return self._page_urls[key]

    def cells_of(self, record) -> list:
        """The row's cells, column by column, as django-tables2 renders them (a column's render
        function, or its default for an empty value), without its per-cell machinery: accessor
        walks, choice lookups, signature matching took a third of a period page's render.
        `table_body` writes them; tests/test_report_table_cells.py holds them to the library's."""
        return [self._cell_writers[column.name](record) for column in self.columns]

    @cached_property
    def _cell_writers(self) -> dict[str, Callable]:
        def unless_empty(value, render, default=self.default):
            return or_default(value, default, render)

        return {
            "seq": lambda record: self.render_seq(record, record.target.seq),
            "content": lambda record: unless_empty(record.target.content, self.render_content),
            "progress": lambda record: unless_empty(record.progress, self.render_progress),
            "leader": lambda record: unless_empty(record.leader and record.leader.name, self.render_leader, NOT_NAMED),
            "units": self.render_units,
            "deadline": lambda record: unless_empty(record.target.deadline, str),
            # A status or a signal is written alike in every row that has it: once a table.
            "status": lambda record: self._written_once("status", record.status, self.render_status, record),
            "signal": lambda record: self._written_once("signal", record.pace.signal, self.render_signal, record),
            "completion": lambda record: unless_empty(record.pace.completion, self.render_completion),
            "expected": lambda record: unless_empty(record.pace.expected, self.render_expected),
        }

    def _written_once(self, column: str, value: str, render: Callable, record) -> SafeString:
        key = (column, value)
        if key not in self._cells_written:
            self._cells_written[key] = render(record)
        return self._cells_written[key]

    def render_seq(self, record, value: int) -> SafeString:
        return format_html('<a href="{}">{}</a>', target_url(self.organisation, record.target, self.site), value)

    def render_leader(self, value: str) -> SafeString:
        """A named leader (no name: the column's default, unlinked)."""
        return format_html('<a href="{}">{}</a>', self.page_url(f"{self.site}:leader-detail", value), value)

    def render_content(self, value: str) -> SafeString:
        return linebreaksbr(value if len(value) <= 60 else value[:60] + "…")

    def render_progress(self, value: str) -> SafeString:
        """The text's beginning, the whole of it a click away: a period scans on one page."""
        if len(value) <= PROGRESS_SHOWN:
            return linebreaksbr(value)
        return format_html(
            '<details class="progress"><summary>{}… <span class="more">{}</span></summary><div>{}</div></details>',
            value[:PROGRESS_SHOWN],
            _("全文"),
            linebreaksbr(value),
        )

    def render_units(self, record) -> SafeString:
        links = ((self.page_url(f"{self.site}:unit-detail", link.name), link.as_written) for link in record.unit_links)
        return format_html_join("、", '<a href="{}">{}</a>', links)

    def render_status(self, record) -> SafeString:
        return format_html('<span class="status status-{}">{}</span>', record.status, record.get_status_display())

    def render_signal(self, record) -> SafeString:
        badge = signal_badge(record.pace.signal)
        if self.site != "public":
            return badge
        # On the public site every signal leads to what it means.
        return format_html('<a class="signal-link" href="{}">{}</a>', self.pace_url, badge)

    @cached_property
    def pace_url(self) -> str:
        return reverse("public:pace")

    def render_completion(self, value: float) -> str:
        return f"{value * 100:.1f}%"

    def order_completion(self, queryset, is_descending: bool):
        """Reports without a measured completion last, either way and on both databases
        (PostgreSQL would put them first when descending)."""
        completion = F("pace__completion")
        order = completion.desc(nulls_last=True) if is_descending else completion.asc(nulls_last=True)
        return queryset.order_by(order, "target__seq", "position"), True

    def render_expected(self, value: float) -> str:
        return f"{value * 100:.0f}%"


def target_url(organisation, target, site: str = "dashboard") -> str:
    return organisation_reverse(f"{site}:target-detail", organisation, target.year, target.seq)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


class ChildComparisonTable(tables.Table):
    """A parent organisation's children in one period (dashboard.comparison.ChildRow), sortable,
    the most behind first by default."""

    organisation = tables.Column(
        accessor="organisation__name",
        verbose_name=_("政府"),
        order_by=("organisation__code",),
        linkify=lambda record: (
            organisation_reverse("dashboard:period-detail", record.organisation, record.period.code)
            if record.period
            else organisation_reverse("dashboard:index", record.organisation)
        ),
    )
    targets = tables.Column(verbose_name=_("责任目标"))
    reports = tables.Column(verbose_name=_("推进情况条数"))
    on_pace_share = tables.Column(verbose_name=_("按序时推进"))
    behind_share = tables.Column(verbose_name=_("滞后（黄灯、红灯）"))
    reached_goal_share = tables.Column(verbose_name=_("达到目标"))
    cancelled_share = tables.Column(verbose_name=_("不再实施"))
    contradictions = tables.Column(verbose_name=_("与报告状态矛盾"))
    unreported = tables.Column(verbose_name=_("未报告"))

    class Meta:
        attrs = {"class": "data-table"}
        empty_text = _("没有下级政府。")
        order_by = ("-behind_share",)

    def render_targets(self, record, value: int) -> str:
        return str(value) if record.period else _("本期未导入")

    render_on_pace_share = render_behind_share = render_reached_goal_share = render_cancelled_share = staticmethod(
        lambda value: _percent(value)
    )
