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
from analysis.statuses import INCOMPLETE, UNREPORTED, is_status_mark, status_code
from importers.cells import DEFAULT_LIMITS, ArchiveLimits, SourceRow, read_rows
from importers.columns import (
    EMPTY,
    Block,
    describe_field,
    find_blocks,
    is_header_word,
)
from importers.errors import ColumnsNotFound, SourceError
from importers.periods import Period, period_from_title
from importers.text import plain_text
from importers.units import LEAD, PARTICIPATING, UnitCell, looks_like_units, read_unit_cell

_SEQ = re.compile(r"\d{1,5}")
_PERSON = re.compile(r"[\u4e00-\u9fff·]{2,5}")
# A dash or slash alone is an empty cell, except in the status column, where a dash means dropped.
_BLANK_MARK = re.compile(r"[-－/／]")
# A row of one text in the first column that is no data: a footnote (注：…), a remark, or a
# section heading (一、经济发展) between a table's rows.
_NOTE_ROW = re.compile(r"(?:注|备注|说明|附注|填表说明|附件)\s*[\d.．、:：]|[一二三四五六七八九十]+、")


@dataclass(slots=True)
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
    # The units of a column of participating units (配合单位), where the table has one; then
    # `units` are those of the lead column (牵头单位).
    partner_units: list[str] = field(default_factory=list)
    has_partner_column: bool = False
    # The last row of a page cut off by the page break: its status and unit cells are lost.
    cut_off: bool = False

    @property
    def status_code(self) -> str:
        """The code of the status mark; a row cut off in the source is incomplete, not unreported."""
        return INCOMPLETE if self.cut_off else status_code(self.status) or UNREPORTED

    @property
    def all_units(self) -> list[str]:
        """Every unit of the row, the lead ones first, each once."""
        return list(dict.fromkeys(self.units + self.partner_units))

    @property
    def lead_units(self) -> list[str]:
        """The units that lead: those of the lead column, or, where a table has one unit column,
        the first listed (as several cities' rules state)."""
        return self.units if self.has_partner_column else self.units[:1]

    @property
    def participating_units(self) -> list[str]:
        lead = self.lead_units
        return [name for name in self.all_units if name not in lead]

    def unit_roles(self) -> list[tuple[str, str]]:
        """(name, role) of every unit of the row, in written order, the lead ones first."""
        lead = set(self.lead_units)
        return [(name, LEAD if name in lead else PARTICIPATING) for name in self.all_units]


@dataclass
class ProgressTable:
    file_name: str
    title: str = ""
    notes: list[str] = field(default_factory=list)
    period: Period | None = None
    records: Iterable[ProgressRecord] = ()
    warnings: list[str] = field(default_factory=list)
    # The header row as written, [header, field] per column of the first table of the row (the
    # field "" for a column that is none); a two-up page repeats it.
    headers: list[list[str]] = field(default_factory=list)


def normalise_leader(name: str) -> str:
    """`曹 临` and `曹临` are one person: names are kept without inner spaces."""
    return re.sub(r"\s+", "", name)


def open_progress_table(
    path: Path,
    known_units: Container[str] = (),
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    field_lengths: Mapping[str, int] | None = None,
    header_fields: Mapping[str, str] = EMPTY,
) -> ProgressTable:
    """Read up to the first header row; `records` then yields the table's rows one by one.

    The title, period and notes are known on return; warnings grow as records are read.
    The caller's configuration: `limits` bound how far an .xlsx may inflate; `field_lengths`
    are the longest leader, deadline, status and unit texts it can keep (a longer one means a
    misread row, refused with its place); `header_fields` are headers the organisation has told
    the field of (header_key → field), beside ours.
    """
    table = ProgressTable(path.name)
    rows = read_rows(path, limits)
    for row in rows:
        if not row.texts:
            continue
        if find_blocks(row.cells, header_fields):
            reader = _TableReader(table, known_units, field_lengths or {}, header_fields)
            table.records = reader.records(row, rows)
            return table
        _read_preamble(table, row)
    raise ColumnsNotFound(path.name, "no progress table found: no header row with 序号, 责任目标内容, 推进情况 …")


def parse_progress_table(
    path: Path,
    known_units: Container[str] = (),
    *,
    limits: ArchiveLimits = DEFAULT_LIMITS,
    field_lengths: Mapping[str, int] | None = None,
    header_fields: Mapping[str, str] = EMPTY,
) -> ProgressTable:
    """The whole table at once, for small files and tests."""
    table = open_progress_table(
        path, known_units, limits=limits, field_lengths=field_lengths, header_fields=header_fields
    )
    table.records = list(table.records)
    return table


def _check_columns(file_name: str, row: SourceRow, blocks: list[Block]) -> None:
    for block in blocks:
        if missing := block.missing():
            names = ", ".join(describe_field(key) for key in missing)
            raise ColumnsNotFound(file_name, f"the table has no {names} column", row.where())


def _read_preamble(table: ProgressTable, row: SourceRow) -> None:
    text = " ".join(text.lstrip("#").strip() for text in row.texts)
    if not table.title and (period := period_from_title(text)):
        table.title, table.period = text, period
    else:
        table.notes.append(text)


