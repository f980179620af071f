"""analysis/quantities.py: numerals and figures as the government's documents write them."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.quantities import chinese_number, find_quantities

PHRASES = Path(__file__).parent / "data" / "quantity_phrases.tsv"
DIGITS = "零一二三四五六七八九"


def as_chinese(number: int) -> str:
    """Chinese numerals written the standard way, independently of the code under test."""
    if number == 0:
        return "零"
    parts = []
    for scale_name, scale in (("亿", 10**8), ("万", 10**4), ("", 1)):
        chunk, number = divmod(number, scale)
        if chunk:
            if parts and chunk < 1000:
                parts.append("零")
            parts.append(_below_ten_thousand(chunk) + scale_name)
        elif parts and number:
            parts.append("零")
    text = "".join(parts)
    while "零零" in text:
        text = text.replace("零零", "零")
    return text.rstrip("零")


def _below_ten_thousand(number: int) -> str:
    text, zero = "", False
    for name, place in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, number = divmod(number, place)
        if digit:
            text += ("零" if zero and text else "") + DIGITS[digit] + name
            zero = False
        else:
            zero = True
    return text


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_chinese_numerals_read_back_to_the_number_they_write(number):
    assert chinese_number(as_chinese(number)) == number


@given(st.integers(min_value=10, max_value=19))
def test_a_leading_one_before_ten_may_be_left_out(number):
    assert chinese_number(as_chinese(number).removeprefix("一")) == number


@given(st.integers(min_value=1, max_value=9), st.sampled_from(["千", "百", "万"]))
def test_liang_is_two_before_a_place(digit, place):
    numeral = ("两" if digit == 2 else DIGITS[digit]) + place
    assert chinese_number(numeral) == digit * {"千": 1000, "百": 100, "万": 10000}[place]


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2))
def test_arabic_figures_keep_their_decimals(value):
    [quantity] = find_quantities(f"完成投资 {value} 亿元")
    assert quantity.value == value and quantity.unit == "亿元"


def phrases():
    with PHRASES.open(encoding="utf-8") as file:
        rows = [row for row in csv.reader(file, delimiter="\t") if row and not row[0].startswith("#")]
    return [pytest.param(*row, id=row[0]) for row in rows]


def test_the_phrase_table_holds_at_least_sixty_real_phrases():
    assert len(phrases()) >= 60


@pytest.mark.parametrize(("phrase", "value", "unit", "comparison", "high"), phrases())
def test_it_reads_the_phrases_of_the_fixtures(phrase, value, unit, comparison, high):
    quantity = find_quantities(phrase)[0]
    assert quantity.value == Decimal(value)
    assert quantity.unit == unit
    assert quantity.comparison == (comparison or None)
    assert quantity.high == (Decimal(high) if high else None)
    assert phrase[quantity.start : quantity.end] == quantity.text


@pytest.mark.parametrize(
    "phrase",
    ["2023 年是开局之年", "国道 106 东明黄河公路大桥", "“两个清零、一个提标”", "第一批", "5G 网络", "1—6 月份"],
)
def test_it_finds_no_figure_where_there_is_none(phrase):
    assert find_quantities(phrase) == []


def test_a_word_that_is_not_a_numeral_is_refused():
    with pytest.raises(ValueError):
        chinese_number("两高")
