"""Figures in the government's texts: `1700 个以上`, `5.5%左右`, `两千万元`, `2—3 个`, `控制在 5.5%以内`.

`find_quantities` finds every figure with a unit in a text, with the words that say how
it compares (at least, about, within, reach) and where it stands, so that a page can
highlight it. `chinese_number` turns Chinese numerals into numbers.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

AT_LEAST, ABOUT, WITHIN, REACH = "at_least", "about", "within", "reach"
COMPARISONS = (AT_LEAST, ABOUT, WITHIN, REACH)  # how a figure compares: 以上, 左右, 以内, 达到

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
# 万 and 亿 scale a numeral (两千三百万) and a unit alike (万元, 亿立方米).
SCALES = {"万": 10**4, "亿": 10**8}
CHINESE_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# The numerals that number headings and parts of a document (一、 （二） 三是).
HEADING_NUMERALS = "一二三四五六七八九十"


def chinese_number(text: str) -> int:
    """`二十` → 20, `一百零五` → 105, `两千三百万` → 23000000, `十` → 10."""
    if not text or any(char not in CHINESE_NUMERAL for char in text):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    total = 0  # what the 亿 and 万 sections add up to so far
    section = 0  # the current section below 万
    digit = None
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[char]
            digit = None
        else:
            scale = SCALES[char]
            section += digit or 0
            digit = None
            if scale == 10**8:
                total = (total + section) * scale
            else:
                total += section * scale
            section = 0
    return total + section + (digit or 0)


# The units a figure can carry, in the three groups the analysis tells apart.
# Classifiers (量词): a figure with one counts the things named beside it (认定 100 家企业).
CLASSIFIERS = frozenset(
    {"个", "家", "项", "处", "所", "座", "条", "张", "套", "间", "台", "辆", "名", "场", "次", "批", "种", "户", "人"}
)
# What 个, the all-purpose classifier, may stand for: things, not people, households or times.
THING_CLASSIFIERS = CLASSIFIERS - {"户", "人", "名", "次"}
# Ranks, ordinals, multiples and durations: a figure with one counts nothing (后20位, 十九届).
NOT_AMOUNTS = frozenset({"位", "届", "倍", "天", "小时"})
# Units of measure (计量单位) proper: rates, money, people, length, area, power, weight, volume.
UNITS_OF_MEASURE = frozenset(
    {
        "%", "个百分点", "亿元", "万元", "元", "亿美元", "万美元", "万人次", "万人", "人次", "万户",
        "公里", "平方公里", "米", "万平方米", "平方米", "万亩", "亩", "万千瓦", "千瓦", "万吨", "吨",
        "亿立方米", "万立方米", "立方米", "亿斤", "万斤", "斤", "万头", "头",
    }
)  # fmt: skip
# Every unit, the longest first, so that `万千瓦` wins over `万` and `千瓦`.
UNITS = sorted(CLASSIFIERS | NOT_AMOUNTS | UNITS_OF_MEASURE, key=lambda unit: (-len(unit), unit))
_BEFORE = {
    "不低于": AT_LEAST, "不少于": AT_LEAST, "超过": AT_LEAST, "突破": AT_LEAST, "至少": AT_LEAST,
    "控制在": WITHIN, "不超过": WITHIN, "不高于": WITHIN,
    "达到": REACH, "提高到": REACH, "提高至": REACH, "提升至": REACH, "提升到": REACH, "降至": REACH, "达": REACH,
    "约": ABOUT,
}  # fmt: skip
_AFTER = {"以上": AT_LEAST, "以内": WITHIN, "以下": WITHIN, "左右": ABOUT, "余": AT_LEAST, "多": AT_LEAST}

_NUMBER = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{CHINESE_NUMERAL}]+)"
_QUANTITY = re.compile(
    rf"(?P<before>{'|'.join(sorted(_BEFORE, key=len, reverse=True))})?\s*"
    rf"(?P<low>{_NUMBER})"
    rf"(?:\s*(?P<dash>[—–\-~～至到])\s*(?P<high>{_NUMBER}))?"
    rf"\s*(?P<scale>[{''.join(SCALES)}](?![千平立美元人户亩吨斤头]))?"
    rf"\s*(?P<after_number>余|多)?"
    rf"\s*(?P<unit>{'|'.join(map(re.escape, UNITS))})"
    rf"(?:\s*(?P<after>以上|以内|以下|左右))?"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: Decimal
    unit: str
    comparison: str | None = None
    high: Decimal | None = None  # the top of a range such as 2—3 个
    start: int = 0
    end: int = 0
    text: str = ""


def parse_number(text: str) -> Decimal:
    text = text.replace(",", "")
    if text[0].isdigit():
        return Decimal(text)
    return Decimal(chinese_number(text))


def find_quantities(text: str) -> list[Quantity]:
    quantities = []
    for match in _QUANTITY.finditer(text):
        low = match["low"]
        if not low[0].isdigit() and not _plausible_chinese(low, match["unit"], text[: match.start("low")]):
            continue
        scale = Decimal(SCALES[match["scale"]]) if match["scale"] else Decimal(1)
        value = _whole(parse_number(low) * scale)
        high = _whole(parse_number(match["high"]) * scale) if match["high"] else None
        comparison = _AFTER.get(match["after"] or "") or _BEFORE.get(match["before"] or "")
        comparison = comparison or _AFTER.get(match["after_number"] or "")
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        quantities.append(Quantity(value, match["unit"], comparison, high, start, match.end(), match.group().strip()))
    return quantities


def _whole(value: Decimal) -> Decimal:
    """1.2 万 is 12000, not 12000.0."""
    return value.to_integral_value() if value == value.to_integral_value() else value


def _plausible_chinese(numeral: str, unit: str, before: str) -> bool:
    # 一 is too common a word to be a figure on its own (一批, 一处 …), and a numeral that opens
    # a quoted name or a list item is part of a name (“两个清零、一个提标”); 十项 is a figure.
    try:
        chinese_number(numeral)
    except (ValueError, KeyError):
        return False
    if before.endswith(("“", "、", "第", '"', "「")):
        return False
    return numeral not in {"一", "万", "亿", "千", "百"} or unit in {"万元", "亿元"}
