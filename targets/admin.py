from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from targets.models import ImportBatch, Leader, ProgressReport, ReportingPeriod, ReportUnit, Target, Unit, UnitAlias


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "as_of", "published"]
    list_editable = ["published"]
    readonly_fields = ["year", "kind", "code", "label", "as_of"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    search_fields = ["name"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "needs_review", "alias_list", "report_count"]
    list_filter = ["needs_review"]
    list_editable = ["needs_review"]
    search_fields = ["name", "aliases__spelling"]
    inlines = [UnitAliasInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("report_units")).prefetch_related("aliases")

    @admin.display(description=_("别名"))
    def alias_list(self, unit: Unit) -> str:
        return "、".join(alias.spelling for alias in unit.aliases.all())

    @admin.display(description=_("推进情况条数"), ordering="report_count")
    def report_count(self, unit: Unit) -> int:
        return unit.report_count


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["spelling", "unit"]
    search_fields = ["spelling", "unit__name"]
    autocomplete_fields = ["unit"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["year", "seq", "content", "deadline", "due_date", "ongoing"]
    list_filter = ["year", "ongoing"]
    search_fields = ["content"]


class ReportUnitInline(admin.TabularInline):
    model = ReportUnit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["period", "target", "position", "leader", "status", "source_line"]
    list_filter = ["period", "status", "leader"]
    search_fields = ["target__content", "progress"]
    list_select_related = ["period", "target", "leader"]
    raw_id_fields = ["target", "batch"]
    inlines = [ReportUnitInline]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["id", "file_name", "period", "imported_at", "imported_by", "new_count", "updated_count"]
    list_filter = ["period"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False
