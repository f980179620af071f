import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from targets.models import ImportBatch, ReportingPeriod


class PeriodTable(tables.Table):
    label = tables.Column(verbose_name=_("报告期"))
    as_of = tables.DateColumn(verbose_name=_("截至"), format="Y-m-d")
    target_count = tables.Column(verbose_name=_("责任目标"))
    report_count = tables.Column(verbose_name=_("推进情况条数"))
    on_track_count = tables.Column(verbose_name=_("按计划推进"))
    behind_count = tables.Column(verbose_name=_("未按计划"))
    dropped_count = tables.Column(verbose_name=_("不再实施"))
    unreported_count = tables.Column(verbose_name=_("未报告"))

    class Meta:
        model = ReportingPeriod
        fields = ["label", "as_of"]
        orderable = False
        attrs = {"class": "data-table"}
        empty_text = _("还没有公开的报告期。")


class StaffPeriodTable(PeriodTable):
    published = tables.BooleanColumn(verbose_name=_("已公开"))
    watch = tables.LinkColumn(
        "watch-list", args=[tables.A("code")], text=_("关注清单"), verbose_name="", orderable=False, empty_values=()
    )

    class Meta(PeriodTable.Meta):
        fields = ["label", "as_of", "published"]
        empty_text = _("还没有导入任何报告期。")


class ImportBatchTable(tables.Table):
    id = tables.Column(verbose_name="#")
    warning_count = tables.Column(verbose_name=_("提示"), accessor="warnings", orderable=False)

    class Meta:
        model = ImportBatch
        fields = [
            "id",
            "file_name",
            "period",
            "imported_at",
            "imported_by",
            "new_count",
            "updated_count",
            "unchanged_count",
            "removed_count",
        ]
        orderable = False
        attrs = {"class": "data-table"}
        empty_text = _("还没有导入记录。")

    def render_warning_count(self, value: list) -> int:
        return len(value)
