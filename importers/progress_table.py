"""The progress tables (工作推进情况一览表): a file in, plain records out.

Columns are found by their headers (see `columns`), never by position, because the
documents repeat the header at each page break, put two tables side by side on a page,
and shift the cells of continuation rows (merged cells in the original) to the left.
"""

import re
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from analysis.deadlines import parse_deadline
from analysis.statuses import is_status_mark, status_code
from importers.cells import DEFAULT_LIMITS, ArchiveLimits, SourceRow, read_rows
from importers.columns import Block, describe_field, find_blocks
from importers.errors import SourceError
from importers.periods import Period, period_from_title
from importers.text import plain_text
from importers.units import looks_like_units, split_units

_SEQ = re.compile(r"\d{1,5}")
_PERSON = re.compile(r"[\u4e00-\u9fff·]{2,5}")


@dataclass
class ProgressRecord:
    """One assignment of one target: a row of the table (or a continuation row)."""

    seq: int
    position: int
    leader: str
    content: str
    deadline: str
    progress: str
    status: str
    units: list[str]
    where: str
    line: int
    extras: dict[str, str] = field(default_factory=dict)
    progress_shared: bool = False


@dataclass
class ProgressTable:
    file_name: str
    title: str = ""
    notes: list[str] = field(default_factory=list)
    period: Period | None = None
    records: Iterable[ProgressRecord] = ()
    warnings: list[str] = field(default_factory=list)


def normalise_leader(name: str) -> str:
    """`曹 临` and `曹临` are one person: names are kept without inner spaces."""
    return re.sub(r"\s+", "", name)


def open_progress_table(
    path: Path,
    known_units: Container[str] = (),
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    field_lengths: Mapping[str, int] | None = None,
) -> ProgressTable:
    """Read up to the first header row; `records` then yields the table's rows one by one.

    The title, period and notes are known on return; warnings grow as records are read.
    The caller's configuration: `limits` bound how far an .xlsx may inflate; `field_lengths`
    are the longest leader, deadline, status and unit texts it can keep (a longer one means a
    misread row, refused with its place).
    """
    table = ProgressTable(path.name)
    rows = read_rows(path, limits)
    for row in rows:
        if not row.texts:
            continue
        if blocks := find_blocks(row.cells):
            _check_columns(path.name, row, blocks)
            table.records = _TableReader(table, known_units, field_lengths or {}).records(blocks, rows)
            return table
        _read_preamble(table, row)
    raise SourceError(path.name, "no progress table found: no header row with 序号, 责任目标内容, 推进情况 …")


def parse_progress_table(
    path: Path,
    known_units: Container[str] = (),
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    field_lengths: Mapping[str, int] | None = None,
) -> ProgressTable:
    """The whole table at once, for small files and tests."""
    table = open_progress_table(path, known_units, limits=limits, field_lengths=field_lengths)
    table.records = list(table.records)
    return table


def _check_columns(file_name: str, row: SourceRow, blocks: list[Block]) -> None:
    for block in blocks:
        if missing := block.missing():
            names = ", ".join(describe_field(key) for key in missing)
            raise SourceError(file_name, f"the table has no {names} column", row.where())


def _read_preamble(table: ProgressTable, row: SourceRow) -> None:
    text = " ".join(text.lstrip("#").strip() for text in row.texts)
    if not table.title and (period := period_from_title(text)):
        table.title, table.period = text, period
    else:
        table.notes.append(text)


