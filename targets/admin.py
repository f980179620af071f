from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from targets.models import (
    DataVersion,
    ImportBatch,
    Leader,
    NoticeSection,
    NoticeTask,
    OpenDataChunk,
    OpenDataFile,
    OpenDataRelease,
    Organisation,
    PaceSettings,
    PeriodTally,
    ProgressReport,
    ProgressReportQuerySet,
    ReportFigure,
    ReportingPeriod,
    ReportPace,
    ReportSearchText,
    ReportSection,
    ReportSentence,
    ReportUnit,
    TableHeader,
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
from targets.tallies import refresh_tallies
from targets.tasks import recompute_every_pace
from targets.unit_merging import merge_units


class RefreshesTalliesOnDelete:
    """An admin of rows whose deletion changes the periods' tallies (targets.tallies): it
    refreshes them in the transaction of the deletion."""

    def tally_periods(self, queryset) -> set[int]:
        """The ids of the periods whose reports the rows of `queryset` are or belong to."""
        raise NotImplementedError

    def delete_model(self, request, obj) -> None:
        self.delete_queryset(request, self.model.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset) -> None:
        # The "delete selected" action runs outside the admin's transaction: the refresh must
        # commit with the deletion.
        with transaction.atomic():
            periods = self.tally_periods(queryset)
            super().delete_queryset(request, queryset)
            refresh_tallies(periods)


class RefreshesTallies(RefreshesTalliesOnDelete):
    """An admin of rows the periods' tallies count: saving one refreshes the tallies of the
    periods it was in and is in, deleting one those it was in, in the admin's transaction."""

    def save_model(self, request, obj, form, change) -> None:
        # Read before the save: a row moved to another period changes the old one's tallies too.
        # Kept on the form, which lives for this request only (the admin object serves them all).
        form.tally_periods = self.tally_periods(self.model.objects.filter(pk=obj.pk)) if change else set()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        # After the inlines (a report's units) are saved too.
        super().save_related(request, form, formsets, change)
        refresh_tallies(form.tally_periods | self.tally_periods(self.model.objects.filter(pk=form.instance.pk)))


class MarksReportsEdited:
    """An admin of rows the public reads as part of reports: saving a change to one (its form or
    an inline's) marks those reports edited (ProgressReport.edited_at), which puts their targets
    first in the feed of changed targets. Save pressed on an unchanged form marks nothing."""

    def edited_reports(self, obj, form) -> ProgressReportQuerySet:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed() or any(formset.has_changed() for formset in formsets):
            self.edited_reports(form.instance, form).mark_edited()


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "organisation", "as_of", "published"]
    list_editable = ["published"]
    list_filter = ["organisation", "published"]
    list_select_related = ["organisation"]
    readonly_fields = ["organisation", "year", "kind", "code", "label", "as_of"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name"]


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1
    exclude = ["organisation"]  # the unit's (UnitAlias.save)


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "needs_review", "alias_list", "report_count"]
    list_filter = ["organisation", "needs_review"]
    list_select_related = ["organisation"]
    list_editable = ["needs_review"]
    search_fields = ["name", "aliases__spelling"]
    inlines = [UnitAliasInline]
    actions = ["merge_into_the_confirmed_unit"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("report_units")).prefetch_related("aliases")

    @admin.display(description=_("别名"))
    def alias_list(self, unit: Unit) -> str:
        return "、".join(alias.spelling for alias in unit.aliases.all())

    @admin.display(description=_("推进情况条数"), ordering="report_count")
    def report_count(self, unit: Unit) -> int:
        return unit.report_count

    @admin.action(description=_("合并到所选的已确认单位（其余所选单位的推进情况、任务和写法都归入它）"))
    def merge_into_the_confirmed_unit(self, request, queryset) -> None:
        """Select the unit to keep (not marked for review) and the units to fold into it."""
        confirmed = [unit for unit in queryset if not unit.needs_review]
        if len(confirmed) != 1 or len({unit.organisation_id for unit in queryset}) != 1:
            message = gettext("请在同一政府中选择一个已确认的单位和要并入它的待审核单位。")
            self.message_user(request, message, level=messages.ERROR)
            return
        target, moved = confirmed[0], 0
        for source in queryset.exclude(pk=target.pk):
            moved += merge_units(source, target)
        message = gettext("已并入“%(unit)s”：移动 %(count)d 条推进情况的责任单位。")
        self.message_user(request, message % {"unit": target.name, "count": moved})


