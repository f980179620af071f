"""Reading a table file (tab-separated text, CSV or XLSX) into rows of cleaned cell texts."""

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from importers.errors import SourceError

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
_NEEDS_FOLDING = re.compile(r"[\r\n\t\u3000\xa0]|  ")


@dataclass(frozen=True)
class SourceRow:
    """One row of a source file; `number` is the 1-based line (text) or row (sheet)."""

    number: int
    cells: tuple[str, ...]
    sheet: str | None = None

    def where(self, column: int | None = None) -> str:
        if self.sheet is None:
            return f"line {self.number}" if column is None else f"line {self.number}, column {column + 1}"
        if column is None:
            return f"sheet {self.sheet!r} row {self.number}"
        return f"sheet {self.sheet!r} cell {get_column_letter(column + 1)}{self.number}"

    @property
    def texts(self) -> list[str]:
        return [cell for cell in self.cells if cell]


def clean_cell(value: object) -> str:
    """The text of a cell with outer blanks trimmed and runs of spaces folded to one."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    if not _NEEDS_FOLDING.search(text):
        return text.strip()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_SPACE_RUN.sub(" ", line).strip() for line in lines).strip()


def read_rows(path: Path) -> Iterator[SourceRow]:
    """The rows of a file one by one, so that a large file is never held in memory whole."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        yield from _xlsx_rows(path)
        return
    if path.suffix.lower() == ".csv":
        with path.open(encoding=text_encoding(path), newline="") as text:
            yield from _csv_rows(text)
        return
    for number, line in text_lines(path):
        yield SourceRow(number, tuple(clean_cell(cell) for cell in line.split("\t")))


def text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of a text file, in the encoding it is written in."""
    with path.open(encoding=text_encoding(path), newline="") as text:
        for number, line in enumerate(text, start=1):
            yield number, line.rstrip("\r\n")


def text_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK), read in chunks."""
    with path.open("rb") as file:
        head = file.read(4096)
    if not head.strip():
        raise SourceError(path.name, "the file is empty")
    if b"\x00" in head:
        raise SourceError(path.name, "this is a binary file, not a text table (expected .txt, .csv or .xlsx)")
    for encoding in ("utf-8-sig", "gb18030"):
        if _first_undecodable_line(path, encoding) is None:
            return encoding
    line = _first_undecodable_line(path, "gb18030")
    raise SourceError(path.name, "the text is neither UTF-8 nor GB18030/GBK", f"line {line}")


def _first_undecodable_line(path: Path, encoding: str) -> int | None:
    decoder = codecs.getincrementaldecoder(encoding)()
    lines = 1
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as error:
                return lines + chunk[: error.start].count(b"\n")
            lines += chunk.count(b"\n")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return lines
    return None


def _csv_rows(text: TextIO) -> Iterator[SourceRow]:
    reader = csv.reader(text)
    start = 1
    for record in reader:
        yield SourceRow(start, tuple(clean_cell(cell) for cell in record))
        start = reader.line_num + 1


def _xlsx_rows(path: Path) -> Iterator[SourceRow]:
    if path.stat().st_size == 0:
        raise SourceError(path.name, "the file is empty")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError, ValueError) as error:
        raise SourceError(path.name, f"not a readable .xlsx workbook ({error.__class__.__name__})") from None
    try:
        for sheet in workbook.worksheets:
            # read-only sheets yield every row up to the last, empty ones included,
            # so counting from 1 gives the row numbers a spreadsheet program shows.
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield SourceRow(number, tuple(clean_cell(value) for value in values), sheet.title)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError) as error:
        raise SourceError(path.name, f"the workbook is damaged or truncated ({error.__class__.__name__})") from None
    finally:
        workbook.close()
