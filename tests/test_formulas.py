"""importers.formulas reads the formulas of a sheet as written, where the sheet puts them:
by each cell's address, or, where a writer leaves addresses out (`r` is optional in OOXML), by
the cell's place after the one before."""

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from importers.cells import read_rows
from importers.formulas import sheet_formulas

SHEET_PART = "xl/worksheets/sheet1.xml"
ROWS = [
    ["序号", "推进情况", "备注"],
    ["1", "=1+1", "plain"],
    [None, None, None],
    ['=HYPERLINK("https://example.org")', "text", "=SUM(A1:A2)"],
    ["4", None, "=A4&B4"],
]
EXPECTED = {1: {1: "=1+1"}, 3: {0: '=HYPERLINK("https://example.org")', 2: "=SUM(A1:A2)"}, 4: {2: "=A4&B4"}}


@pytest.fixture
def workbook(tmp_path) -> Path:
    book = openpyxl.Workbook()
    book.active.title = "进度"
    for row in ROWS:
        book.active.append(row)
    path = tmp_path / "with-addresses.xlsx"
    book.save(path)
    return path


def rewritten(path: Path, target: Path, change) -> Path:
    """A copy of the workbook whose sheet XML went through `change`."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in source.infolist():
            data = source.read(member)
            copy.writestr(member, change(data) if member.filename == SHEET_PART else data)
    return target


def without_addresses(data: bytes) -> bytes:
    return re.sub(rb'(<(?:c|row)\b[^>]*?) r="[A-Z]*\d+"', rb"\1", data)


def test_formulas_are_found_at_their_cells_addresses(workbook):
    assert sheet_formulas(workbook, "进度") == EXPECTED


def test_cells_without_addresses_are_placed_after_the_one_before(workbook, tmp_path):
    bare = rewritten(workbook, tmp_path / "without-addresses.xlsx", without_addresses)
    assert b' r="' not in zipfile.ZipFile(bare).read(SHEET_PART)
    # openpyxl leaves out the empty cell B5: without addresses, C5's formula is the row's second
    # cell, for every reader of the file (calamine, which reads the values, here too).
    assert sheet_formulas(bare, "进度") == {**EXPECTED, 4: {1: "=A4&B4"}}
    rows = [row.cells for row in read_rows(bare)]
    assert rows[3] == ('=HYPERLINK("https://example.org")', "text", "=SUM(A1:A2)")
    assert rows[4] == ("4", "=A4&B4", "")


def test_addressed_and_unaddressed_cells_mix_in_a_row(workbook, tmp_path):
    # Only the first cell of the fourth row keeps its address; the others follow it.
    def keep_first_of_row_four(data: bytes) -> bytes:
        return re.sub(rb' r="[BC]4"', b"", data)

    mixed = rewritten(workbook, tmp_path / "mixed.xlsx", keep_first_of_row_four)
    assert sheet_formulas(mixed, "进度") == EXPECTED
    assert [row.cells for row in read_rows(mixed)] == [row.cells for row in read_rows(workbook)]


def test_a_sheet_of_another_name_has_no_formulas(workbook):
    assert sheet_formulas(workbook, "另一张") == {}
