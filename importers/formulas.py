"""The formulas of an .xlsx sheet as written. A reader of values (python-calamine) gives what a
spreadsheet program last calculated, or nothing when none did (openpyxl and most generators
save no results): a formula's text would be lost or replaced by a number. The import keeps the
formula's own text instead (=1+1, =HYPERLINK(…)), never calculated, and says where it was."""

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from importers.cell_addresses import column_number, split_address

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ROW, _CELL, _FORMULA = f"{{{_MAIN}}}row", f"{{{_MAIN}}}c", f"{{{_MAIN}}}f"
# Entities were refused before (importers.archives); nothing is fetched or expanded here either.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_CHUNK = 1 << 20


def sheet_formulas(path: Path, sheet_name: str) -> dict[int, dict[int, str]]:
    """{row index: {column index: "=formula"}} of the named sheet (0-based, as calamine counts);
    a formula shared from another cell (no text of its own) is left to the value reader."""
    with zipfile.ZipFile(path) as archive:
        try:
            part = _sheet_part(archive, sheet_name)
        except KeyError:  # a workbook laid out otherwise: its values are read as calculated
            return {}
        if part is None or not _mentions_formulas(archive, part):
            return {}
        found: dict[int, dict[int, str]] = {}
        with archive.open(part) as stream:
            row_number = 0
            for _event, row in etree.iterparse(stream, events=("end",), tag=_ROW, resolve_entities=False):
                # A row or cell without its address (`r` is optional in OOXML) follows the one before.
                row_number = int(row.get("r") or row_number + 1)
                if formulas := _row_formulas(row):
                    found[row_number - 1] = formulas
                row.clear()
        return found


def _row_formulas(row: etree._Element) -> dict[int, str]:
    """{column index: "=formula"} of a `<row>` element's cells (0-based)."""
    formulas, column = {}, 0
    for cell in row.iterchildren(_CELL):
        address = cell.get("r")
        column = column_number(split_address(address)[0]) if address else column + 1
        formula = cell.find(_FORMULA)
        if formula is not None and formula.text:
            formulas[column - 1] = f"={formula.text}"
    return formulas


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The archive member of the sheet of that name (xl/workbook.xml names it, its
    relationships say where it is)."""
    workbook = etree.fromstring(archive.read("xl/workbook.xml"), _PARSER)
    relation = next(
        (
            sheet.get(f"{{{_RELATIONSHIPS}}}id")
            for sheet in workbook.iter(f"{{{_MAIN}}}sheet")
            if sheet.get("name") == sheet_name
        ),
        None,
    )
    relationships = etree.fromstring(archive.read("xl/_rels/workbook.xml.rels"), _PARSER)
    for relationship in relationships.iter(f"{{{_PACKAGE_RELATIONSHIPS}}}Relationship"):
        if relationship.get("Id") == relation:
            target = relationship.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
    return None


def _mentions_formulas(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether the sheet's XML has a formula element at all: a byte search, many times faster
    than parsing a sheet that has none (most)."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            if b"<f>" in text or b"<f " in text:
                return True
            tail = text[-3:]
    return False
