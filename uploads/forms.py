from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from importers.cells import TABLE_SUFFIXES
from importers.columns import REQUIRED_FIELDS
from importers.periods import parse_period_code
from targets.models import HeaderField
from uploads.models import UploadKind


def clean_period_code(value: str) -> str:
    code = value.strip().upper()
    if code:
        try:
            parse_period_code(code)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
    return code


class PeriodForm(forms.Form):
    """The period of an upload's table corrected after its preview."""

    period = forms.CharField(label=_("报告期"), max_length=8)

    def clean_period(self) -> str:
        return clean_period_code(self.cleaned_data["period"])


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
        return clean_period_code(self.cleaned_data["period"])

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


class ColumnMappingForm(forms.Form):
    """A field for each column of a table whose headers are not all known (an upload's preview
    `columns`): which column holds what; the table's own fields each at most once."""

    def __init__(self, columns: list[dict], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = columns
        choices = [("", _("其他列（原样保留）")), *HeaderField.choices]
        for column in columns:
            self.fields[f"column-{column['index']}"] = forms.ChoiceField(
                label=column["header"] or _("（无表头）"), choices=choices, required=False, initial=column["field"]
            )

    def clean(self):
        cleaned = super().clean()
        chosen = [value for value in cleaned.values() if value]
        if twice := sorted({value for value in chosen if chosen.count(value) > 1}):
            names = "、".join(str(HeaderField(value).label) for value in twice)
            raise forms.ValidationError(_("每个字段只能对应一列：%(fields)s 选了不止一次。") % {"fields": names})
        if missing := [key for key in REQUIRED_FIELDS if key not in chosen]:
            names = "、".join(str(HeaderField(key).label) for key in missing)
            raise forms.ValidationError(_("请为这些字段各选一列：%(fields)s。") % {"fields": names})
        return cleaned

    def rows(self):
        """Each column with its samples and its field, for the page."""
        return [(column, self[f"column-{column['index']}"]) for column in self.columns]

    def choices_by_header(self) -> dict[str, str]:
        """{header as written: field} of the columns given a field."""
        return {
            column["header"]: self.cleaned_data[f"column-{column['index']}"]
            for column in self.columns
            if column["header"] and self.cleaned_data[f"column-{column['index']}"]
        }