@admin.register(UnitAlias)
class UnitAliasAdmin(admin.ModelAdmin):
    list_display = ["spelling", "unit", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["spelling", "unit__name"]
    autocomplete_fields = ["unit"]
    exclude = ["organisation"]  # the unit's (UnitAlias.save)


@admin.register(Target)
class TargetAdmin(MarksReportsEdited, RefreshesTalliesOnDelete, admin.ModelAdmin):
    list_display = ["year", "seq", "content", "deadline", "due_date", "ongoing", "organisation"]
    list_filter = ["organisation", "year", "ongoing"]
    list_select_related = ["organisation"]
    search_fields = ["content"]

    # Deleting a target deletes its reports; editing it changes no count.
    def tally_periods(self, queryset) -> set[int]:
        return set(ProgressReport.objects.filter(target__in=queryset).values_list("period_id", flat=True))

    def edited_reports(self, obj: Target, form) -> ProgressReportQuerySet:
        return ProgressReport.objects.filter(target=obj)


class ReportUnitInline(admin.TabularInline):
    model = ReportUnit
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(ProgressReport)
class ProgressReportAdmin(MarksReportsEdited, RefreshesTallies, admin.ModelAdmin):
    list_display = ["period", "target", "position", "leader", "status", "source_line"]
    list_filter = ["period", "status", "leader"]
    search_fields = ["target__content", "progress"]
    list_select_related = ["period", "target", "leader"]
    raw_id_fields = ["target", "batch"]
    inlines = [ReportUnitInline]

    def tally_periods(self, queryset) -> set[int]:
        return set(queryset.values_list("period_id", flat=True))

    def edited_reports(self, obj: ProgressReport, form) -> ProgressReportQuerySet:
        return ProgressReport.objects.filter(pk=obj.pk)


@admin.register(TableHeader)
class TableHeaderAdmin(admin.ModelAdmin):
    list_display = ["header", "field", "organisation"]
    list_filter = ["organisation", "field"]
    search_fields = ["header"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "file_name",
        "organisation",
        "period",
        "imported_at",
        "imported_by",
        "new_count",
        "updated_count",
    ]
    list_filter = ["organisation", "period"]
    readonly_fields = [field.name for field in ImportBatch._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(WorkReport)
class WorkReportAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "delivered_on", "year_of_goals", "speaker", "source_file"]
    list_filter = ["organisation"]
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
    list_display = ["doc_number", "title", "organisation", "issued_on", "printed_on"]
    list_filter = ["organisation"]
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
        recompute_every_pace.enqueue()
        self.message_user(request, gettext("正在后台按新阈值重新计算全部推进情况，完成后各页面随之更新。"))


@admin.register(ReportPace)
class ReportPaceAdmin(RefreshesTallies, admin.ModelAdmin):
    list_display = ["report", "kind", "goal_text", "achieved_text", "completion", "expected", "signal", "contradiction"]
    list_filter = ["report__period", "signal", "contradiction", "kind"]
    list_select_related = ["report__period", "report__target"]
    readonly_fields = [field.name for field in ReportPace._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def tally_periods(self, queryset) -> set[int]:
        return set(queryset.values_list("report__period_id", flat=True))


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
class ReportUnitAdmin(MarksReportsEdited, RefreshesTallies, admin.ModelAdmin):
    list_display = ["report", "unit", "position", "as_written"]
    list_filter = ["report__period"]
    search_fields = ["as_written", "unit__name"]
    list_select_related = ["report__period", "report__target", "unit"]
    raw_id_fields = ["report", "unit"]

    def tally_periods(self, queryset) -> set[int]:
        return set(queryset.values_list("report__period_id", flat=True))

    def edited_reports(self, obj: ReportUnit, form) -> ProgressReportQuerySet:
        # The report it is on and, moved to another, the one it was on.
        return ProgressReport.objects.filter(pk__in=[obj.report_id, form.initial.get("report", obj.report_id)])

    # A report that loses a unit is edited too.
    def delete_model(self, request, obj: ReportUnit) -> None:
        super().delete_model(request, obj)
        ProgressReport.objects.filter(pk=obj.report_id).mark_edited()

    def delete_queryset(self, request, queryset) -> None:
        reports = set(queryset.values_list("report_id", flat=True))
        super().delete_queryset(request, queryset)
        ProgressReport.objects.filter(pk__in=reports).mark_edited()


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


@admin.register(ReportSearchText)
class ReportSearchTextAdmin(BookkeepingAdmin):
    list_display = ["report", "organisation", "period", "words"]
    list_filter = ["organisation"]
    list_select_related = ["report__target", "report__period", "organisation", "period"]
    search_fields = ["words"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a report (or its target, its period) deletes its words with it: the admin asks
        # for this permission then. Whoever may delete reports may.
        return request.user.has_perm("targets.delete_progressreport")

    def get_actions(self, request):
        # Never deleted on their own: the words of a report are kept by targets.search.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(OpenDataRelease)
class OpenDataReleaseAdmin(BookkeepingAdmin):
    list_display = ["organisation", "data_version", "built_at", "first_period", "last_period"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]


@admin.register(OpenDataFile)
class OpenDataFileAdmin(BookkeepingAdmin):
    list_display = ["name", "release", "size", "sha256"]
    list_select_related = ["release__organisation"]
    search_fields = ["name"]


@admin.register(OpenDataChunk)
class OpenDataChunkAdmin(BookkeepingAdmin):
    list_display = ["file", "index"]
    list_select_related = ["file"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")  # a megabyte a row, never shown


@admin.register(PeriodTally)
class PeriodTallyAdmin(BookkeepingAdmin):
    list_display = ["period", "dimension", "leader", "unit", "reports", "measurable", "on_pace", "median_completion"]
    list_filter = ["dimension", "period"]
    list_select_related = ["period", "leader", "unit"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["members"]
