"""Reading a table file (tab-separated text, CSV or XLSX) into rows of cleaned cell texts."""

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from importers.errors import SourceError

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
_SPACE_RUN = re.compile(r"[ \t\u3000\xa0]+")
_NEEDS_FOLDING = re.compile(r"[\r\n\t\u3000\xa0]|  ")
_UNREADABLE = (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError, ValueError)
# defusedxml's refusals (entities, DTDs, external references) and expat's own errors; openpyxl
# parses every part through defusedxml once it is installed (see tests/test_xlsx_limits.py).
_BAD_XML = (DefusedXmlException, ParseError)


@dataclass(frozen=True)
class ArchiveLimits:
    """How far an .xlsx (a zip archive) may inflate, checked on the sizes its directory declares.

    The declared sizes can be trusted: Python's zipfile never inflates a member past its
    declared size (it stops there and fails the CRC check), so checking them refuses a zip
    bomb before a byte of it is inflated.
    """

    max_uncompressed_bytes: int = 200 * 1024 * 1024
    # Deflate reaches about 1030:1 on a run of one repeated text, which is what bombs are made
    # of; a real sheet's XML, repetitive as it is, inflates 10–50 times (15–20 measured on
    # sheets of 50,000 similar rows or of styled empty cells). 200 leaves real files four times
    # the room they use and still refuses a bomb well under the size limit.
    max_ratio: int = 200
    # A member this small costs little to read whatever its ratio, so only larger ones are
    # held to the ratio.
    ratio_floor_bytes: int = 1024 * 1024


DEFAULT_LIMITS = ArchiveLimits()


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


def read_rows(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> Iterator[SourceRow]:
    """The rows of a file one by one, so that a large file is never held in memory whole.

    `limits` bound how far an .xlsx may inflate; text and CSV files are read as they are.
    """
    if path.suffix.lower() in XLSX_SUFFIXES:
        yield from _xlsx_rows(path, limits)
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


def check_archive(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> None:
    """Refuse an .xlsx whose members would inflate past `limits`, reading only its directory."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except _UNREADABLE as error:
        raise SourceError(path.name, f"not a readable .xlsx workbook ({error.__class__.__name__})") from None
    for member in members:
        if member.file_size > limits.max_uncompressed_bytes:
            size, limit = _size(member.file_size), _size(limits.max_uncompressed_bytes)
            raise SourceError(path.name, f"{_one_line(member.filename)} inflates to {size}, over the {limit} limit")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise SourceError(
                path.name,
                f"{_one_line(member.filename)} inflates {ratio:,.0f} times its packed size, "
                f"over the limit of {limits.max_ratio} times (a zip bomb)",
            )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        size, limit = _size(total), _size(limits.max_uncompressed_bytes)
        raise SourceError(path.name, f"the workbook inflates to {size} in all, over the {limit} limit")


def _size(count: int) -> str:
    """Bytes as a person reads them: 203,455 bytes, 200 MiB, 1,100.5 MiB."""
    if count < 2**20:
        return f"{count:,} bytes"
    return f"{count / 2**20:,.1f} MiB".replace(".0 MiB", " MiB")


def _unreadable(path: Path, error: Exception, problem: str) -> SourceError:
    """The one line for a workbook openpyxl could not read. openpyxl wraps what failed while
    loading in a ValueError of several lines; the XML's own errors are told as what they are."""
    xml_error = next((cause for cause in (error, error.__cause__) if isinstance(cause, _BAD_XML)), None)
    if isinstance(xml_error, DefusedXmlException):
        # Entity declarations can expand a few bytes into gigabytes (a "billion laughs"); no
        # spreadsheet program writes them, so the workbook is refused rather than expanded.
        return SourceError(
            path.name, f"the workbook's XML declares entities or a DTD, refused ({_one_line(xml_error)})"
        )
    if xml_error is not None:
        return SourceError(path.name, f"the workbook's XML is malformed ({_one_line(xml_error)})")
    return SourceError(path.name, f"{problem} ({error.__class__.__name__})")


def _one_line(text: object) -> str:
    # Member names and the parser's messages quote the file's own text, which may hold line breaks.
    return " ".join(str(text).split())


def _xlsx_rows(path: Path, limits: ArchiveLimits) -> Iterator[SourceRow]:
    if path.stat().st_size == 0:
        raise SourceError(path.name, "the file is empty")
    check_archive(path, limits)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (*_UNREADABLE, *_BAD_XML) as error:
        raise _unreadable(path, error, "not a readable .xlsx workbook") from None
    try:
        for sheet in workbook.worksheets:
            # read-only sheets yield every row up to the last, empty ones included,
            # so counting from 1 gives the row numbers a spreadsheet program shows.
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield SourceRow(number, tuple(clean_cell(value) for value in values), sheet.title)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, *_BAD_XML) as error:
        raise _unreadable(path, error, "the workbook is damaged or truncated") from None
    finally:
        workbook.close()
