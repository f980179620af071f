"""What a progress table covers: the total of targets it says it reports on (…196项…责任目标…),
the target numbers it lists, the numbers it leaves out, and its rows cut off by a page break.

An extract (2022 Q3 lists 39–86) or a page that lost its rows (2020 lists 56 of 196) must not
read as a whole period: pages and the export say what the table covers from these figures.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

# "确定的196项经济社会发展责任目标": a count of items (项) followed, within the clause, by 目标.
_STATED_TOTAL = re.compile(r"(\d+)\s*项[^。；;，,]{0,30}?目标")


def stated_total(texts: Iterable[str]) -> int | None:
    """The number of targets the text before a table says it reports on, or None."""
    for text in texts:
        if match := _STATED_TOTAL.search(text):
            return int(match.group(1))
    return None


def number_ranges(numbers: Iterable[int]) -> list[list[int]]:
    """[first, last] of each run of consecutive numbers: {1, 2, 3, 5} → [[1, 3], [5, 5]]."""
    ranges: list[list[int]] = []
    for number in sorted(set(numbers)):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    return ranges


@dataclass(frozen=True, slots=True)
class TableExtent:
    numbers: tuple[tuple[int, int], ...]  # the runs of target numbers listed
    stated_total: int | None = None
    cut_off: tuple[int, ...] = ()  # numbers of the rows cut off in the source

    @classmethod
    def of(cls, numbers: Iterable[Iterable[int]], stated_total: int | None, cut_off: Iterable[int]) -> "TableExtent":
        """From the stored form: runs as [first, last] pairs."""
        runs = tuple((int(first), int(last)) for first, last in numbers)
        return cls(runs, stated_total, tuple(cut_off))

    @property
    def listed(self) -> int:
        return sum(last - first + 1 for first, last in self.numbers)

    @property
    def first(self) -> int | None:
        return self.numbers[0][0] if self.numbers else None

    @property
    def last(self) -> int | None:
        return self.numbers[-1][1] if self.numbers else None

    @property
    def gaps(self) -> list[tuple[int, int]]:
        """The numbers left out between the first and the last listed, as runs."""
        return [(before[1] + 1, after[0] - 1) for before, after in zip(self.numbers, self.numbers[1:], strict=False)]

    @property
    def partial(self) -> bool:
        """Whether the table leaves targets out: fewer than it says, a gap, or not from 1."""
        fewer = self.stated_total is not None and self.listed < self.stated_total
        return bool(self.numbers) and (fewer or bool(self.gaps) or self.first != 1)
