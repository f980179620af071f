"""Key-task notices (重点工作任务): numbered tasks in sections, each with its lead and participating units.

The text comes as extracted from the published file, with lines cut where the page
ended; a task runs from its number (`12. …`) to the next number, section or the
distribution list (抄送…) at the end, whatever blank lines stand in between.
"""

import re
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from analysis.quantities import HEADING_NUMERALS
from importers.cells import text_lines
from importers.errors import SourceError
from importers.units import split_units

_SECTION = re.compile(rf"^([{HEADING_NUMERALS}]+)、\s*(.+)$")
_TASK = re.compile(r"^(\d{1,3})\s*[.．、]\s*(?=\S)")
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]+[〔\[［(（]\d{4}[〕\]］)）]\d+号")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# How notices name a task's units: the lead (牵头单位, or 责任单位 where a city names one kind
# only) and the participating ones (参与/配合/协同/相关单位).
_LEAD_WORDS = "(?:牵头|责任|主责)(?:单位|部门)"
_PARTICIPATING_WORDS = "(?:参与|配合|协同|协办|相关)(?:单位|部门)"
_UNITS = re.compile(
    rf"[（(]\s*{_LEAD_WORDS}\s*[:：](?P<lead>[^；;）)]*)"
    rf"(?:[；;]\s*{_PARTICIPATING_WORDS}\s*[:：](?P<participating>[^）)]*))?\s*[）)]\s*[。.]?\s*$"
)
_CJK_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


@dataclass
class TaskRecord:
    number: int
    text: str
    lead_units: list[str]
    participating_units: list[str]
    line: int
    # The unit parenthesis whole as written, `（牵头单位：…；参与单位：…）`: its wording that names no
    # unit (`按职责分工负责`, `牵头部门`) is kept here, the names alone go to the lists above.
    units_as_written: str = ""


@dataclass
class NoticeSectionRecord:
    number: str
    title: str
    line: int
    tasks: list[TaskRecord] = field(default_factory=list)


@dataclass
class TaskNoticeRecord:
    file_name: str
    doc_number: str = ""
    office: str = ""
    title: str = ""
    adopted_on: date | None = None
    issued_on: date | None = None
    printed_on: date | None = None
    preamble: list[str] = field(default_factory=list)
    sections: list[NoticeSectionRecord] = field(default_factory=list)
    distribution: str = ""
    warnings: list[str] = field(default_factory=list)

    @property
    def tasks(self) -> list[TaskRecord]:
        return [task for section in self.sections for task in section.tasks]


def parse_task_notice(path: Path, known_units: Container[str] = ()) -> TaskNoticeRecord:
    notice = TaskNoticeRecord(path.name)
    lines = [(number, line.strip().lstrip("#").strip()) for number, line in text_lines(path) if line.strip()]
    if not lines:
        raise SourceError(path.name, "the file is empty")
    # The body opens at the first section heading (一、…) below the title.
    body_at = next((i for i, (_, text) in enumerate(lines) if i > 0 and _SECTION.match(text)), len(lines))
    _read_header(notice, lines[:body_at])
    if not notice.doc_number:
        raise SourceError(path.name, "not a task notice: no document number such as 菏政办字〔2023〕13号")
    if body_at == len(lines):
        raise SourceError(path.name, "not a task notice: no numbered sections (一、…)")
    _BodyReader(notice).read(lines[body_at:], known_units)
    if not notice.tasks:
        raise SourceError(path.name, "not a task notice: no numbered tasks (1. …) under the sections")
    return notice


class _BodyReader:
    """The sections and their tasks, line by line; a task's text is gathered over its lines and
    its units are read from the end of it once it is whole."""

    def __init__(self, notice: TaskNoticeRecord):
        self.notice = notice
        self.task: TaskRecord | None = None  # the task the next line may continue
        self.pieces: dict[int, list[str]] = {}  # task number → its lines

    def read(self, lines: list[tuple[int, str]], known_units: Container[str]) -> None:
        for number, text in lines:
            self.read_line(number, text)
        for task in self.notice.tasks:
            _finish_task(task, "".join(self.pieces[task.number]), known_units)

    def read_line(self, number: int, text: str) -> None:
        notice = self.notice
        if text.startswith("抄送"):
            notice.distribution = text
            self.task = None
        elif notice.distribution:
            # Below the distribution list only the printing date (…印发) is read.
            if (found := _DATE.search(text)) and "印发" in text:
                notice.printed_on = _date(found)
        elif section := _SECTION.match(text):
            notice.sections.append(NoticeSectionRecord(section[1], section[2].strip(), number))
            self.task = None
        elif not self.start_task(number, text):
            self.continue_task(number, text)

    def start_task(self, number: int, text: str) -> bool:
        """A line opening the next task in number (`12. …`) under a section; a line with a number
        out of turn is more text of the task being read."""
        start = _TASK.match(text)
        if not (start and int(start[1]) == len(self.notice.tasks) + 1 and self.notice.sections):
            return False
        self.task = TaskRecord(int(start[1]), "", [], [], number)
        self.notice.sections[-1].tasks.append(self.task)
        self.pieces[self.task.number] = [text[start.end() :]]
        return True

    def continue_task(self, number: int, text: str) -> None:
        if self.task is not None:
            self.pieces[self.task.number].append(text)
        else:
            self.notice.warnings.append(f"line {number}: text outside any task kept as a note: {text[:30]}")
            self.notice.preamble.append(text)


def _read_header(notice: TaskNoticeRecord, lines: list[tuple[int, str]]) -> None:
    for _, text in lines:
        if not notice.doc_number and (found := _DOC_NUMBER.search(text)):
            notice.doc_number = found.group()
        elif not notice.title and "关于" in text and text.endswith("通知"):
            notice.title = _CJK_GAP.sub("", text)
        elif not notice.office and not notice.doc_number and text.endswith(("办公室", "人民政府")):
            notice.office = text
        elif (found := _DATE.fullmatch(text)) and notice.title:
            notice.issued_on = _date(found)
        else:
            if "审议通过" in text and (found := _DATE.search(text)):
                notice.adopted_on = _date(found)
            notice.preamble.append(text)


def _finish_task(task: TaskRecord, text: str, known_units: Container[str]) -> None:
    units = _UNITS.search(text)
    if units:
        task.lead_units = split_units(units["lead"], known_units)
        task.participating_units = split_units(units["participating"] or "", known_units)
        task.units_as_written = units.group().strip()
        text = text[: units.start()]
    task.text = text.strip()


def _date(found: re.Match) -> date:
    return date(int(found[1]), int(found[2]), int(found[3]))
