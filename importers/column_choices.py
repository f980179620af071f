"""The columns of a table whose headers are not all known, for a person to say which is which:
each column's header with a few cells under it and the field its header names now."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from importers.cells import ArchiveLimits, read_rows
from importers.columns import EMPTY, field_of_header, find_blocks, header_key, looks_like_header

# How many rows under the header are shown as samples.
SAMPLE_ROWS = 3


@dataclass(frozen=True)
class ColumnChoice:
    index: int
    header: str
    field: str  # the field the header names now ("" when none)
    samples: tuple[str, ...]


def column_choices(path: Path, limits: ArchiveLimits, header_fields: Mapping[str, str] = EMPTY) -> list[ColumnChoice]:
    """The columns of the table's header row (the first row taken as a header, else the first
    that looks like one), each with the cells of the rows under it; [] when no row looks like
    a header."""
    rows = read_rows(path, limits)
    header = None
    samples = []
    for row in rows:
        if not row.texts:
            continue
        if header is None:
            if find_blocks(row.cells, header_fields) or looks_like_header(row.cells):
                header = row
        elif len(samples) < SAMPLE_ROWS:
            samples.append(row.cells)
        else:
            break
    if header is None:
        return []
    return [
        ColumnChoice(
            index,
            text,
            field_of_header(text, header_fields) or "",
            tuple(cells[index] for cells in samples if index < len(cells) and cells[index]),
        )
        for index, text in enumerate(header.cells)
        if text or any(index < len(cells) and cells[index] for cells in samples)
    ]


def header_fields_of(choices: Mapping[str, str]) -> dict[str, str]:
    """{header as written: field} as the parser looks headers up."""
    return {header_key(header): key for header, key in choices.items() if header_key(header) and key}
