"""The government work report (政府工作报告): sections, sentences and the figures they hold.

The text comes as extracted from the published file: paragraphs are cut where the page
ended (a line that stops mid-sentence goes on after the next blank line), the top
sections are headed `一、…`, the second level opens a paragraph with `（一）…。`, the third
is a sentence that starts `一是…`, and a numbered list reads `(1)… (2)…`.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from analysis.quantities import CLASSIFIERS, HEADING_NUMERALS, Quantity, find_quantities
from importers.cells import text_lines
from importers.errors import SourceError

REVIEW, GOALS, KEY_WORK, CAPACITY, OTHER = "review", "goals", "key_work", "capacity", "other"
# What a figure of the report is: reported for the past year, a main expected goal, or a
# quantified commitment of the key work.
FIGURE_REVIEW, FIGURE_GOAL, FIGURE_COMMITMENT = "review", "goal", "commitment"
FIGURE_KINDS = (FIGURE_REVIEW, FIGURE_GOAL, FIGURE_COMMITMENT)
# Words of a top heading that say which part of the report it opens.
_PART_WORDS = (
    (REVIEW, ("回顾",)),
    (GOALS, ("总体要求", "工作目标", "预期目标")),
    (KEY_WORK, ("重点工作", "重点任务", "主要任务", "工作安排")),
)
_PART_WORDS += ((CAPACITY, ("政府治理", "自身建设", "政府建设")),)

_TOP = re.compile(rf"^([{HEADING_NUMERALS}]+)、\s*(.+)$")
_SECOND = re.compile(rf"^[（(]([{HEADING_NUMERALS}]+)[）)]\s*")
_THIRD = re.compile(rf"^([{HEADING_NUMERALS}]+)是")
_ITEM = re.compile(r"^[（(](\d+)[）)]\s*")
_ENDS_PARAGRAPH = (*"。！？；：:”」）)", "……")
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]+[”」]?|$)")
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_YEAR = re.compile(r"(\d{4})\s*年")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")
_MEASURE_TRIM = re.compile(r"^(?:其中|力争|确保|实现|全年|年内|预计|并|和|及)+|(?:达到|控制在|突破|超过|不低于|约)+$")
_CJK = re.compile(r"[\u4e00-\u9fff“]")


@dataclass
class SectionRecord:
    number: str
    title: str
    level: int
    kind: str
    children: list["SectionRecord"] = field(default_factory=list)


@dataclass
class SentenceRecord:
    text: str
    section_path: tuple[str, ...]
    kind: str
    position: int
    line: int


@dataclass
class FigureRecord:
    """A figure of the report: reported for the past year, a main goal, or a commitment."""

    kind: str  # one of FIGURE_KINDS
    text: str
    measure: str
    value: Decimal | None
    unit: str
    comparison: str | None
    sentence: int  # position of its sentence
    high: Decimal | None = None
    start: int = 0
    end: int = 0
    # Written after 预计 in its sentence (a review dated before the year's end): not yet final.
    estimated: bool = False


@dataclass
class WorkReportRecord:
    file_name: str
    title: str = ""
    delivered_on: date | None = None
    meeting: str = ""
    speaker: str = ""
    speaker_role: str = ""
    year_of_goals: int | None = None
    sections: list[SectionRecord] = field(default_factory=list)
    sentences: list[SentenceRecord] = field(default_factory=list)
    figures: list[FigureRecord] = field(default_factory=list)


def parse_work_report(path: Path) -> WorkReportRecord:
    report = WorkReportRecord(path.name)
    paragraphs = _paragraphs(path)
    body_at = next((i for i, (_, text) in enumerate(paragraphs) if _TOP.match(text)), len(paragraphs))
    _read_title_lines(report, paragraphs[:body_at])
    if "政府工作报告" not in report.title:
        raise SourceError(
            path.name, "not a government work report: no title line with 政府工作报告 before the first section"
        )
    if body_at == len(paragraphs):
        raise SourceError(path.name, "the report has no numbered sections (一、…)")
    _Reader(report).read(paragraphs[body_at:])
    if report.year_of_goals is None:
        report.year_of_goals = report.delivered_on.year + 1 if report.delivered_on else None
    if report.year_of_goals is None:
        raise SourceError(
            path.name, "no year of goals: no heading such as 二、2023 年总体要求和工作目标 and no date line"
        )
    report.figures = _figures(report)
    return report


def _paragraphs(path: Path) -> list[tuple[int, str]]:
    """(first line, text) of each paragraph, with the page's line wraps joined again."""
    paragraphs: list[tuple[int, str]] = []
    in_body = False  # the title lines above the first section end without punctuation too
    for number, line in text_lines(path):
        text = line.strip().lstrip("#").strip()
        if not text:
            continue
        heading = _is_heading(text)
        in_body = in_body or bool(_TOP.match(text))
        previous = paragraphs[-1][1] if paragraphs else ""
        wrapped = previous and not previous.endswith(_ENDS_PARAGRAPH) and not _TOP.match(previous)
        if in_body and not heading and wrapped:
            paragraphs[-1] = (paragraphs[-1][0], previous + text)
            continue
        paragraphs.append((number, text))
    return paragraphs


