"""Each vocabulary (status codes, period kinds, comparisons, figure kinds, units of measure) is
defined once in plain Python; the models' choices take its values and add only labels."""

import ast
from pathlib import Path

from django.utils import translation

from analysis import quantities, statuses
from importers import periods, work_report_parser
from targets.models import Comparison, FigureKind, PeriodKind, Status

ROOT = Path(__file__).resolve().parent.parent
# The packages whose code uses the vocabularies; an audience app that does not exist yet is skipped.
CODE_PACKAGES = ["analysis", "importers", "targets", "dashboard", "public", "uploads", "benchmarks"]


def test_the_status_choices_are_the_status_codes_the_importer_reads():
    assert Status.values == list(statuses.CODES)


def test_the_period_kind_choices_are_the_kinds_the_importer_reads_with_the_same_chinese_labels():
    assert PeriodKind.values == list(periods.PERIOD_KINDS)
    with translation.override("zh-hans"):
        assert [str(label) for label in PeriodKind.labels] == [label for label, _ in periods.PERIOD_KINDS.values()]


def test_the_comparison_choices_are_the_comparisons_the_quantities_reader_finds():
    assert Comparison.values == list(quantities.COMPARISONS)


def test_the_figure_kind_choices_are_the_kinds_the_work_report_parser_gives():
    assert FigureKind.values == list(work_report_parser.FIGURE_KINDS)


def test_every_unit_is_a_classifier_a_unit_that_counts_nothing_or_a_unit_of_measure_and_only_one():
    groups = [quantities.CLASSIFIERS, quantities.NOT_AMOUNTS, quantities.UNITS_OF_MEASURE]
    assert sum(len(group) for group in groups) == len(quantities.UNITS) == len(set(quantities.UNITS))
    assert set(quantities.UNITS) == set().union(*groups)


def code_files():
    for package in CODE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_status_codes_period_kinds_and_comparisons_are_written_out_only_where_they_are_defined():
    defined_in = {
        "analysis/statuses.py": set(statuses.CODES),
        "importers/periods.py": set(periods.PERIOD_KINDS),
        "analysis/quantities.py": set(quantities.COMPARISONS),
    }
    codes = set().union(*defined_in.values())
    written_elsewhere = [
        f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}"
        for path in code_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant)
        and node.value in codes
        and node.value not in defined_in.get(path.relative_to(ROOT).as_posix(), ())
    ]
    assert written_elsewhere == []


def test_no_module_but_the_quantities_reader_lists_classifiers():
    listed_elsewhere = [
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in code_files()
        if path.relative_to(ROOT).as_posix() != "analysis/quantities.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Set, ast.List, ast.Tuple))
        and sum(isinstance(e, ast.Constant) and e.value in quantities.CLASSIFIERS for e in node.elts) >= 3
    ]
    assert listed_elsewhere == []
