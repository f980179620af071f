"""An admin's upload of a document, from the file to its import: its own record, not the import
batch, which exists only once an import has succeeded."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from targets.models import ImportBatch, Organisation


class UploadKind(models.TextChoices):
    PROGRESS = "progress", _("工作推进情况一览表")
    WORK_REPORT = "work_report", _("政府工作报告")
    TASK_NOTICE = "task_notice", _("重点工作任务通知")


class UploadState(models.TextChoices):
    PREVIEWING = "previewing", _("预览中")
    MAPPING = "mapping", _("待对应列")
    WAITING = "waiting", _("待确认")
    IMPORTING = "importing", _("导入中")
    DONE = "done", _("已导入")
    FAILED = "failed", _("失败")
    ROLLED_BACK = "rolled_back", _("已撤销")
    REFUSED = "refused", _("无法导入")


class UploadQuerySet(models.QuerySet):
    def of(self, organisation: Organisation):
        return self.filter(organisation=organisation)

    def for_pages(self):
        """Everything the pages show, without the file and the snapshot (megabytes each)."""
        return self.select_related("uploaded_by", "rolled_back_by", "batch__period").defer("content", "snapshot")


class Upload(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="uploads")
    kind = models.CharField(_("文件类型"), max_length=12, choices=UploadKind.choices, default=UploadKind.PROGRESS)
    file_name = models.CharField(_("文件名"), max_length=255)
    # The file itself, in the database: every web process and the worker read the same one, and
    # no app server keeps a state of its own (at most settings.UPLOAD_MAX_BYTES).
    content = models.BinaryField()
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="uploads", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    # The period the file gives (or the one the admin chose instead), for progress tables.
    period_code = models.CharField(_("报告期"), max_length=8, blank=True)
    # What the preview found: counts of new, changed, unchanged and removed reports, and warnings.
    preview = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("状态"), max_length=12, choices=UploadState.choices, default=UploadState.WAITING)
    # The import's phase while it runs (reading, analysing, writing, written, done).
    phase = models.CharField(max_length=12, blank=True)
    reason = models.TextField(_("失败原因"), blank=True)
    # The last sign of life of the worker running the import (None: no worker has started it).
    alive_at = models.DateTimeField(null=True, blank=True, editable=False)
    batch = models.ForeignKey(ImportBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="uploads")
    # What the import did (counts, warnings, its batch's number): kept here, as the batch goes
    # with a rollback.
    result = models.JSONField(default=dict, blank=True)
    # The organisation's data before this upload changed any of it (targets.snapshots), taken in
    # the transaction of its first write (a unit merge of its preview, or the import), and the
    # data versions that say whether a rollback may put it back: the version when it was taken,
    # after this upload's last own write, and after its import.
    snapshot = models.BinaryField(null=True, editable=False)
    version_before = models.BigIntegerField(null=True, editable=False)
    version_seen = models.BigIntegerField(null=True, editable=False)
    version_after = models.BigIntegerField(null=True, editable=False)
    rolled_back_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rollbacks",
        verbose_name=_("撤销人"),
    )
    # The data version the rollback left (a rollback of the upload before may follow it).
    version_rolled_back = models.BigIntegerField(null=True, editable=False)

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("上传")
        verbose_name_plural = _("上传")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def percent_done(self) -> int:
        """The import's progress as the page's bar shows it."""
        if self.state == UploadState.DONE:
            return 100
        return PHASE_PERCENT.get(self.phase, 0)


# How far an import is at the start of each phase (targets.imports' on_phase names).
PHASE_PERCENT = {"reading": 5, "analysing": 30, "writing": 70, "written": 95, "done": 100}