def _is_heading(text: str) -> bool:
    return bool(_TOP.match(text) or _SECOND.match(text))


def _read_title_lines(report: WorkReportRecord, paragraphs: list[tuple[int, str]]) -> None:
    for _, text in paragraphs:
        if "政府工作报告" in text and not report.title:
            report.title = text
        elif text.startswith("——") and (found := _DATE.search(text)):
            report.delivered_on = date(int(found[1]), int(found[2]), int(found[3]))
            report.meeting = re.sub(r"^在|上$", "", text[found.end() :].strip())
        elif "长" in text and len(text) <= 30 and not report.speaker:
            role, _, name = text.rpartition(" ") if " " in text else (text, "", "")
            if name and len(name) == 1:  # `菏泽市市长 张 伦`: the name was spaced out
                role, _, first = role.rpartition(" ")
                name = first + name
            report.speaker_role, report.speaker = role.strip(), name.strip()


class _Reader:
    def __init__(self, report: WorkReportRecord):
        self.report = report
        self.stack: list[SectionRecord] = []

    def open_section(self, number: str, title: str, level: int) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        kind = self.stack[0].kind if self.stack else _part_of(title)
        section = SectionRecord(number, title, level, kind)
        (self.stack[-1].children if self.stack else self.report.sections).append(section)
        self.stack.append(section)
        if level == 1 and kind == GOALS and (year := _YEAR.search(title)):
            self.report.year_of_goals = int(year[1])

    def read(self, paragraphs: list[tuple[int, str]]) -> None:
        for line, text in paragraphs:
            if top := _TOP.match(text):
                self.open_section(top[1], top[2].strip(), 1)
                continue
            if second := _SECOND.match(text):
                text = text[second.end() :]
                title = _SENTENCE.match(text).group().rstrip("。！？")
                self.open_section(f"（{second[1]}）", title, 2)
            else:
                # A plain paragraph after the numbered parts belongs to the top section itself.
                del self.stack[1:]
            for sentence in filter(None, (s.strip() for s in _SENTENCE.findall(text))):
                self.read_sentence(sentence, line)

    def read_sentence(self, text: str, line: int) -> None:
        if third := _THIRD.match(text):
            self.open_section(f"{third[1]}是", _first_clause(text[third.end() :]), 3)
        elif item := _ITEM.match(text):
            text = text[item.end() :]
            # A numbered item (a 民生实事) is one promise however many clauses it has:
            # `(4)加快乡镇寄宿制学校建设,…30 处;新招聘教师 3000 名。` is titled whole.
            self.open_section(f"({item[1]})", text.rstrip("。！？；;"), 4)
        path = tuple(section.number for section in self.stack if section.number)
        kind = self.stack[0].kind if self.stack else OTHER
        self.report.sentences.append(SentenceRecord(text, path, kind, len(self.report.sentences), line))


