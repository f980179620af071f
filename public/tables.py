from datetime import date

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from heze_targets.organisation_urls import organisation_reverse
from targets.models import ReportingPeriod


class PeriodTable(tables.Table):
    """Reporting periods with their counts (ReportingPeriod.objects.with_status_counts())."""

    label = tables.Column(
        verbose_name=_("报告期"),
        linkify=lambda table, record: organisation_reverse(
            f"{table.site}:period-detail", table.organisation, record.code
        ),
    )
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

    def render_as_of(self, value: date) -> str:
        return value.isoformat()
