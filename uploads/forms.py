from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from importers.cells import TABLE_SUFFIXES
from importers.periods import parse_period_code
from uploads.models import UploadKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("文件类型"), choices=UploadKind.choices, initial=UploadKind.PROGRESS)
    file = forms.FileField(
        label=_("文件"),
    )
    period = forms.CharField(
        label=_("报告期（可选）"),
        required=False,
        max_length=8,
        help_text=_("留空则按文件标题确定，例如 2024-Q3、2024-M08。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "一览表：Excel（.xlsx、.xls）、Word（.docx）、CSV 或文本；政府工作报告与通知：文本。最大 %(limit)s。"
        ) % {"limit": filesizeformat(settings.UPLOAD_MAX_BYTES)}

    def clean_period(self) -> str:
        code = self.cleaned_data["period"].strip().upper()
        if code:
            try:
                parse_period_code(code)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from None
        return code

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        is_table = cleaned.get("kind") == UploadKind.PROGRESS
        suffix = Path(upload.name).suffix.lower() if upload else ""
        if upload and is_table and suffix not in TABLE_SUFFIXES:
            self.add_error("file", _("一览表须为 %(kinds)s 文件。") % {"kinds": "、".join(sorted(TABLE_SUFFIXES))})
        elif upload and not is_table and suffix != ".txt":
            self.add_error("file", _("政府工作报告和通知须为文本（.txt）文件。"))
        return cleaned
