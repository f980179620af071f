"""The amounts and times a task names (`新招聘教师3000名`, `年底前`), as a reader lists them."""

from dataclasses import dataclass

from analysis.deadlines import find_times
from analysis.quantities import ABOUT, AT_LEAST, NOT_AMOUNTS, WITHIN, Quantity, find_quantities

# How a figure compares, said after it as the notices say it (不少于 4000 户 reads 4000 户以上),
# unless the text itself says it after the figure (30万千瓦以下 stays 以下).
_SAID_AFTER = {AT_LEAST: "以上", ABOUT: "左右", WITHIN: "以内"}
_WORDS_AFTER = ("以上", "以内", "以下", "左右")


@dataclass(frozen=True)
class AmountsAndTimes:
    amounts: list[str]
    times: list[str]


def amounts_and_times(text: str) -> AmountsAndTimes:
    """Each amount (`3000 名`, `50 亿元以上`, `97.1%`) and time (`2023年`, `年底前`) of a text once,
    in order. Ranks and durations (后 20 位, “6小时”通关) count nothing and are left out."""
    amounts: list[str] = []
    for quantity in find_quantities(text):
        amount = amount_as_read(quantity)
        if quantity.unit not in NOT_AMOUNTS and amount not in amounts:
            amounts.append(amount)
    return AmountsAndTimes(amounts, find_times(text))


def amount_as_read(quantity: Quantity) -> str:
    number = f"{quantity.value:f}"
    if quantity.high is not None:
        number += f"—{quantity.high:f}"
    unit = quantity.unit if quantity.unit == "%" else f" {quantity.unit}"
    written_after = next((word for word in _WORDS_AFTER if quantity.text.endswith(word)), None)
    return number + unit + (written_after or _SAID_AFTER.get(quantity.comparison or "", ""))
