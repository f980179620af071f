"""Deadlines (完成时限) as written, and the date or the 'ongoing' mark they stand for."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

ONGOING_WORDS = ("长期坚持", "持续推进", "长期", "持续", "常态化")
_YEAR_END = {"年底", "年末", "年内", "全年", "年终"}
_MONTH = re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月(?P<part>底|末|份|上旬|中旬|下旬|(?P<day>\d{1,2})日)?")
_YEAR_ONLY_END = re.compile(r"(?P<year>\d{4})年(?:底|末)")
_PART_DAY = {"上旬": 10, "中旬": 20}


@dataclass(frozen=True)
class Deadline:
    text: str
    due: date | None = None
    ongoing: bool = False

    @property
    def understood(self) -> bool:
        return not self.text or self.ongoing or self.due is not None


def parse_deadline(text: str, year: int) -> Deadline:
    compact = re.sub(r"\s+", "", text)
    if not compact:
        return Deadline(text)
    if any(word in compact for word in ONGOING_WORDS):
        return Deadline(text, ongoing=True)
    if compact in _YEAR_END:
        return Deadline(text, date(year, 12, 31))
    if match := _YEAR_ONLY_END.fullmatch(compact):
        return Deadline(text, date(int(match["year"]), 12, 31))
    if match := _MONTH.fullmatch(compact):
        due_year = int(match["year"] or year)
        month = int(match["month"])
        if not 1 <= month <= 12:
            return Deadline(text)
        last = calendar.monthrange(due_year, month)[1]
        day = int(match["day"]) if match["day"] else _PART_DAY.get(match["part"] or "", last)
        if not 1 <= day <= last:
            return Deadline(text)
        return Deadline(text, date(due_year, month, day))
    return Deadline(text)


# A time a text names, as written: a month (6月底前), a year or years (2023年, 2023—2025年), the
# year's end (年底前) or a half or quarter (上半年, 一季度末), with 前 (by) when it says so.
_TIME_IN_TEXT = re.compile(
    rf"(?<![\d一二三四五六七八九十两])"
    rf"(?:{_MONTH.pattern}|\d{{4}}(?:\s*[—–-]\s*\d{{4}})?\s*年(?:底|末|内)?"
    rf"|{'|'.join(sorted(_YEAR_END))}|[上下]半年|[一二三四]季度(?:末|底)?)前?"
)
_BOOK_TITLE = re.compile(r"《[^》]*》")


def find_times(text: str) -> list[str]:
    """The times a text names, as written, each once, in order; the years in the title of a
    document it cites (《…（2023—2025年）》) are that document's, not the text's."""
    titles = [(found.start(), found.end()) for found in _BOOK_TITLE.finditer(text)]
    times: list[str] = []
    for found in _TIME_IN_TEXT.finditer(text):
        in_a_title = any(start <= found.start() < end for start, end in titles)
        if not in_a_title and found.group() not in times:
            times.append(found.group())
    return times
