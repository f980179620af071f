"""Reading workbooks (.xlsx and .xlsm, old .xls) into rows of cleaned cell texts.

python-calamine reads both formats, merged ranges included, several times faster than openpyxl
in the mode that gives merged ranges (benchmarks/xlsx_readers.py). Offices merge 序号, the
target and its deadline vertically over the rows of one target: a merged cell's value is given
to every row it spans (in its first column; a title merged across the columns stays one cell).
"""

import zipfile
from collections.abc import Iterator
from pathlib import Path

from python_calamine import CalamineError, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum, XmlError

from importers.archives import ArchiveLimits, check_archive, refuse_declared_entities
from importers.cells import SourceRow, clean_cell
from importers.errors import SourceError
from importers.formulas import sheet_formulas

XLSX_SUFFIXES = {".xlsx", ".xlsm"}
XLS_SUFFIX = ".xls"


def workbook_rows(path: Path, limits: ArchiveLimits) -> Iterator[SourceRow]:
    """The rows of every visible worksheet, sheet after sheet, numbered as a spreadsheet
    program numbers them."""
    if path.stat().st_size == 0:
        raise SourceError(path.name, "the file is empty")
    if path.suffix.lower() in XLSX_SUFFIXES:
        check_archive(path, limits, "a readable .xlsx workbook")
        refuse_declared_entities(path, "workbook")
    workbook = _open(path)
    try:
        for metadata in workbook.sheets_metadata:
            if metadata.typ == SheetTypeEnum.WorkSheet and metadata.visible == SheetVisibleEnum.Visible:
                yield from _sheet_rows(path, workbook, metadata.name)
    finally:
        workbook.close()


def _open(path: Path) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise SourceError(path.name, "the workbook is protected by a password: save it without one") from None
    except (CalamineError, zipfile.BadZipFile, OSError, ValueError) as error:
        raise SourceError(path.name, f"not a readable {_kind(path)} ({_one_line(error)})") from None


def _sheet_rows(path: Path, workbook: CalamineWorkbook, name: str) -> Iterator[SourceRow]:
    try:
        sheet = workbook.get_sheet_by_name(name)
        values = sheet.to_python(skip_empty_area=False)
        merges = sheet.merged_cell_ranges or []
    except (CalamineError, ValueError) as error:
        raise _damaged(path, error) from None
    filled = _merged_from_above(values, merges)
    formulas = sheet_formulas(path, name) if path.suffix.lower() in XLSX_SUFFIXES else {}
    for index, row in enumerate(values):
        cells = [clean_cell(value) for value in row]
        merged = filled.get(index, {})
        written = formulas.get(index, {})
        for column, text in (merged | written).items():
            cells += [""] * (column + 1 - len(cells))
            cells[column] = text
        yield SourceRow(index + 1, tuple(cells), name, frozenset(merged), formulas=frozenset(written))


def _merged_from_above(values: list[list], merges: list) -> dict[int, dict[int, str]]:
    """{row index: {column: text}} for the rows under the top of a merged range, in the range's
    first column, with the text of its top cell."""
    filled: dict[int, dict[int, str]] = {}
    for (top, left), (bottom, _right) in merges:
        if bottom <= top or top >= len(values):
            continue
        text = clean_cell(values[top][left]) if left < len(values[top]) else ""
        for index in range(top + 1, min(bottom, len(values) - 1) + 1):
            filled.setdefault(index, {})[left] = text
    return filled


def _damaged(path: Path, error: Exception) -> SourceError:
    # calamine's messages are terse (an XmlError names the element it stopped at): its class says more.
    told = f"{error.__class__.__name__}: {_one_line(error)}"
    if isinstance(error, XmlError):
        return SourceError(path.name, f"the workbook's XML is malformed ({told})")
    return SourceError(path.name, f"the workbook is damaged or truncated ({told})")


def _kind(path: Path) -> str:
    return "Excel 97–2003 workbook (.xls)" if path.suffix.lower() == XLS_SUFFIX else ".xlsx workbook"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())
