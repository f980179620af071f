"""The columns of a progress table, found by their headers (one synonym table for all years and cities)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Every header spelling we have met for each field, first the one our own exports write.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号"),
    "leader": (
        "市政府领导", "责任领导", "分管领导", "牵头领导", "市级领导", "分管市领导", "责任市领导", "分管县领导",
        "分管区领导", "县级领导", "责任县领导",
    ),
    "content": (
        "责任目标内容", "目标任务", "工作任务", "责任目标", "目标内容", "任务内容", "重点任务", "考核指标", "工作目标",
    ),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限", "完成期限", "时限要求"),
    "progress": (
        "推进情况", "完成情况", "进展情况", "工作进展", "工作推进情况", "进展", "推进落实情况", "全年完成情况",
        "已完成数",
    ),
    "status": ("是否按计划完成进度", "是否完成", "完成状态", "是否按期完成", "是否按时序推进", "进度状态"),
    # A stated share of the year's task (85%), or a status mark where a table writes one there.
    "share": ("完成率", "占年任务之比", "完成比例", "完成进度"),
    "units": ("责任单位", "牵头单位", "责任部门", "牵头部门", "主责单位"),
    # Participating units, where a table has a column of them beside the lead units.
    "partners": ("配合单位", "参与单位", "相关单位", "协同单位", "协办单位", "配合部门", "参与部门"),
}  # fmt: skip
REQUIRED_FIELDS = ("seq", "content", "progress", "units")
# A table without these imports, with a warning naming the column.
EXPECTED_FIELDS = ("leader",)
EMPTY: Mapping[str, str] = MappingProxyType({})
_FIELD_BY_HEADER = {name: key for key, names in COLUMN_SYNONYMS.items() for name in names}
_NOT_IN_HEADER = re.compile(r"[\s#*:：]")
_LONGEST_HEADER = 2 * max(map(len, _FIELD_BY_HEADER))


def header_key(text: str) -> str:
    return _NOT_IN_HEADER.sub("", text)


def field_of_header(text: str, header_fields: Mapping[str, str] = EMPTY) -> str | None:
    """The field a header names (`占年任务之比` → share), or None. `header_fields` adds the
    headers an organisation has told the field of (header_key → field), before ours."""
    key = header_key(text)
    return header_fields.get(key) or _FIELD_BY_HEADER.get(key)


def is_header_word(text: str, header_fields: Mapping[str, str] = EMPTY) -> bool:
    """Whether a cell names a column (a second header row holds only such cells)."""
    return field_of_header(text, header_fields) is not None


@dataclass
class Block:
    """One table of a header row; a two-up page has two blocks side by side."""

    start: int
    stop: int
    columns: dict[str, int] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    extras: dict[int, str] = field(default_factory=dict)

    def missing(self) -> list[str]:
        return [key for key in REQUIRED_FIELDS if key not in self.columns]

    def lacking(self) -> list[str]:
        """Columns a table should have but may do without."""
        return [key for key in EXPECTED_FIELDS if key not in self.columns]


def find_blocks(cells: tuple[str, ...], header_fields: Mapping[str, str] = EMPTY) -> list[Block] | None:
    """The tables whose header is this row, or None when the row is not a header."""
    keys = [field_of_header(cell, header_fields) if len(cell) <= _LONGEST_HEADER else None for cell in cells]
    if keys.count(None) > len(keys) - 3 or "seq" not in keys:
        return None
    starts = [index for index, key in enumerate(keys) if key == "seq"]
    blocks = []
    for number, start in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(cells)
        block = Block(start if number else 0, stop)
        for index in range(block.start, stop):
            key, header = keys[index], cells[index]
            if key is not None and key not in block.columns:
                block.columns[key] = index
                block.headers[key] = header
            elif header:
                block.extras[index] = header
        blocks.append(block)
    return blocks


def looks_like_header(cells: tuple[str, ...]) -> bool:
    """A row that may be a header nobody has named the columns of: three short texts or more."""
    texts = [cell for cell in cells if cell]
    return len(texts) >= 3 and all(len(text) <= _LONGEST_HEADER for text in texts)


def describe_field(key: str) -> str:
    names = COLUMN_SYNONYMS[key]
    return f"{names[0]} (or {'/'.join(names[1:])})"