class _TableReader:
    def __init__(self, table: ProgressTable, known_units: Container[str], field_lengths: Mapping[str, int]):
        self.field_lengths = field_lengths
        self.table = table
        self.known_units = known_units
        self.last: ProgressRecord | None = None
        # Each target's first row, kept small (a digest of the content, the leader) so that
        # memory grows by bytes per target, not by the texts of a large file.
        self.first_of: dict[int, tuple[int, str]] = {}
        self.count_of: dict[int, int] = {}

    def warn(self, where: str, problem: str) -> None:
        self.table.warnings.append(f"{where}: {problem}")

    def records(self, blocks: list[Block], rows: Iterator[SourceRow]) -> Iterator[ProgressRecord]:
        section: list[SourceRow] = []
        count = 0
        for row in rows:
            if not row.texts:
                continue
            if found := find_blocks(row.cells):
                _check_columns(self.table.file_name, row, found)
                yield from self.read_section(blocks, section)
                blocks, section = found, []
            elif len(blocks) == 1:
                for record in self.read_row(blocks[0], row):
                    count += 1
                    yield record
            else:
                section.append(row)
        yield from self.read_section(blocks, section)
        if not count and not section:
            raise SourceError(self.table.file_name, "the table has a header but no rows")

    def read_section(self, blocks: list[Block], rows: list[SourceRow]) -> Iterator[ProgressRecord]:
        # A two-up page reads down the left table, then down the right one.
        for block in blocks:
            for row in rows:
                yield from self.read_row(block, row)

    def read_row(self, block: Block, row: SourceRow) -> Iterator[ProgressRecord]:
        cells = {key: _cell(row, index) for key, index in block.columns.items()}
        extras = _extras_of(block, row)
        if not any(cells.values()) and not extras:
            return
        if not cells.get("seq") and not _fits_columns(cells):
            cells = _ShiftedRow(_block_cells(block, row), _field_order(block)).fields()
        record = self.make_record(cells, extras, block, row)
        if record is not None:
            yield record

    def make_record(
        self, cells: dict[str, str], extras: dict[str, str], block: Block, row: SourceRow
    ) -> ProgressRecord | None:
        where = row.where(block.start) if block.start else row.where()
        seq = self.seq_of(cells.get("seq", ""), row, where)
        if seq is None:
            return None
        record = _record_as_written(seq, self.count_of.get(seq, 0), cells, extras, self.known_units, where, row.number)
        above = self.last if self.last is not None and self.last.seq == seq else None
        if seq in self.first_of:
            self.continue_target(record, above, block.headers["content"])
        elif not record.content:
            self.warn(where, f"target {seq} has no 责任目标内容")
        if above is not None:
            _share_progress_above(record, above, cells)
        self.check(record, block)
        self.first_of.setdefault(seq, (hash(record.content), record.leader))
        self.count_of[seq] = record.position + 1
        self.last = record
        return record

    def seq_of(self, seq_text: str, row: SourceRow, where: str) -> int | None:
        """The target a row reports on: its 序号, else the target of the row above (a continuation
        row); None when it has neither, and the row is kept as a note."""
        if _SEQ.fullmatch(seq_text):
            return int(seq_text)
        if seq_text:
            problem = f"序号 {seq_text!r} is not a number"
        elif self.last is not None:
            return self.last.seq
        else:
            problem = "a row without 序号 before any numbered target"
        self.warn(where, f"{problem}; the row is kept as a note")
        self.table.notes.append(" ".join(row.texts))
        return None

    def continue_target(self, record: ProgressRecord, above: ProgressRecord | None, content_header: str) -> None:
        """A further row of a target met before: a continuation row without 序号, or the same
        序号 on a second row (another leader's part of the target)."""
        content_digest, first_leader = self.first_of[record.seq]
        record.leader = record.leader or (above.leader if above is not None else first_leader)
        if record.content and hash(record.content) != content_digest:
            record.extras[content_header] = record.content
        # The target's content is on its first row; a row further down that repeats the
        # target keeps the content only when it follows that row.
        record.content = above.content if above is not None else ""

    def check(self, record: ProgressRecord, block: Block) -> None:
        self.refuse_overlong(record)
        year = self.table.period.year if self.table.period else 2000
        for problem in _doubts(record, "status" in block.columns, year):
            self.warn(record.where, problem)

    def refuse_overlong(self, record: ProgressRecord) -> None:
        """A cell longer than the caller can keep is a misread row, refused with its place."""
        for key, text in [("leader", record.leader), ("deadline", record.deadline), ("status", record.status)] + [
            ("unit", name) for name in record.units
        ]:
            if len(text) > self.field_lengths.get(key, len(text)):
                longest = self.field_lengths[key]
                problem = f"the {key} cell is {len(text)} characters long (at most {longest}): {text[:20]!r}…"
                raise SourceError(self.table.file_name, problem, record.where)


def _record_as_written(
    seq: int,
    position: int,
    cells: dict[str, str],
    extras: dict[str, str],
    known_units: Container[str],
    where: str,
    line: int,
) -> ProgressRecord:
    """A row's record from its own cells, before anything is taken from the rows above."""
    return ProgressRecord(
        seq=seq,
        position=position,
        leader=normalise_leader(cells.get("leader", "")),
        content=plain_text(cells.get("content", "")),
        deadline=cells.get("deadline", ""),
        progress=plain_text(cells.get("progress", "")),
        status=cells.get("status", ""),
        units=split_units(cells.get("units", ""), known_units),
        where=where,
        line=line,
        # Made plain before a content may join them: a text made plain is never read as markup again.
        extras={key: plain_text(value) for key, value in extras.items()},
    )


def _share_progress_above(record: ProgressRecord, above: ProgressRecord, cells: dict[str, str]) -> None:
    """A row of the same target holding only a status and a unit shares the progress text above
    it (one progress cell merged over both rows)."""
    if not record.progress and (cells.get("status") or cells.get("units")):
        record.progress, record.progress_shared = above.progress, True


