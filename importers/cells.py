"""Reading a table file into rows of cleaned cell texts: one reader per format (tab-separated
or UTF-16 "Unicode text", CSV, .xlsx/.xls workbooks, Word tables), the table logic shared."""

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from importers.archives import DEFAULT_LIMITS, ArchiveLimits
from importers.errors import SourceError
from importers.rows import SourceRow, clean_cell
from importers.word_tables import WORD_SUFFIXES, word_rows
from importers.workbooks import XLS_SUFFIX, XLSX_SUFFIXES, workbook_rows

__all__ = ["DEFAULT_LIMITS", "TABLE_SUFFIXES", "ArchiveLimits", "SourceRow", "read_rows", "text_lines"]
# The files a progress table is read from (any other name is read as tab-separated text).
TABLE_SUFFIXES = {".txt", ".tsv", ".csv", *XLSX_SUFFIXES, XLS_SUFFIX, *WORD_SUFFIXES}
# UTF-16 ("Unicode text" saved from Excel) is told by its byte-order mark.
_UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_rows(path: Path, limits: ArchiveLimits = DEFAULT_LIMITS) -> Iterator[SourceRow]:
    """The rows of a file one by one, so that a large text file is never held in memory whole.

    `limits` bound how far an .xlsx or .docx may inflate; text and CSV files are read as they are.
    """
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES or suffix == XLS_SUFFIX:
        yield from workbook_rows(path, limits)
        return
    if suffix in WORD_SUFFIXES:
        yield from word_rows(path, limits)
        return
    if suffix == ".csv":
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
    """UTF-16 with its byte-order mark, else UTF-8 (with or without BOM), else GB18030 (a
    superset of GBK), read in chunks."""
    with path.open("rb") as file:
        head = file.read(4096)
    if head.startswith(_UTF16_MARKS):
        if _first_undecodable_line(path, "utf-16") is not None:
            raise SourceError(path.name, "the text starts as UTF-16 but is not UTF-16 throughout")
        return "utf-16"
    if not head.strip():
        raise SourceError(path.name, "the file is empty")
    if b"\x00" in head:
        raise SourceError(
            path.name, "this is a binary file, not a text table (expected .txt, .csv, .xlsx, .xls or .docx)"
        )
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
