"""Reading the tables of a Word document (.docx) into rows of cleaned cell texts.

The document's XML is read as a stream (lxml's iterparse), each row let go once it is read, so a
table of 100,000 rows takes tens of megabytes, not the gigabyte python-docx's whole tree takes
(and python-docx looks up a merged cell by searching the table: quadratic). The paragraphs
before and between the tables are rows of one cell each (the title that gives the period, a
填报单位 line), so the table logic reads a Word document as it reads a sheet. A cell merged down
over several rows gives its text to each of them; a cell merged across columns is one cell (its
text once, in its first column). An old binary .doc is converted with LibreOffice when the
machine has it, and refused in one line otherwise.
"""

import posixpath
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from lxml import etree

from importers.archives import ArchiveLimits, check_archive, refuse_declared_entities
from importers.errors import SourceError
from importers.rows import SourceRow, clean_cell

WORD_SUFFIXES = {".docx", ".doc"}
OLD_WORD_SUFFIX = ".doc"
_CONVERSION_SECONDS = 120
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAIN_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}


def word_rows(path: Path, limits: ArchiveLimits) -> Iterator[SourceRow]:
    if path.stat().st_size == 0:
        raise SourceError(path.name, "the file is empty")
    if path.suffix.lower() == OLD_WORD_SUFFIX:
        with tempfile.TemporaryDirectory(prefix="doc-") as folder:
            yield from _document_rows(path, _converted(path, Path(folder)), limits)
        return
    yield from _document_rows(path, path, limits)


def _converted(path: Path, folder: Path) -> Path:
    """The .docx LibreOffice makes of an old .doc (the upload's name kept for messages)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        raise SourceError(path.name, "an old Word .doc file cannot be read: save it as .docx or .xlsx and import that")
    command = [office, "--headless", "--convert-to", "docx", "--outdir", str(folder), str(path)]
    converted = folder / f"{path.stem}.docx"
    try:
        subprocess.run(command, capture_output=True, timeout=_CONVERSION_SECONDS, check=True)
    except (subprocess.SubprocessError, OSError):
        converted = folder / "none"
    if not converted.exists():
        raise SourceError(path.name, "LibreOffice could not convert this .doc: save it as .docx and import that")
    return converted


def _document_rows(named: Path, path: Path, limits: ArchiveLimits) -> Iterator[SourceRow]:
    check_archive(path, limits, "a readable .docx document")
    refuse_declared_entities(path, "document")
    try:
        with zipfile.ZipFile(path) as archive, archive.open(_main_part(archive)) as stream:
            yield from _BodyReader().rows(stream)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
        raise SourceError(named.name, f"not a readable .docx document ({error.__class__.__name__})") from None
    except etree.XMLSyntaxError as error:
        raise SourceError(named.name, f"the document's XML is malformed ({' '.join(str(error).split())})") from None


def _main_part(archive: zipfile.ZipFile) -> str:
    """The main document part the package's relationships name (word/document.xml as a rule)."""
    relationships = etree.fromstring(archive.read("_rels/.rels"), etree.XMLParser(resolve_entities=False))
    for relationship in relationships.iter(_PACKAGE_RELATIONSHIPS):
        if relationship.get("Type") == _MAIN_DOCUMENT:
            return posixpath.normpath(relationship.get("Target", "").lstrip("/"))
    raise KeyError("no main document part")


class _BodyReader:
    """The body's paragraphs and the rows of its tables, in document order. Tables inside a cell
    are part of that cell's text."""

    def __init__(self):
        self.depth = 0  # how many tables the parser is inside
        self.tables = self.paragraphs = self.row_count = 0
        self.above: list[str] = []  # the previous row's text in each grid column
        self.cells: list[str] = []
        self.merged: set[int] = set()

    def rows(self, stream: IO[bytes]) -> Iterator[SourceRow]:
        events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True)
        for event, element in events:
            if event == "start":
                self.start(element)
            elif (row := self.end(element)) is not None:
                yield row

    def start(self, element) -> None:
        if element.tag == _W + "tbl":
            self.depth += 1
            if self.depth == 1:
                self.tables += 1
                self.above, self.row_count = [], 0
        elif element.tag == _W + "tr" and self.depth == 1:
            self.cells, self.merged = [""] * _number(element, "trPr", "gridBefore", 0), set()

    def end(self, element) -> SourceRow | None:
        tag = element.tag
        if tag == _W + "tbl":
            self.depth -= 1
        elif tag == _W + "tc" and self.depth == 1:
            self.read_cell(element)
        elif tag == _W + "tr" and self.depth == 1:
            return self.finish_row(element)
        elif tag == _W + "p" and self.depth == 0:
            text = clean_cell(_paragraph_text(element))
            _let_go(element)
            if text:
                self.paragraphs += 1
                return SourceRow(self.paragraphs, (text,), counter="paragraph")
        return None

    def read_cell(self, cell) -> None:
        column = len(self.cells)
        merge = cell.find(f"{_W}tcPr/{_W}vMerge")
        if merge is not None and merge.get(_W + "val", "continue") == "continue":
            self.cells.append(self.above[column] if column < len(self.above) else "")
            self.merged.add(column)  # merged down from the row above: its text again
        else:
            self.cells.append(clean_cell("\n".join(_paragraph_text(p) for p in cell.iter(_W + "p"))))
        self.cells += [""] * (_number(cell, "tcPr", "gridSpan", 1) - 1)  # merged across: its text once

    def finish_row(self, row) -> SourceRow:
        _let_go(row)
        self.above = self.cells
        self.row_count += 1
        cells, merged = tuple(self.cells), frozenset(self.merged)
        return SourceRow(self.row_count, cells, merged_above=merged, counter=f"table {self.tables}, row")


def _paragraph_text(paragraph) -> str:
    return "".join(
        (element.text or "") if _TEXT[element.tag] is None else _TEXT[element.tag] for element in paragraph.iter(*_TEXT)
    )


def _number(element, properties: str, name: str, default: int) -> int:
    found = element.find(f"{_W}{properties}/{_W}{name}")
    value = found.get(_W + "val") if found is not None else None
    return int(value) if value and value.isdigit() else default


def _let_go(element) -> None:
    """Free a row or paragraph once read, and what came before it, so memory stays flat."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]
