"""Responsible units (责任单位) as written: splitting a cell into unit names."""

import re
from collections.abc import Container

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


def looks_like_units(text: str) -> bool:
    names = split_units(text)
    return bool(names) and all(len(name) <= 20 for name in names) and names[0].endswith(UNIT_ENDINGS)
