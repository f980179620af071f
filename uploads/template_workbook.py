"""The blank progress table offered to offices: our headers, a list of status words to pick from,
and the organisation's known leaders and units on sheets of their own. Filled in, it imports
cleanly (tests/test_upload_template.py fills one with openpyxl and uploads it)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from importers.columns import COLUMN_SYNONYMS
from importers.periods import Period
from targets.models import Leader, Organisation, Unit

# Our own spelling of each column (the first of its synonyms), in the seeds' order.
COLUMNS = ["seq", "leader", "content", "deadline", "progress", "status", "units", "partners"]
STATUS_WORDS = ["是", "否", "已完成", "—"]
ROWS = 500  # rows offered with the status list


def template_workbook(organisation: Organisation, period: Period) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "一览表"
    sheet.append([f"{organisation.name}{period.label}责任目标工作推进情况一览表"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([COLUMN_SYNONYMS[key][0] for key in COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    status = DataValidation(type="list", formula1='"' + ",".join(STATUS_WORDS) + '"', allow_blank=True)
    status.add(f"F3:F{ROWS + 2}")
    sheet.add_data_validation(status)
    _list_sheet(workbook, "市政府领导", Leader.objects.of(organisation).order_by("name").values_list("name", flat=True))
    _list_sheet(workbook, "责任单位", Unit.objects.of(organisation).order_by("name").values_list("name", flat=True))
    _list_sheet(workbook, "填表说明", [
        "每行一项推进情况；同一目标由几位领导分管或几个单位负责时，可在下一行只填序号以外的各列。",
        "是否按计划完成进度：是、否、已完成，或“—”（不再实施）。",
        "责任单位可填多个，用顿号分隔，第一个为牵头单位；配合单位填在配合单位一列。",
        "其余工作表列出已有的市政府领导和责任单位，请按这些写法填写。",
    ])  # fmt: skip
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _list_sheet(workbook: Workbook, title: str, lines) -> None:
    sheet = workbook.create_sheet(title)
    for line in lines:
        sheet.append([line])
