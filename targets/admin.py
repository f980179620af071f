from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from targets.measuring import recompute_pace
from targets.models import (
    DataVersion,
    ImportBatch,
    Leader,
    NoticeSection,
    NoticeTask,
    Organisation,
    PaceSettings,
    ProgressReport,
    ReportFigure,
    ReportingPeriod,
    ReportPace,
    ReportSection,
    ReportSentence,
    ReportUnit,
    Target,
    TargetSource,
    TargetYearLink,
    TaskNotice,
    TaskTarget,
    TaskUnit,
    TextWords,
    Unit,
    UnitAlias,
    WorkReport,
)


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


@admin.register(WorkReport)
class WorkReportAdmin(admin.ModelAdmin):
    list_display = ["title", "delivered_on", "year_of_goals", "speaker", "source_file"]
    readonly_fields = [field.name for field in WorkReport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(ReportSentence)
class ReportSentenceAdmin(admin.ModelAdmin):
    list_display = ["report", "section_path", "kind", "text"]
    list_filter = ["report", "kind"]
    search_fields = ["text"]


@admin.register(ReportFigure)
class ReportFigureAdmin(admin.ModelAdmin):
    list_display = ["kind", "measure", "value", "unit", "comparison", "text"]
    list_filter = ["report", "kind", "unit"]
    search_fields = ["measure", "text"]


@admin.register(TargetSource)
class TargetSourceAdmin(admin.ModelAdmin):
    """Confirm a link, change its sentence, or clear the sentence and confirm: the target has none."""

    list_display = ["target", "sentence_text", "score", "confirmed"]
    list_editable = ["confirmed"]
    list_filter = ["confirmed", "target__year"]
    search_fields = ["target__content", "sentence_text"]
    autocomplete_fields = ["sentence"]
    readonly_fields = ["target", "score", "sentence_text"]

    def save_model(self, request, obj: TargetSource, form, change) -> None:
        obj.sentence_text = obj.sentence.text if obj.sentence else ""
        if "sentence" in form.changed_data:
            obj.confirmed = True  # a sentence chosen by hand is the admin's word
        super().save_model(request, obj, form, change)


class TaskUnitInline(admin.TabularInline):
    model = TaskUnit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(TaskNotice)
class TaskNoticeAdmin(admin.ModelAdmin):
    list_display = ["doc_number", "title", "issued_on", "printed_on"]
    readonly_fields = [field.name for field in TaskNotice._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(NoticeTask)
class NoticeTaskAdmin(admin.ModelAdmin):
    list_display = ["notice", "number", "text"]
    list_filter = ["notice"]
    search_fields = ["text"]
    inlines = [TaskUnitInline]


@admin.register(TaskTarget)
class TaskTargetAdmin(admin.ModelAdmin):
    list_display = ["task", "target", "score", "confirmed"]
    list_editable = ["confirmed"]
    list_filter = ["confirmed", "task__notice"]
    autocomplete_fields = ["target"]
    readonly_fields = ["task", "score"]

    def save_model(self, request, obj: TaskTarget, form, change) -> None:
        if "target" in form.changed_data:
            obj.confirmed = True
        super().save_model(request, obj, form, change)


@admin.register(PaceSettings)
class PaceSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "margin_points", "rate_margin_points"]

    def has_add_permission(self, request) -> bool:
        return not PaceSettings.objects.exists()

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        count = recompute_pace()
        self.message_user(request, gettext("已按新阈值重新计算 %(count)d 条推进情况。") % {"count": count})


@admin.register(ReportPace)
class ReportPaceAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "goal_text", "achieved_text", "completion", "expected", "signal", "contradiction"]
    list_filter = ["report__period", "signal", "contradiction", "kind"]
    list_select_related = ["report__period", "report__target"]
    readonly_fields = [field.name for field in ReportPace._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(TargetYearLink)
class TargetYearLinkAdmin(admin.ModelAdmin):
    list_display = ["earlier", "later", "score", "confirmed"]
    list_editable = ["confirmed"]
    list_filter = ["confirmed"]
    autocomplete_fields = ["earlier", "later"]
    readonly_fields = ["score"]

    def save_model(self, request, obj, form, change) -> None:
        if {"earlier", "later"} & set(form.changed_data):
            obj.confirmed = True
        super().save_model(request, obj, form, change)


@admin.register(ReportSection)
class ReportSectionAdmin(admin.ModelAdmin):
    list_display = ["report", "number", "title", "level", "kind"]
    list_filter = ["report", "level", "kind"]
    search_fields = ["title"]


@admin.register(NoticeSection)
class NoticeSectionAdmin(admin.ModelAdmin):
    list_display = ["notice", "number", "title"]
    list_filter = ["notice"]
    search_fields = ["title"]


@admin.register(ReportUnit)
class ReportUnitAdmin(admin.ModelAdmin):
    list_display = ["report", "unit", "position", "as_written"]
    list_filter = ["report__period"]
    search_fields = ["as_written", "unit__name"]
    list_select_related = ["report__period", "report__target", "unit"]
    raw_id_fields = ["report", "unit"]


@admin.register(TaskUnit)
class TaskUnitAdmin(admin.ModelAdmin):
    list_display = ["task", "unit", "role", "as_written"]
    list_filter = ["role", "task__notice"]
    search_fields = ["as_written", "unit__name"]
    list_select_related = ["task__notice", "unit"]
    raw_id_fields = ["task", "unit"]


class BookkeepingAdmin(admin.ModelAdmin):
    """Rows the system keeps for itself: shown, never edited by hand."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DataVersion)
class DataVersionAdmin(BookkeepingAdmin):
    list_display = ["value"]


@admin.register(TextWords)
class TextWordsAdmin(BookkeepingAdmin):
    list_display = ["digest", "words"]
    search_fields = ["words"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
