"""Reporting periods: codes such as 2023-H1, and finding the period in a title line."""

import re
from dataclasses import dataclass
from datetime import date

# The kinds of reporting period: first quarter, first half, first three quarters, full year.
FIRST_QUARTER, FIRST_HALF, THIRD_QUARTER, FULL_YEAR = "Q1", "H1", "Q3", "FY"
# kind: (Chinese label, month and day of the as-of date)
PERIOD_KINDS = {
    FIRST_QUARTER: ("第一季度", (3, 31)),
    FIRST_HALF: ("上半年", (6, 30)),
    THIRD_QUARTER: ("第三季度", (9, 30)),
    FULL_YEAR: ("全年", (12, 31)),
}
# Words of a title that name the period, the longer before the shorter they contain.
_KIND_WORDS = (
    ("前三季度", THIRD_QUARTER),
    ("第三季度", THIRD_QUARTER),
    ("三季度", THIRD_QUARTER),
    ("第一季度", FIRST_QUARTER),
    ("一季度", FIRST_QUARTER),
    ("上半年", FIRST_HALF),
    ("第四季度", FULL_YEAR),
    ("四季度", FULL_YEAR),
    ("全年", FULL_YEAR),
    ("年终", FULL_YEAR),
)
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
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
    for word, kind in _KIND_WORDS:
        if word in compact:
            return Period(int(year[1]), kind)
    return None
