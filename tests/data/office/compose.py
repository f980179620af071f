"""Compose the office documents the importer is tested on (issue 12): progress tables in the
shapes offices really send, each with the counts a careful reader finds in it, written into
`expected.tsv`, with the text of every non-empty cell of their data rows in `cells.json` (both
read by tests/test_office_documents.py), and `README.md` (which document covers which shape).

    .venv/bin/python tests/data/office/compose.py

The documents are committed; run this again after changing a document here. A table is
written as rows: a string is one cell merged across the whole width (a title, a section
heading, a footnote), a list holds the cells, where `ABOVE` continues the cell above it (merged
down, as offices merge 序号 and the target over the rows of one target) and `LEFT` the cell to
its left (merged across, as a two-row header's 责任单位 over 牵头单位 and 配合单位). Text
formats write a merged cell's text once, in its first row and column, as spreadsheet programs
export them.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import docx
import openpyxl
import xlwt
from docx.shared import Pt

HERE = Path(__file__).parent
ABOVE, LEFT = object(), object()


@dataclass
class Expected:
    """What a careful reader counts in the document."""

    period: str
    targets: int
    reports: int
    leaders: int
    statuses: dict[str, int]
    lead_units: int
    participating_units: int


@dataclass
class Document:
    name: str
    shapes: str
    rows: list
    expected: Expected | None = None
    refused: str = ""  # the start of the one-line refusal, for a damaged document
    sheets: dict[str, list[str]] = field(default_factory=dict)  # further sheets that are not data


def statuses(on_track=0, behind=0, dropped=0, unreported=0, completed=0) -> dict[str, int]:
    return {
        "on_track": on_track,
        "behind": behind,
        "dropped": dropped,
        "unreported": unreported,
        "completed": completed,
    }


MERGED_XLSX = Document(
    "progress-2024-Q3-merged-cells.xlsx",
    "title merged across; 填报单位/截至 line; header on row 3; 序号, target and deadline merged down over 2–3 rows; "
    "line breaks in cells; numbers and real Excel dates; an empty row and a 注 footnote; sheets 说明 and 填表要求; "
    "header words 目标任务/分管领导/工作进展/牵头单位/配合单位; a collective phrase (各县区)",
    [
        "菏泽市2024年市政府责任目标前三季度工作推进情况一览表",
        "填报单位：市政府督查室　截至：2024年9月30日",
        ["序号", "目标任务", "完成时限", "分管领导", "工作进展", "是否按计划完成进度", "牵头单位", "配合单位"],
        [1, "城镇新增就业2万人以上", date(2024, 12, 31), "张伟", "城镇新增就业1.6万人，\n完成年度目标的80%。", "是",
         "市人力资源社会保障局", "市财政局、各县区"],
        [ABOVE, ABOVE, ABOVE, "李娜", "开展春风行动招聘会96场，提供岗位5.2万个。", "是", "市人力资源社会保障局", ""],
        [2, "新建5G基站1000个", "年底", "王强", "已建成5G基站860个", "是", "市工业和信息化局", "国网菏泽供电公司"],
        [3, "完成造林面积3万亩", datetime(2024, 10, 31), "张伟", "完成造林2.1万亩", "否", "市自然资源和规划局", ""],
        [ABOVE, ABOVE, ABOVE, "赵敏", "林业有害生物防治完成80%", "否", "市林业局", ""],
        [ABOVE, ABOVE, ABOVE, "刘洋", "开展森林防火检查12次", "是", "市应急管理局", "市林业局"],
        [4, "引进世界500强企业项目3个", "年底", "陈静", "已签约2个", "是", "市商务局", ""],
        [],
        "注：是否按计划完成进度填“是”或“否”；不再实施的目标填“—”。",
    ],
    Expected("2024-Q3", 4, 7, 6, statuses(on_track=5, behind=2), 6, 3),
    sheets={"说明": ["填表说明", "一、请按序号顺序填写。"], "填表要求": ["各单位于每季度末报送。"]},
)  # fmt: skip

TWO_ROW_HEADER = Document(
    "progress-2024-H1-two-row-header.xlsx",
    "a two-row header (责任单位 over 牵头单位 and 配合单位); header words 重点任务/责任领导/完成情况; "
    "status words 已完成, 超额完成, 正常推进, 滞后, 暂缓; a period written 1-6月",
    [
        "某市2024年1-6月重点任务推进情况表",
        ["序号", "重点任务", "责任领导", "完成情况", "是否按计划完成进度", "责任单位", LEFT],
        [ABOVE, ABOVE, ABOVE, ABOVE, ABOVE, "牵头单位", "配合单位"],
        [1, "改造老旧小区120个", "孙立", "已开工120个，完工65个", "正常推进", "市住房城乡建设局", "各县区"],
        [2, "新增城镇绿地50公顷", "孙立", "新增绿地62公顷", "超额完成", "市城市管理局", ""],
        [3, "建成区域医疗中心", "周芳", "主体工程完工", "已完成", "市卫生健康委", "市发展改革委"],
        [4, "实施农村公路提升300公里", "吴刚", "完成180公里", "滞后", "市交通运输局", ""],
        [5, "建设智慧停车平台", "吴刚", "项目调整，暂不实施", "暂缓", "市公安局", "市大数据局"],
    ],
    Expected("2024-H1", 5, 5, 3, statuses(on_track=1, behind=1, dropped=1, completed=2), 5, 2),
)  # fmt: skip

OLD_EXCEL = Document(
    "progress-2023-FY-excel97.xls",
    "Excel 97–2003 (.xls); 序号 and target merged down; status marks 是/否/—; a year-end (全年) title",
    [
        "2023年全年责任目标完成情况一览表",
        ["序号", "市政府领导", "责任目标内容", "完成时限", "推进情况", "是否按计划完成进度", "责任单位"],
        [1, "曹临", "粮食总产稳定在140亿斤以上", "年底", "粮食总产142亿斤", "是", "市农业农村局"],
        [2, "张鹏", "新开工亿元以上项目300个", "年底", "新开工312个", "是", "市发展改革委"],
        [ABOVE, "王强", ABOVE, ABOVE, "其中工业项目180个", "是", "市工业和信息化局"],
        [3, "曹临", "建设冷链物流园", "年底", "因规划调整不再实施", "—", "市商务局"],
        [4, "张鹏", "新增上市企业2家", "年底", "新增1家", "否", "市地方金融监管局"],
    ],
    Expected("2023-FY", 4, 5, 3, statuses(on_track=3, behind=1, dropped=1), 5, 0),
)  # fmt: skip

WORD_TABLE = Document(
    "progress-2024-M08-word-table.docx",
    "a Word table: title paragraph (1-8月), 序号/target merged down, a section heading merged across; "
    "header words 考核指标/分管县领导/时间节点/工作进展/责任部门; status words 按序时, 推进缓慢",
    [
        "郓城县2024年1-8月考核指标推进情况",
        ["序号", "考核指标", "分管县领导", "时间节点", "工作进展", "是否按计划完成进度", "责任部门"],
        "一、经济发展",
        [1, "规上工业增加值增长8%", "李强", "年底", "1-8月增长8.3%", "按序时", "县工业和信息化局"],
        [ABOVE, ABOVE, "马丽", ABOVE, "新增规上企业15家", "按序时", "县发展和改革局"],
        "二、民生保障",
        [2, "新建幼儿园5所", "马丽", "9月底", "3所主体完工，2所推进缓慢", "推进缓慢", "县教育和体育局"],
        [3, "改造农村户厕2000户", "李强", "10月底", "完成1500户", "按序时", "县农业农村局"],
    ],
    Expected("2024-M08", 3, 4, 2, statuses(on_track=3, behind=1), 4, 0),
)  # fmt: skip

WPS_CSV = Document(
    "progress-2024-Q1-wps-gbk.csv",
    "CSV saved from WPS in GBK; quoted cells with commas and line breaks; ASCII punctuation (():;,); "
    "a period written 1-3月; header words 工作目标/牵头领导/完成时间/进展情况/进度状态/协同单位; "
    "status words 达进度, 欠进度",
    [
        "2024年1-3月工作目标推进情况(填报单位:市发展改革委)",
        ["序号", "工作目标", "牵头领导", "完成时间", "进展情况", "进度状态", "牵头单位", "协同单位"],
        [1, "固定资产投资增长6%", "张鹏", "年底", "1-3月增长6.5%,\n其中工业投资增长9%", "达进度", "市发展改革委", "市统计局,市财政局"],
        [2, "新增市场主体2万户", "李娜", "年底", "新增0.4万户,完成20%", "欠进度", "市市场监管局", ""],
        [3, "建成充电桩1000个", "王强", "6月底", "建成300个(其中快充120个)", "达进度", "市能源局", "国网菏泽供电公司"],
    ],
    Expected("2024-Q1", 3, 3, 3, statuses(on_track=2, behind=1), 3, 3),
)  # fmt: skip

UNICODE_TEXT = Document(
    "progress-2024-Q3-unicode-text.txt",
    "UTF-16 text (Excel's Unicode text), tab-separated; letter-spaced headers (序  号, 责 任 单 位, 备  注); "
    "- and / as empty cells, — as a dropped target; full-width punctuation",
    [
        "菏泽市2024年第三季度责任目标推进情况",
        ["序  号", "市政府领导", "责任目标内容", "完成时限", "推进情况", "是否按计划完成进度", "责 任 单 位", "备  注"],
        [1, "曹临", "建设高标准农田10万亩", "年底", "完成8.5万亩（占85%）", "是", "市农业农村局", "/"],
        [2, "张鹏", "实施城市更新项目20个", "-", "完成14个", "是", "市住房城乡建设局", "-"],
        [3, "王强", "建设数据中心二期", "年底", "项目取消", "—", "市大数据局", "因规划调整"],
    ],
    Expected("2024-Q3", 3, 3, 3, statuses(on_track=2, dropped=1), 3, 0),
)  # fmt: skip

NO_LEADER = Document(
    "progress-2024-H1-no-leader-column.xlsx",
    "no leader column (imported with a warning, leader 未列明)",
    [
        "某区2024年上半年重点工作推进情况",
        ["序号", "目标任务", "完成时限", "推进情况", "是否按计划完成进度", "责任单位"],
        [1, "新增就业岗位5000个", "年底", "新增3100个", "是", "区人力资源和社会保障局"],
        [2, "新建社区食堂10处", "9月底", "建成4处", "否", "区民政局"],
    ],
    Expected("2024-H1", 2, 2, 0, statuses(on_track=1, behind=1), 2, 0),
)  # fmt: skip

NO_STATUS = Document(
    "progress-2024-FY-no-status-column.csv",
    "UTF-8 CSV without a status column: every report unreported, the stated share taken from 占年任务之比; "
    "header words 全年完成情况/相关单位",
    [
        "2024年全年责任目标完成情况",
        ["序号", "市政府领导", "责任目标内容", "完成时限", "全年完成情况", "占年任务之比", "责任单位", "相关单位"],
        [1, "曹临", "新增造林1万亩", "年底", "完成1.1万亩", "110%", "市自然资源和规划局", "各县区"],
        [2, "张鹏", "引进高层次人才500人", "年底", "引进420人", "84%", "市委组织部", "市人力资源社会保障局"],
    ],
    Expected("2024-FY", 2, 2, 2, statuses(unreported=2), 2, 1),
)  # fmt: skip

CONTINUATIONS = Document(
    "progress-2024-Q3-continuation-rows.txt",
    "continuation rows: a progress-only paragraph (进度说明) under a report, a row shifted left whose progress "
    "pieces (开展春风行动招聘会, 96 场, 5.2 万个) must not become units, a row holding only a status and a unit; "
    "collective phrases (相关各单位, 市直各部门)",
    [
        "2024年第三季度责任目标推进情况",
        ["序号", "市政府领导", "责任目标内容", "完成时限", "推进情况", "是否按计划完成进度", "责任单位"],
        [1, "李娜", "城镇新增就业2万人", "年底", "新增就业1.7万人", "是", "市人力资源社会保障局"],
        ["", "", "", "", "<b>进度说明：</b>其中高校毕业生就业0.6万人。", "", ""],
        [2, "王强", "新增规上工业企业100家", "年底", "新增82家", "是", "市工业和信息化局"],
        ["", "", "开展春风行动招聘会", "96 场", "5.2 万个", "", ""],
        [3, "张伟", "全面推行河长制", "长期坚持", "开展巡河1.2万次", "是", "市水务局、相关各单位、市直各部门"],
        ["", "赵敏", "", "", "", "是", "市生态环境局"],
    ],
    Expected("2024-Q3", 3, 4, 4, statuses(on_track=4), 4, 0),
)  # fmt: skip

TRUNCATED = Document(
    "damaged-truncated-workbook.xlsx",
    "damaged: a workbook cut off after 400 bytes",
    MERGED_XLSX.rows,
    refused="damaged-truncated-workbook.xlsx: not a readable .xlsx workbook",
)
NO_HEADER = Document(
    "damaged-no-header-row.xlsx",
    "damaged: a table whose header row is missing",
    [MERGED_XLSX.rows[0], *MERGED_XLSX.rows[3:10]],
    refused="damaged-no-header-row.xlsx: no progress table found",
)
OLD_WORD = Document(
    "progress-2024-Q1-old-word.doc",
    "an old binary Word .doc: refused with a line asking for .docx or .xlsx (when LibreOffice is absent)",
    [],
    refused="progress-2024-Q1-old-word.doc: an old Word .doc file cannot be read",
)

DOCUMENTS = [
    MERGED_XLSX,
    TWO_ROW_HEADER,
    OLD_EXCEL,
    WORD_TABLE,
    WPS_CSV,
    UNICODE_TEXT,
    NO_LEADER,
    NO_STATUS,
    CONTINUATIONS,
    TRUNCATED,
    NO_HEADER,
    OLD_WORD,
]


# --- the grid: cells with their merged ranges ----------------------------------------------------


def grid(rows: list) -> tuple[list[list], list[tuple[int, int, int, int]]]:
    """The rows as a rectangle of values (None where covered by a merge) and the merged ranges
    (top, left, bottom, right), 0-based and inclusive."""
    width = max(len(row) for row in rows if isinstance(row, list))
    values, merges = [], []
    for index, row in enumerate(rows):
        if isinstance(row, str):
            values.append([row] + [None] * (width - 1))
            merges.append((index, 0, index, width - 1))
            continue
        values.append([None if cell is ABOVE or cell is LEFT else cell for cell in row] + [None] * (width - len(row)))
        for column, cell in enumerate(row):
            if cell is ABOVE:
                _extend(merges, index, column, down=True)
            elif cell is LEFT:
                _extend(merges, index, column, down=False)
    return values, merges


def _extend(merges: list, row: int, column: int, down: bool) -> None:
    for number, (top, left, bottom, right) in enumerate(merges):
        if down and left == column and bottom == row - 1:
            merges[number] = (top, left, row, right)
            return
        if not down and top == row and right == column - 1:
            merges[number] = (top, left, bottom, column)
            return
    merges.append((row - 1, column, row, column) if down else (row, column - 1, row, column))


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return f"{value.year}年{value.month}月{value.day}日"
    return str(value)


# --- writers, one per format ----------------------------------------------------------------------


def write_xlsx(document: Document, path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "一览表"
    values, merges = grid(document.rows)
    for row in values:
        sheet.append(row)
    for top, left, bottom, right in merges:
        sheet.merge_cells(start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1)
    for name, lines in document.sheets.items():
        extra = workbook.create_sheet(name)
        for line in lines:
            extra.append([line])
    workbook.save(path)


def write_xls(document: Document, path: Path) -> None:
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Sheet1")
    values, merges = grid(document.rows)
    covered = {
        (r, c) for top, left, bottom, right in merges for r in range(top, bottom + 1) for c in range(left, right + 1)
    }
    starts = {(top, left): (top, left, bottom, right) for top, left, bottom, right in merges}
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            if (r, c) in starts:
                top, left, bottom, right = starts[(r, c)]
                sheet.write_merge(top, bottom, left, right, value)
            elif (r, c) not in covered and value is not None:
                sheet.write(r, c, value)
    workbook.save(str(path))


def write_docx(document: Document, path: Path) -> None:
    word = docx.Document()
    values, merges = grid(document.rows)
    title, *table_rows = values
    word.add_paragraph(title[0]).runs[0].font.size = Pt(16)
    table = word.add_table(rows=len(table_rows), cols=len(title))
    for r, row in enumerate(table_rows):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = text_of(value)
    for top, left, bottom, right in merges:
        if top:  # the title is a paragraph of its own
            table.cell(top - 1, left).merge(table.cell(bottom - 1, right))
    word.add_paragraph("注：按序时为达到序时进度。")
    word.save(path)


def table_text(document: Document) -> list[list[str]]:
    values, _ = grid(document.rows)
    return [[text_of(value) for value in row] for row in values]


def write_csv(document: Document, path: Path, encoding: str) -> None:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(table_text(document))
    path.write_bytes(out.getvalue().encode(encoding))


def write_tab_text(document: Document, path: Path, encoding: str) -> None:
    lines = ["\t".join(row).rstrip("\t") for row in table_text(document)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def write_document(document: Document, path: Path) -> None:
    if document is TRUNCATED:
        write_xlsx(document, path)
        path.write_bytes(path.read_bytes()[:400])
    elif document is OLD_WORD:
        # The signature of an OLE2 compound file (old .doc, .xls), then nothing a reader could use.
        path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    elif path.suffix == ".xlsx":
        write_xlsx(document, path)
    elif path.suffix == ".xls":
        write_xls(document, path)
    elif path.suffix == ".docx":
        write_docx(document, path)
    elif path.suffix == ".csv":
        write_csv(document, path, "gbk" if "gbk" in path.name else "utf-8-sig")
    else:
        write_tab_text(document, path, "utf-16")


# --- the tables the tests read --------------------------------------------------------------------

COLUMNS = ["file", "period", "targets", "reports", "leaders", "on_track", "behind", "dropped", "unreported",
           "completed", "lead_units", "participating_units", "refused"]  # fmt: skip


def expected_rows() -> list[list[str]]:
    rows = []
    for document in DOCUMENTS:
        found = document.expected
        if found is None:
            rows.append([document.name, *[""] * (len(COLUMNS) - 2), document.refused])
            continue
        counts = [found.targets, found.reports, found.leaders, *found.statuses.values()]
        counts += [found.lead_units, found.participating_units]
        rows.append([document.name, found.period, *map(str, counts), ""])
    return rows


# A dash or slash alone is an empty cell (the status column aside, where a dash means dropped).
_BLANK = re.compile(r"[-－/／]")


def data_cells(document: Document) -> list[str]:
    """The text of every non-empty cell of the document's data rows (under its header rows; not
    a title, section heading or footnote), as a reader of the document sees it."""
    values, _ = grid(document.rows)
    header_rows = max(index for index, row in enumerate(document.rows) if isinstance(row, list) and "序号" in
                      [str(cell).replace(" ", "") for cell in row if isinstance(cell, str)])  # fmt: skip
    while isinstance(document.rows[header_rows + 1], list) and document.rows[header_rows + 1][0] is ABOVE:
        header_rows += 1  # a second header row, under cells merged down from the first
    cells = []
    for index, row in enumerate(document.rows[header_rows + 1 :], start=header_rows + 1):
        if isinstance(row, list) and any(cell is not ABOVE and cell not in ("", None) for cell in row):
            texts = [text_of(value) for value in values[index] if value is not None]
            cells += [text for text in texts if text and not _BLANK.fullmatch(text)]
    return cells


def write_readme() -> None:
    lines = [
        "# Office documents (composed for the tests)",
        "",
        "Progress tables in the shapes offices send, written by `compose.py` (run it again after changing a",
        "document there); `expected.tsv` holds what a careful reader counts in each, which",
        "`tests/test_office_documents.py` compares with what the importer finds.",
        "",
        "| document | shapes it covers |",
        "|---|---|",
    ]
    lines += [f"| `{document.name}` | {document.shapes} |" for document in DOCUMENTS]
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    for document in DOCUMENTS:
        write_document(document, HERE / document.name)
    with (HERE / "expected.tsv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(expected_rows())
    cells = {document.name: data_cells(document) for document in DOCUMENTS if document.expected}
    (HERE / "cells.json").write_text(json.dumps(cells, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_readme()


if __name__ == "__main__":
    main()
