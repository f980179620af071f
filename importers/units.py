"""Responsible units (责任单位) as written: splitting a cell into unit names."""

import re
from collections.abc import Container
from dataclasses import dataclass

_SEPARATORS = re.compile(r"([\s、，,；;／/]+)")
# Ends of unit names that a line wrap in the source can leave on a line of their own
# (`菏泽鲁西新区 管委会`): such a piece belongs to the name before it.
# Words after the last unit of a list that are a note, not a name: 市市场监管局按职责分工负责.
_DUTY_NOTE = "按职责分工负责"
NAME_TAILS = (
    "管委会",
    "管理委员会",
    "人民政府",
    "委员会",
    "办公室",
    "管理局",
    "服务中心",
    "发展中心",
    "事务局",
    "集团",
    "有限公司",
)
UNIT_ENDINGS = (
    "局",
    "委",
    "办",
    "府",
    "会",
    "部",
    "中心",
    "集团",
    "公司",
    "控股",
    "港",
    "队",
    "院",
    "行",
    "室",
    "处",
    "所",
    "站",
    "社",
    "联",
    "区",
    "厅",
    "城投",
)


def split_units(text: str, known: Container[str] = ()) -> list[str]:
    """Unit names in written order; `known` spellings help join names a wrap has split."""
    names: list[str] = []
    parts = _SEPARATORS.split(text)  # name, separator, name, separator, …
    for index in range(0, len(parts), 2):
        piece = parts[index]
        if not piece:
            continue
        separator = parts[index - 1].strip() if index else ""
        piece = piece.removesuffix(_DUTY_NOTE)
        if names and ((piece in NAME_TAILS and not separator) or names[-1] + piece in known):
            names[-1] += piece
        elif names and separator and names[-1] + separator + piece in known:
            names[-1] += separator + piece  # a known name with a separator inside: 各县区政府、管委会
        else:
            names.append(piece)
    return names


# A unit's part in a report: it leads (牵头) or participates (参与, 配合).
LEAD, PARTICIPATING = "lead", "participating"
UNIT_ROLES = (LEAD, PARTICIPATING)


def role_at(position: int) -> str:
    """The role of the unit at `position` of a table's one unit column: the first listed leads."""
    return LEAD if position == 0 else PARTICIPATING


# Words that stand for many units at once: kept as written on the report, never made into units.
COLLECTIVE_PHRASES = (
    "各乡、街道办事处",
    "各乡镇（街道）",
    "各乡镇(街道)",
    "各乡镇、街道",
    "各县区",
    "各县（区）",
    "各县(区)",
    "各区县",
    "相关各单位",
    "相关单位",
    "有关单位",
    "各有关单位",
    "各相关单位",
    "市直各部门",
    "市直有关部门",
    "市直相关部门",
    "各有关部门",
    "各相关部门",
    "各部门",
    "各单位",
)
_COLLECTIVE = re.compile(
    r"(?:^|(?<=[\s、，,；;]))(?:"
    + "|".join(re.escape(phrase) for phrase in sorted(COLLECTIVE_PHRASES, key=len, reverse=True))
    + r")(?=$|[\s、，,；;])"
)
# Where a cell's list of units breaks: a line, or a list's punctuation.
_LIST_ITEM = re.compile(r"[\n、，,；;]+")
# What a unit name never holds: figures (96 场, 5.2 万个) and a sentence's punctuation.
_NOT_IN_A_NAME = re.compile(r"[0-9０-９%％。，：:！？!?“”\"]")
# How a clause of a progress text starts, never a unit's name (开展春风行动招聘会).
_CLAUSE_STARTS = (
    "开展", "完成", "推进", "实施", "组织", "举办", "召开", "新增", "新建", "建成", "累计", "实现", "加快", "落实",
    "启动", "印发", "出台", "制定", "争取", "发放", "培训", "招聘", "改造", "提升", "开工", "签约", "引进", "达到",
    "提供", "其中", "目前", "截至", "正在", "已经", "已", "共", "全年", "计划", "预计", "进度说明",
)  # fmt: skip


@dataclass
class UnitCell:
    """A responsible-units cell read: the unit names, the collective phrases it holds (各县区),
    and the texts that are no unit at all (pieces of a progress text), each as written."""

    names: list[str]
    collective: list[str]
    not_units: list[str]


def read_unit_cell(text: str, known: Container[str] = ()) -> UnitCell:
    if not text:
        return UnitCell([], [], [])
    collective = _COLLECTIVE.findall(text)
    text = _COLLECTIVE.sub(" ", text)
    # A line or list item with figures or a clause's start is judged whole (`96 场` is one piece
    # of a progress text, not a unit `场`), before names are split at their spaces.
    not_units = [piece.strip() for piece in _LIST_ITEM.split(text) if piece.strip() and _not_a_name(piece, known)]
    names = []
    for name in split_units(_LIST_ITEM.sub(lambda _: "、", _without(text, not_units)), known):
        if name in COLLECTIVE_PHRASES:
            collective.append(name)
        elif name in known or is_unit_name(name):
            names.append(name)
        else:
            not_units.append(name)
    return UnitCell(names, collective, not_units)


def _not_a_name(piece: str, known: Container[str]) -> bool:
    """Whether a list item holds figures or starts as a clause (its length aside: one line may
    list several units separated by spaces)."""
    compact = re.sub(r"\s+", "", piece)
    return compact not in known and not _reads_as_a_name(compact)


def _without(text: str, pieces: list[str]) -> str:
    for piece in pieces:
        text = text.replace(piece, " ", 1)
    return text


def is_unit_name(name: str) -> bool:
    """Whether a text can be a unit's name: short, without figures or a sentence's punctuation,
    not starting as a clause does. A spelling the organisation knows is taken whatever it holds."""
    return len(name) <= 30 and _reads_as_a_name(name)


def _reads_as_a_name(text: str) -> bool:
    return not _NOT_IN_A_NAME.search(text) and not text.startswith(_CLAUSE_STARTS)


def looks_like_units(text: str) -> bool:
    names = split_units(text)
    return (
        bool(names)
        and all(len(name) <= 20 and is_unit_name(name) for name in names)
        and names[0].endswith(UNIT_ENDINGS)
    )


def mark_names(text: str, names: list[str]) -> list[tuple[str, int | None]]:
    """`text` cut into pieces, each plain (None) or the written form of names[i] (i), in order:
    a unit list as written can then be shown whole, its names linked and its other words kept.
    A name that cannot be found in the text (split by a space, say) is left out of the pieces."""
    pieces: list[tuple[str, int | None]] = []
    cursor = 0
    for index, name in enumerate(names):
        # A line wrap may have left a space inside a name (`菏泽鲁西新区 管委会`).
        found = re.compile(r"\s*".join(map(re.escape, name))).search(text, cursor) if name else None
        if found is None:
            continue
        if found.start() > cursor:
            pieces.append((text[cursor : found.start()], None))
        pieces.append((found.group(), index))
        cursor = found.end()
    if cursor < len(text):
        pieces.append((text[cursor:], None))
    return pieces
