"""The signals vocabulary (analysis/signals.py): each signal's name, symbol, colour and bar pattern
are written out there only; the model's choices, charts, tables, tiles and exports take them."""

import ast
import re
from pathlib import Path

from analysis import signals
from targets.models import Signal

ROOT = Path(__file__).resolve().parent.parent
CODE_PACKAGES = ["analysis", "importers", "targets", "dashboard", "public", "heze_targets", "benchmarks"]
VOCABULARY = "analysis/signals.py"


def test_the_signal_choices_are_the_vocabularys_names_in_its_order():
    assert Signal.values == list(signals.SIGNALS)


def test_every_signal_has_exactly_one_symbol_colour_and_pattern_and_shares_none_with_another():
    looks = list(signals.LOOKS.values())
    assert [look.name for look in looks] == list(signals.SIGNALS)
    for look in looks:
        assert len(look.symbol) == 1, look
        assert re.fullmatch(r"#[0-9A-F]{6}", look.colour), look
    for part in ("symbol", "colour", "pattern"):
        assert len({getattr(look, part) for look in looks}) == len(looks), part


def test_the_measured_and_watched_signals_are_signals_of_the_vocabulary():
    assert set(signals.MEASURED) | set(signals.BEHIND_PACE) <= set(signals.SIGNALS)


def test_no_code_but_the_vocabulary_writes_out_a_signals_name_symbol_or_colour():
    written = {value for look in signals.LOOKS.values() for value in (look.name, look.symbol, look.colour)}
    elsewhere = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}"
        for package in CODE_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts and path.relative_to(ROOT).as_posix() != VOCABULARY
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in written
    ]
    assert elsewhere == []


def test_no_template_writes_out_a_signals_symbol():
    symbols = {look.symbol for look in signals.LOOKS.values()}
    written = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "templates").rglob("*.html"))
        if symbols & set(path.read_text(encoding="utf-8"))
    ]
    assert written == []