class _TableReader:
    def __init__(
        self,
        table: ProgressTable,
        known_units: Container[str],
        field_lengths: Mapping[str, int],
        header_fields: Mapping[str, str],
    ):
        self.field_lengths = field_lengths
        self.header_fields = header_fields
        self.table = table
        self.known_units = known_units
        self.last: ProgressRecord | None = None
        # Each target's first row, kept small (a digest of the content, the leader) so that
        # memory grows by bytes per target, not by the texts of a large file.
        self.first_of: dict[int, tuple[int, str]] = {}
        self.count_of: dict[int, int] = {}
        self.sheet: str | None = None  # the sheet of the header the rows are read under
        self.unit_cells: dict[str, UnitCell] = {}

    def warn(self, where: str, problem: str) -> None:
        self.table.warnings.append(f"{where}: {problem}")

    def records(self, header: SourceRow, rows: Iterator[SourceRow]) -> Iterator[ProgressRecord]:
        """The records of the table under `header`, each given out only once the row after it is
        read: a row further down may still add a paragraph to its progress."""
        held = None
        for record in self.read_rows(header, rows):
            if held is not None:
                yield held
            held = record
        if held is None:
            raise SourceError(self.table.file_name, "the table has a header but no rows")
        yield held

    def read_rows(self, header: SourceRow | None, rows: Iterator[SourceRow]) -> Iterator[ProgressRecord]:
        blocks: list[Block] = []
        section: list[SourceRow] = []
        for row in rows:
            if not row.texts:
                continue
            for column in sorted(row.formulas):
                self.warn(row.where(column), f"a formula ({row.cells[column]}): kept as written, not calculated")
            if header is not None:
                (blocks, row), header = self.start_table(header, row), None
                if row is None:
                    continue
            if find_blocks(row.cells, self.header_fields):
                yield from self.read_section(blocks, section)
                header, section = row, []
            elif self.is_note(row, blocks):
                self.table.notes.append(" ".join(row.texts))
            elif len(blocks) == 1:
                yield from self.read_row(blocks[0], row)
            else:
                section.append(row)
        if header is not None:
            blocks, _ = self.start_table(header, None)
        yield from self.read_section(blocks, section)

    def start_table(self, header: SourceRow, row: SourceRow | None) -> tuple[list[Block], SourceRow | None]:
        """The tables of a header row, with the row under it when that is a second header row
        (牵头单位 and 配合单位 under a 责任单位 merged across them): then that row is used up."""
        if row is not None and all(is_header_word(text, self.header_fields) for text in row.texts):
            header, row = _joined_headers(header, row), None
        blocks = find_blocks(header.cells, self.header_fields) or []
        _check_columns(self.table.file_name, header, blocks)
        if blocks and not self.table.headers:
            self.table.headers = _headers_as_written(blocks[0], header)
        for key in sorted({key for block in blocks for key in block.lacking()}):
            self.warn(header.where(), f"the table has no {describe_field(key)} column; its reports name no leader")
        self.sheet = header.sheet
        return blocks, row

    def is_note(self, row: SourceRow, blocks: list[Block]) -> bool:
        """A row that is no data: on another sheet than its table's header (说明, 填表要求), or a
        lone footnote or section heading in the first column."""
        if row.sheet != self.sheet:
            return True
        texts = row.texts
        first = blocks[0].start if blocks else 0
        return len(texts) == 1 and _cell(row, first) == texts[0] and bool(_NOTE_ROW.match(texts[0]))

    def read_section(self, blocks: list[Block], rows: list[SourceRow]) -> Iterator[ProgressRecord]:
        # A two-up page reads down the left table, then down the right one.
        for block in blocks:
            for row in rows:
                yield from self.read_row(block, row)

    def read_row(self, block: Block, row: SourceRow) -> Iterator[ProgressRecord]:
        cells = {key: _unless_blank(key, _cell(row, index)) for key, index in block.columns.items()}
        extras = _extras_of(block, row)
        if not any(cells.values()) and not extras:
            return
        if not cells.get("seq") and not _fits_columns(cells):
            cells = _ShiftedRow(_block_cells(block, row), _field_order(block)).fields()
        self.move_non_units_to_progress(cells, block, row)
        if self.adds_a_paragraph(cells, extras, row):
            return
        record = self.make_record(cells, extras, block, row)
        if record is not None:
            if block.columns.get("progress") in row.merged_above:
                record.progress_shared = True
            yield record

    def move_non_units_to_progress(self, cells: dict[str, str], block: Block, row: SourceRow) -> None:
        """Text in a unit column that is no unit name (pieces of a progress text shifted there
        by merged cells: 96 场, 5.2 万个) stays progress text, and the row gets a warning."""
        for key in ("units", "partners"):
            found = self.unit_cell(cells.get(key, ""))
            if not found.not_units:
                continue
            self.warn(
                row.where(),
                f"{'、'.join(found.not_units)!r} in the {block.headers.get(key, key)} column is no unit name: read as progress",
            )
            cells["progress"] = "\n".join(text for text in (cells.get("progress", ""), *found.not_units) if text)
            cells[key] = "、".join(found.names + found.collective)

    def adds_a_paragraph(self, cells: dict[str, str], extras: dict[str, str], row: SourceRow) -> bool:
        """A row without 序号 that holds only a further progress text (a 进度说明 paragraph under a
        report) adds it to the report above instead of becoming a report of its own."""
        own = {key for key, text in cells.items() if text}
        if self.last is None or extras or own != {"progress"}:
            return False
        self.last.progress = f"{self.last.progress}\n{plain_text(cells['progress'])}".strip()
        return True

    def make_record(
        self, cells: dict[str, str], extras: dict[str, str], block: Block, row: SourceRow
    ) -> ProgressRecord | None:
        where = row.where(block.start) if block.start else row.where()
        seq = self.seq_of(cells.get("seq", ""), row, where)
        if seq is None:
            return None
        record = _record_as_written(seq, self.count_of.get(seq, 0), cells, extras, where, row.number)
        self.read_units(record, cells, block)
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

    def read_units(self, record: ProgressRecord, cells: dict[str, str], block: Block) -> None:
        """The lead and participating units of a row. Collective phrases (各县区) are no units:
        a cell holding one is kept as written among the extra columns (the participating column
        always is)."""
        lead = self.unit_cell(cells.get("units", ""))
        record.units = list(lead.names)
        if lead.collective:
            record.extras[block.headers["units"]] = cells["units"]
        record.partner_units = list(self.unit_cell(cells.get("partners", "")).names)
        record.has_partner_column = "partners" in block.columns

    def unit_cell(self, text: str) -> UnitCell:
        """A unit cell read once: a table repeats the same few lists of units on most rows."""
        found = self.unit_cells.get(text)
        if found is None:
            found = self.unit_cells[text] = read_unit_cell(text, self.known_units)
        return found

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
        # A row that keeps its left cells only lost the rest to the page break.
        record.cut_off = "status" in block.columns and not record.status and not record.units
        for problem in _doubts(record, year):
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
    seq: int, position: int, cells: dict[str, str], extras: dict[str, str], where: str, line: int
) -> ProgressRecord:
    """A row's record from its own cells, before anything is taken from the rows above (its
    units are read by _TableReader.read_units)."""
    status = cells.get("status", "")
    if not status and is_status_mark(cells.get("share", "")):
        status = cells["share"]  # a status mark written in a 完成率 column of a table without status column
    return ProgressRecord(
        seq=seq,
        position=position,
        leader=normalise_leader(cells.get("leader", "")),
        content=plain_text(cells.get("content", "")),
        deadline=cells.get("deadline", ""),
        progress=plain_text(cells.get("progress", "")),
        status=status,
        units=[],
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


def _doubts(record: ProgressRecord, year: int) -> Iterator[str]:
    """What looks wrong with a record: told as warnings, the record is kept."""
    if record.cut_off:
        yield f"target {record.seq} looks cut off by the page: no status and no responsible unit"
    elif not record.units:
        yield f"target {record.seq} names no responsible unit"
    if record.status and status_code(record.status) is None:
        yield f"target {record.seq}: unknown status mark {record.status!r}, read as unreported"
    if not parse_deadline(record.deadline, year).understood:
        yield f"target {record.seq}: deadline {record.deadline!r} has no date we can read"


def _cell(row: SourceRow, index: int) -> str:
    return row.cells[index] if index < len(row.cells) else ""


def _headers_as_written(block: Block, header: SourceRow) -> list[list[str]]:
    fields = {index: key for key, index in block.columns.items()}
    return [[_cell(header, index), fields.get(index, "")] for index in range(block.start, block.stop)]


def _block_cells(block: Block, row: SourceRow) -> list[str]:
    return [row.cells[index] for index in range(block.start, min(block.stop, len(row.cells)))]


def _extras_of(block: Block, row: SourceRow) -> dict[str, str]:
    """The cells of columns that are no field: by their header, or by their place when the
    header row has none there."""
    texts = {
        index: _unless_blank("", _cell(row, index)) for index in range(block.start, min(block.stop, len(row.cells)))
    }
    extras = {header: texts[index] for index, header in block.extras.items() if texts.get(index)}
    # The participating units and the stated share are also kept as written, as the table has them.
    for key in ("partners", "share"):
        if key in block.columns and (text := texts.get(block.columns[key])):
            extras[block.headers[key]] = text
    mapped = set(block.columns.values()) | set(block.extras)
    for index, text in texts.items():
        if index not in mapped and text:
            extras[f"第{index - block.start + 1}列"] = text
    return extras


def _unless_blank(key: str, text: str) -> str:
    return "" if key != "status" and _BLANK_MARK.fullmatch(text) else text


def _joined_headers(upper: SourceRow, lower: SourceRow) -> SourceRow:
    """A two-row header as one row: the lower row's name where it has one (牵头单位 under 责任单位)."""
    width = max(len(upper.cells), len(lower.cells))
    cells = tuple(_cell(lower, index) or _cell(upper, index) for index in range(width))
    return SourceRow(lower.number, cells, lower.sheet, counter=lower.counter)


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
