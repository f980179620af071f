"""Reading the tables of a Word document (.docx, python-docx) into rows of cleaned cell texts.

The paragraphs before and between the tables are rows of one cell each (the title that gives
the period, a 填报单位 line), so the table logic reads a Word document as it reads a sheet. A
cell merged down over several rows gives its text to each of them; a cell merged across
columns is one cell (its text once, in its first column). An old binary .doc is converted with
LibreOffice when the machine has it, and refused in one line otherwise.
"""

import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.simpletypes import ST_Merge
from docx.table import Table, _Cell
from lxml.etree import LxmlError

from importers.archives import ArchiveLimits, check_archive, refuse_declared_entities
from importers.errors import SourceError
from importers.rows import SourceRow, clean_cell

WORD_SUFFIXES = {".docx", ".doc"}
OLD_WORD_SUFFIX = ".doc"
_CONVERSION_SECONDS = 120


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
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, LxmlError) as error:
        raise SourceError(named.name, f"not a readable .docx document ({error.__class__.__name__})") from None
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            tables += 1
            yield from _table_rows(block, tables)
        elif text := clean_cell(block.text):
            paragraphs += 1
            yield SourceRow(paragraphs, (text,), counter="paragraph")


def _table_rows(table: Table, number: int) -> Iterator[SourceRow]:
    """The rows of a table, walked once over its XML. python-docx's `row.cells` finds the cell
    above a merged one by searching the table's rows (quadratic: minutes for 100,000 rows)."""
    above: list[str] = []  # the previous row's text in each grid column
    for index, tr in enumerate(table._tbl.tr_lst, start=1):
        cells, merged = [""] * tr.grid_before, set()
        for tc in tr.tc_lst:
            column = len(cells)
            if tc.vMerge == ST_Merge.CONTINUE:  # merged down from the row above: its text again
                cells.append(above[column] if column < len(above) else "")
                merged.add(column)
            else:
                cells.append(clean_cell(_Cell(tc, table).text))
            cells += [""] * (tc.grid_span - 1)  # merged across: its text once, in its first column
        above = cells
        yield SourceRow(index, tuple(cells), merged_above=frozenset(merged), counter=f"table {number}, row")
