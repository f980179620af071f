"""A row of a source document (a line of text, a row of a sheet or of a Word table) as cleaned cell texts."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from importers.cell_addresses import column_letters

_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
_NEEDS_FOLDING = re.compile(r"[\r\n\t\u3000\xa0]|  ")


@dataclass(frozen=True)
class SourceRow:
    """One row of a source file; `number` is the 1-based line (text), row (sheet), paragraph or
    row of a Word table, as `counter` names it outside sheets."""

    number: int
    cells: tuple[str, ...]
    sheet: str | None = None
    # The columns whose text comes from a cell merged over this row from a row above.
    merged_above: frozenset[int] = frozenset()
    counter: str = "line"
    # The columns of cells that hold a formula: their text is the formula as written (=…).
    formulas: frozenset[int] = frozenset()

    def where(self, column: int | None = None) -> str:
        if self.sheet is None:
            place = f"{self.counter} {self.number}"
            return place if column is None else f"{place}, column {column + 1}"
        if column is None:
            return f"sheet {self.sheet!r} row {self.number}"
        return f"sheet {self.sheet!r} cell {column_letters(column + 1)}{self.number}"

    @property
    def texts(self) -> list[str]:
        return [cell for cell in self.cells if cell]


def clean_cell(value: object) -> str:
    """The text of a cell with outer blanks trimmed and runs of spaces folded to one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = _date_text(value) if isinstance(value, date | time) else str(value)
    if not _NEEDS_FOLDING.search(text):
        return text.strip()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in lines).strip()


def _date_text(value: date | time) -> str:
    """A real date cell as a Chinese deadline is written (2024年12月31日), its time when it has one."""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    day = f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, datetime) and value.time() != time(0, 0):
        return f"{day} {value:%H:%M}"
    return day
