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
        extras = {header: _cell(row, index) for index, header in block.extras.items() if _cell(row, index)}
        mapped = set(block.columns.values()) | set(block.extras)
        for index in range(block.start, min(block.stop, len(row.cells))):
            if index not in mapped and row.cells[index]:
                extras[f"第{index - block.start + 1}列"] = row.cells[index]
        where = row.where(block.start) if block.start else row.where()
        if not any(cells.values()) and not extras:
            return
        if not cells.get("seq") and not _fits_columns(cells):
            cells = _cells_by_content([row.cells[i] for i in range(block.start, min(block.stop, len(row.cells)))])
        record = self.make_record(cells, extras, block, row, where)
        if record is not None:
            yield record

    def make_record(
        self, cells: dict[str, str], extras: dict, block: Block, row: SourceRow, where: str
    ) -> ProgressRecord | None:
        seq_text = cells.get("seq", "")
        if seq_text:
            if not _SEQ.fullmatch(seq_text):
                self.warn(where, f"序号 {seq_text!r} is not a number; the row is kept as a note")
                self.table.notes.append(" ".join(row.texts))
                return None
            seq = int(seq_text)
        elif self.last is not None:
            seq = self.last.seq
        else:
            self.warn(where, "a row without 序号 before any numbered target; the row is kept as a note")
            self.table.notes.append(" ".join(row.texts))
            return None
        first = self.first_of.get(seq)
        leader = normalise_leader(cells.get("leader", ""))
        content = plain_text(cells.get("content", ""))
        progress = plain_text(cells.get("progress", ""))
        # Before the content joins them below: a text made plain is never read as markup again.
        extras = {key: plain_text(value) for key, value in extras.items()}
        shared = False
        if first is not None:
            content_digest, first_leader = first
            adjacent = self.last is not None and self.last.seq == seq
            leader = leader or (self.last.leader if adjacent else first_leader)
            if content and hash(content) != content_digest:
                extras[block.headers["content"]] = content
            # The target's content is on its first row; a row further down that repeats the
            # target keeps the content only when it follows that row.
            content = self.last.content if adjacent else ""
            if not progress and (cells.get("status") or cells.get("units")) and self.last and self.last.seq == seq:
                # A row holding only a status and a unit shares the progress text above it.
                progress, shared = self.last.progress, True
        elif not content:
            self.warn(where, f"target {seq} has no 责任目标内容")
        record = ProgressRecord(
            seq=seq,
            position=self.count_of.get(seq, 0),
            leader=leader,
            content=content,
            deadline=cells.get("deadline", ""),
            progress=progress,
            status=cells.get("status", ""),
            units=split_units(cells.get("units", ""), self.known_units),
            where=where,
            line=row.number,
            extras=extras,
            progress_shared=shared,
        )
        self.check(record, block)
        self.first_of.setdefault(seq, (hash(record.content), record.leader))
        self.count_of[seq] = record.position + 1
        self.last = record
        return record

    def check(self, record: ProgressRecord, block: Block) -> None:
        for key, text in [("leader", record.leader), ("deadline", record.deadline), ("status", record.status)] + [
            ("unit", name) for name in record.units
        ]:
            if len(text) > self.field_lengths.get(key, len(text)):
                longest = self.field_lengths[key]
                problem = f"the {key} cell is {len(text)} characters long (at most {longest}): {text[:20]!r}…"
                raise SourceError(self.table.file_name, problem, record.where)
        if "status" in block.columns and not record.status and not record.units:
            self.warn(record.where, f"target {record.seq} looks cut off by the page: no status and no responsible unit")
        elif not record.units:
            self.warn(record.where, f"target {record.seq} names no responsible unit")
        if record.status and status_code(record.status) is None:
            self.warn(record.where, f"target {record.seq}: unknown status mark {record.status!r}, read as unreported")
        year = self.table.period.year if self.table.period else 2000
        if not parse_deadline(record.deadline, year).understood:
            self.warn(record.where, f"target {record.seq}: deadline {record.deadline!r} has no date we can read")


def _cell(row: SourceRow, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def _looks_like_deadline(text: str) -> bool:
    return bool(text) and len(text) <= 12 and parse_deadline(text, 2000).understood


def _looks_like_person(text: str) -> bool:
    name = normalise_leader(text)
    return bool(_PERSON.fullmatch(name)) and not _looks_like_deadline(name) and not looks_like_units(name)


def _fits_columns(cells: dict[str, str]) -> bool:
    """Whether each cell of a continuation row has the shape of its column."""
    checks = {
        "leader": _looks_like_person,
        "deadline": _looks_like_deadline,
        "status": is_status_mark,
        "units": looks_like_units,
    }
    return all(not cells.get(key) or check(cells[key]) for key, check in checks.items())


def _cells_by_content(texts: list[str]) -> dict[str, str]:
    """Fields of a row whose cells were shifted to the left, told apart by what they hold.

    The columns keep their order (leader, content, deadline, progress, status, units):
    a text before the deadline is the leader or the content, one after it the progress.
    """
    texts = [text for text in texts if text]
    deadline_at = next((i for i, text in enumerate(texts) if _looks_like_deadline(text)), len(texts))
    cells: dict[str, str] = {}
    for i, text in enumerate(texts):
        if i == deadline_at:
            key = "deadline"
        elif is_status_mark(text):
            key = "status"
        elif i < deadline_at and not cells and _looks_like_person(text):
            key = "leader"
        elif i < deadline_at < len(texts):
            key = "content"
        elif "progress" not in cells and "status" not in cells and not looks_like_units(text):
            key = "progress"
        else:
            key = "units"
        cells[key] = f"{cells[key]}\n{text}" if key in cells else text
    return cells
