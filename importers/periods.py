"""Reporting periods: codes such as 2023-H1, and finding the period in a title line."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

# The kinds of reporting period: first quarter, first half, first three quarters, full year,
# and the months some cities report by (1-8月: January to August, kind M08).
FIRST_QUARTER, FIRST_HALF, THIRD_QUARTER, FULL_YEAR = "Q1", "H1", "Q3", "FY"
QUARTER_KINDS = (FIRST_QUARTER, FIRST_HALF, THIRD_QUARTER, FULL_YEAR)
MONTH_KINDS = tuple(f"M{month:02d}" for month in (1, 2, 4, 5, 7, 8, 10, 11))
# kind: (Chinese label, month and day of the as-of date)
PERIOD_KINDS = {
    FIRST_QUARTER: ("第一季度", (3, 31)),
    FIRST_HALF: ("上半年", (6, 30)),
    THIRD_QUARTER: ("第三季度", (9, 30)),
    FULL_YEAR: ("全年", (12, 31)),
}
PERIOD_KINDS |= {
    kind: (
        "1月" if kind == "M01" else f"1-{int(kind[1:])}月",
        (int(kind[1:]), calendar.monthrange(2001, int(kind[1:]))[1]),
    )
    for kind in MONTH_KINDS
}
# The kind of the months from January to the one written (1-3月 is the first quarter).
_MONTHS_TO_KIND = {3: FIRST_QUARTER, 6: FIRST_HALF, 9: THIRD_QUARTER, 12: FULL_YEAR}
_MONTHS_TO_KIND |= {int(kind[1:]): kind for kind in MONTH_KINDS}
# Words of a title that name the period, the longer before the shorter they contain. A quarter
# or months win over a whole year's words (2024年度…第一季度… is the first quarter).
_KIND_WORDS = (
    ("前三季度", THIRD_QUARTER),
    ("第三季度", THIRD_QUARTER),
    ("三季度", THIRD_QUARTER),
    ("第一季度", FIRST_QUARTER),
    ("一季度", FIRST_QUARTER),
    ("第二季度", FIRST_HALF),
    ("二季度", FIRST_HALF),
    ("上半年", FIRST_HALF),
    ("第四季度", FULL_YEAR),
    ("四季度", FULL_YEAR),
)
_WHOLE_YEAR_WORDS = ("全年", "年终", "年度")
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
# 1-8月, 1—8月, 1至8月, 1～8月, 1月份 (January alone).
_MONTHS = re.compile(r"(?<!\d)1\s*(?:[-－—–~～至到]\s*(\d{1,2})\s*)?月")
_CODE = re.compile(rf"(\d{{4}})-({'|'.join(PERIOD_KINDS)})")


@dataclass(frozen=True)
class Period:
    year: int
    kind: str

    @property
    def code(self) -> str:
        return f"{self.year}-{self.kind}"

    @property
    def label(self) -> str:
        return f"{self.year}年{PERIOD_KINDS[self.kind][0]}"

    @property
    def as_of(self) -> date:
        month, day = PERIOD_KINDS[self.kind][1]
        if self.kind in MONTH_KINDS:  # the month's last day in this year (February in a leap year)
            day = calendar.monthrange(self.year, month)[1]
        return date(self.year, month, day)


def parse_period_code(code: str) -> Period:
    match = _CODE.fullmatch(code.strip().upper())
    if not match:
        raise ValueError(
            f"unknown period {code!r}: write YEAR-KIND with KIND one of {', '.join(PERIOD_KINDS)} (e.g. 2023-H1)"
        )
    return Period(int(match[1]), match[2])


def period_from_title(title: str) -> Period | None:
    compact = re.sub(r"\s+", "", title)
    year = _YEAR.search(compact)
    if not year:
        return None
    kind = _kind_in(compact[year.end() :]) or _kind_in(compact)
    return Period(int(year[1]), kind) if kind else None


def _kind_in(text: str) -> str | None:
    for word, kind in _KIND_WORDS:
        if word in text:
            return kind
    if (months := _MONTHS.search(text)) and (last := int(months[1] or 1)) in _MONTHS_TO_KIND:
        return _MONTHS_TO_KIND[last]
    return FULL_YEAR if any(word in text for word in _WHOLE_YEAR_WORDS) else None
