"""Writing CSV that a spreadsheet program opens without running anything a cell says.

A text cell starting with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice
and others as a formula (CSV injection); OWASP's advice is to prefix such a cell with `'`, which
the program shows as text. Every CSV the project writes goes through `SpreadsheetSafeWriter`.
"""

import csv
from collections.abc import Iterable
from typing import IO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A text cell that would start a formula, prefixed with `'`; anything else unchanged.

    Only text is prefixed: texts come from sources and admins, so any of them may hold a formula.
    Numbers (int, float, Decimal) are figures the project computed; a negative one such as -3.5 is
    read as a number, not a formula, and prefixing it would turn it into text that no longer sums.
    """
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


class SpreadsheetSafeWriter:
    """csv.writer for spreadsheets: every cell of every row is neutralised."""

    def __init__(self, out: IO[str]):
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)