def _part_of(title: str) -> str:
    return next((kind for kind, words in _PART_WORDS if any(word in title for word in words)), OTHER)


def _first_clause(text: str) -> str:
    return re.split(r"[。，,；;：:]", text, maxsplit=1)[0]


def _figures(report: WorkReportRecord) -> list[FigureRecord]:
    figures = []
    for sentence in report.sentences:
        if sentence.kind == GOALS and "主要预期目标" in sentence.text:
            figures += _goals(sentence)
        elif sentence.kind in (REVIEW, KEY_WORK):
            kind = FIGURE_REVIEW if sentence.kind == REVIEW else FIGURE_COMMITMENT
            quantities = _counted(sentence.text)
            measure = ""
            for i, quantity in enumerate(quantities):
                # In `A、B、C 分别完成投资 180 亿元、20 亿元、30 亿元` the later figures share the words.
                measure = _measure_around(sentence.text, quantities, i) or measure
                figures.append(_figure(kind, sentence, quantity, measure))
    return figures


def _goals(sentence: SentenceRecord) -> list[FigureRecord]:
    """Each clause of `主要预期目标为:…` is a goal, with a figure or without (qualitative)."""
    listed = re.search(r"目标[为是][:：]?", sentence.text)
    if not listed:
        return []
    goals = []
    for clause in re.finditer(r"[^，,；;。！]+", sentence.text[listed.end() :]):
        text = clause.group().strip()
        start = listed.end() + clause.start()
        quantities = find_quantities(text)
        if quantities:
            measure = _measure(text[: quantities[0].start])
            goals.append(_figure(FIGURE_GOAL, sentence, quantities[0], measure, start=start))
        else:
            goals.append(
                FigureRecord(
                    FIGURE_GOAL, text, text, None, "", None, sentence.position, start=start, end=start + len(text)
                )
            )
    return goals


def _counted(text: str) -> list[Quantity]:
    # A figure after 过 qualifies what is counted (过亿元项目, 过 10 亿元项目), and 七个方面 counts
    # the parts of a speech: neither is a figure to reach.
    return [
        q
        for q in find_quantities(text)
        if not text[: q.start].rstrip().endswith("过") and not text[q.end :].startswith("方面")
    ]


def _figure(kind: str, sentence: SentenceRecord, quantity: Quantity, measure: str, start: int = 0) -> FigureRecord:
    at = start + quantity.start
    return FigureRecord(
        kind,
        quantity.text,
        measure,
        quantity.value,
        quantity.unit,
        quantity.comparison,
        sentence.position,
        quantity.high,
        at,
        start + quantity.end,
        estimated="预计" in sentence.text[:at],
    )


def _measure_around(text: str, quantities: list[Quantity], index: int) -> str:
    """What a figure counts: the words before it in its clause (`新签约过亿元项目 300 个`), and
    the words after it where a verb stands before or a classifier leads on to the thing
    counted (`推动…企业开展智能化改造`, `完成…行政村生活污水治理`)."""
    quantity = quantities[index]
    start = quantities[index - 1].end if index else 0
    start = max([start] + [m.end() for m in _CLAUSE_BREAK.finditer(text, start, quantity.start)])
    before = text[start : quantity.start].strip(" 、和及")
    counts_what_follows = quantity.unit in CLASSIFIERS and _CJK.match(text, quantity.end)
    if len(before) > 4 and not counts_what_follows:
        return _measure(before)
    stop = quantities[index + 1].start if index + 1 < len(quantities) else len(text)
    breaks = re.search(r"[，,；;：:。！？、]", text[quantity.end : stop])
    after = text[quantity.end : quantity.end + breaks.start() if breaks else stop].strip(" 、和及")
    return _measure(f"{before}…{after}".strip("…"))


def _measure(text: str) -> str:
    return _MEASURE_TRIM.sub("", text.strip()).strip()