def _doubts(record: ProgressRecord, has_status_column: bool, year: int) -> Iterator[str]:
    """What looks wrong with a record: told as warnings, the record is kept."""
    if has_status_column and not record.status and not record.units:
        # The last row of a page cut off by the page break keeps its left cells only.
        yield f"target {record.seq} looks cut off by the page: no status and no responsible unit"
    elif not record.units:
        yield f"target {record.seq} names no responsible unit"
    if record.status and status_code(record.status) is None:
        yield f"target {record.seq}: unknown status mark {record.status!r}, read as unreported"
    if not parse_deadline(record.deadline, year).understood:
        yield f"target {record.seq}: deadline {record.deadline!r} has no date we can read"


def _cell(row: SourceRow, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def _block_cells(block: Block, row: SourceRow) -> list[str]:
    return [row.cells[index] for index in range(block.start, min(block.stop, len(row.cells)))]


def _extras_of(block: Block, row: SourceRow) -> dict[str, str]:
    """The cells of columns that are no field: by their header, or by their place when the
    header row has none there."""
    extras = {header: _cell(row, index) for index, header in block.extras.items() if _cell(row, index)}
    mapped = set(block.columns.values()) | set(block.extras)
    for index in range(block.start, min(block.stop, len(row.cells))):
        if index not in mapped and row.cells[index]:
            extras[f"第{index - block.start + 1}列"] = row.cells[index]
    return extras


def _field_order(block: Block) -> list[str]:
    """The block's fields in the order of their columns, 序号 left out."""
    return [key for key in sorted(block.columns, key=block.columns.__getitem__) if key != "seq"]


def _looks_like_deadline(text: str) -> bool:
    return bool(text) and len(text) <= 12 and parse_deadline(text, 2000).understood


def _looks_like_person(text: str) -> bool:
    name = normalise_leader(text)
    return bool(_PERSON.fullmatch(name)) and not _looks_like_deadline(name) and not looks_like_units(name)


# What the cells of a column look like; the content and the progress are free text.
_SHAPES = {
    "leader": _looks_like_person,
    "deadline": _looks_like_deadline,
    "status": is_status_mark,
    "units": looks_like_units,
}


def _fits_columns(cells: dict[str, str]) -> bool:
    """Whether each cell of a continuation row has the shape of its column."""
    return all(not cells.get(key) or looks_like(cells[key]) for key, looks_like in _SHAPES.items())


class _ShiftedRow:
    """A continuation row whose cells were shifted to the left (merged cells in the original):
    its fields told apart by what its texts hold. The texts keep the order of the block's
    columns (`order`), so the deadline, whose shape is surest, splits them: a text before it
    belongs to a column before the deadline column, a text after it to a column after it."""

    def __init__(self, cells: list[str], order: list[str]):
        self.texts = [text for text in cells if text]
        self.order = order
        self.fields_read: dict[str, str] = {}
        self.deadline_at = None
        if "deadline" in order:
            self.deadline_at = next((i for i, text in enumerate(self.texts) if _looks_like_deadline(text)), None)

    def fields(self) -> dict[str, str]:
        for at, text in enumerate(self.texts):
            key = self.field_of(at, text)
            self.fields_read[key] = f"{self.fields_read[key]}\n{text}" if key in self.fields_read else text
        return self.fields_read

    def field_of(self, at: int, text: str) -> str:
        if at == self.deadline_at:
            return "deadline"
        if "status" in self.order and is_status_mark(text):
            return "status"  # 是, 否, —: a mark that is nothing else, wherever it stands
        columns = self.columns_at(at)
        # A text no open column takes is one more line of the last column it may be in
        # (the content before the deadline, the units after it).
        return self.column_of_its_shape(text, columns) or self.free_column(columns) or columns[-1]

    def columns_at(self, at: int) -> list[str]:
        if self.deadline_at is None:
            return self.columns_at_unknown_place()
        split = self.order.index("deadline")
        side = self.order[:split] if at < self.deadline_at else self.order[split + 1 :]
        # A table whose deadline column comes first or last has nothing on one side of it.
        return side or self.columns_at_unknown_place()

    def columns_at_unknown_place(self) -> list[str]:
        # Any field the row has of its own, which is not the content: a continuation row
        # repeats the target above it.
        return [key for key in self.order if key not in ("content", "deadline")]

    def column_of_its_shape(self, text: str, columns: list[str]) -> str | None:
        return next((key for key in columns if key in _SHAPES and self.is_open(key) and _SHAPES[key](text)), None)

    def free_column(self, columns: list[str]) -> str | None:
        return next((key for key in columns if key not in _SHAPES and self.is_open(key)), None)

    def is_open(self, key: str) -> bool:
        """Whether a text may still be of this column: not once it holds a text, nor once a
        column after it does (the texts keep the columns' order)."""
        return not any(later in self.fields_read for later in self.order[self.order.index(key) :])
