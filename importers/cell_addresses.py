"""Spreadsheet cell addresses (B12) in plain Python: the importers name the cell of a problem and
read formulas by address without loading openpyxl, which (with numpy, that it imports when
present) adds 32 MiB to every web worker."""

import re

_ADDRESS = re.compile(r"^\$?([A-Z]{1,3})\$?([1-9]\d*)$")


def column_letters(column: int) -> str:
    """A column's letters from its number, 1-based: 1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    """A column's number from its letters, 1-based: A → 1, AA → 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def split_address(address: str) -> tuple[str, int]:
    """("B", 12) from "B12" (or "$B$12"); ValueError for anything else."""
    found = _ADDRESS.match(address.upper())
    if found is None:
        raise ValueError(f"not a cell address: {address!r}")
    return found.group(1), int(found.group(2))
