"""analysis/pace.py: goals, achieved figures, completion, 序时进度 and signals, on hand-checked cases."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from analysis.deadlines import parse_deadline
from analysis.pace import Thresholds, assess, base_value, expected_share, share_cell
from analysis.statuses import status_code
from importers.progress_table import parse_progress_table
from tests.conftest import PROGRESS_FIXTURES

CASES = Path(__file__).parent / "data" / "pace_cases.tsv"


def reports_by_key() -> dict:
    """(period, "seq.position") → (target content, target deadline, report, period)."""
    found = {}
    for path in PROGRESS_FIXTURES:
        table = parse_progress_table(path)
        firsts = {}
        for record in table.records:
            first = firsts.setdefault(record.seq, record)
            found[(table.period.code, f"{record.seq}.{record.position}")] = (first, record, table.period)
    return found


REPORTS = reports_by_key()


def measure(period: str, key: str):
    first, record, p = REPORTS[(period, key)]
    status = status_code(record.status) or "unreported"
    return assess(first.content, record.progress, status, parse_deadline(first.deadline, p.year), p.year, p.as_of)


def cases() -> list[list[str]]:
    with CASES.open(encoding="utf-8") as file:
        return [row for row in csv.reader(file, delimiter="\t") if row and not row[0].startswith("#")]


def same(value: Decimal, unit: str, expected_value: str, expected_unit: str) -> bool:
    return base_value(value, unit)[0] == base_value(Decimal(expected_value), expected_unit)[0]


def test_the_hand_checked_cases_cover_all_three_fixtures():
    rows = cases()
    assert len(rows) >= 40
    assert {row[0] for row in rows} == {"2023-H1", "2022-Q3", "2020-H1"}
    assert sum(row[4] == "-" for row in rows) >= 10  # cases where no figure should be found


def test_achieved_figures_meet_the_precision_and_recall_goals():
    found, right, wanted, wrong = 0, 0, 0, []
    for period, key, _, _, achieved, unit, *_ in cases():
        pace = measure(period, key)
        wanted += achieved != "-"
        if pace.achieved is None:
            continue
        found += 1
        if achieved != "-" and same(pace.achieved.value, pace.achieved.unit, achieved, unit):
            right += 1
        else:
            wrong.append(f"{period} #{key}: {pace.achieved.text}")
    precision, recall = right / found, right / wanted
    print(f"\nachieved figures on {len(cases())} cases: precision {precision:.1%}, recall {recall:.1%}; wrong {wrong}")
    assert precision >= 0.95
    assert recall >= 0.80


def test_the_goal_is_read_for_every_case():
    wrong = []
    for period, key, goal, unit, *_ in cases():
        pace = measure(period, key)
        if pace.goal is None or not same(pace.goal.value, pace.goal.unit, goal, unit):
            wrong.append(f"{period} #{key}: {pace.goal.figure.text if pace.goal else None}")
    assert wrong == []


def test_completion_and_expected_progress_follow_from_a_rightly_read_figure():
    """Wherever the figure (or the text's own completion share) is read as by hand, completion
    and expected progress are exactly the hand-computed ones."""
    checked, wrong = 0, []
    for period, key, _, _, achieved, unit, completion, expected, _ in cases():
        pace = measure(period, key)
        figure_right = (
            pace.achieved is not None
            and achieved != "-"
            and same(pace.achieved.value, pace.achieved.unit, achieved, unit)
        )
        share_only = achieved == "-" and completion not in ("-", "rate")
        if not (figure_right or share_only):
            continue
        checked += 1
        if completion == "rate":
            got_completion = (
                "rate" if pace.completion is None and pace.kind in {"growth", "share", "ceiling"} else pace.completion
            )
        else:
            got_completion = None if pace.completion is None else round(pace.completion * 100, 1)
            completion = None if completion == "-" else round(float(completion), 1)
        got_expected = None if pace.expected is None else round(pace.expected * 100)
        if (got_completion, got_expected) != (completion, None if expected == "-" else int(expected)):
            wrong.append(f"{period} #{key}: {got_completion} {got_expected}")
    assert checked >= 40 and wrong == []


@pytest.mark.parametrize(
    ("deadline", "as_of", "share"),
    [
        ("年底", date(2023, 6, 30), 0.5),
        ("年底", date(2023, 9, 30), 0.75),
        ("6月底", date(2023, 6, 30), 1.0),
        ("10 月底", date(2023, 6, 30), 0.6),
        ("2023年6月底", date(2022, 9, 30), 0.5),
        ("长期坚持", date(2023, 6, 30), None),
        ("持续推进", date(2023, 6, 30), None),
    ],
)
def test_expected_progress_is_the_share_of_time_elapsed(deadline, as_of, share):
    year = 2022 if deadline.startswith("2023") else as_of.year
    assert expected_share(parse_deadline(deadline, year), year, as_of) == share


@pytest.mark.parametrize(
    ("period", "key", "signal", "measured", "contradiction"),
    [
        ("2023-H1", "86.0", "yellow", "yellow", False),  # 47.5% done, 50% expected
        ("2023-H1", "88.0", "green", "green", False),  # done
        ("2023-H1", "186.0", "yellow", "yellow", False),
        ("2022-Q3", "58.0", "green", "green", False),  # 82.9% against 75%
        ("2022-Q3", "78.0", "green", "green", False),
        ("2022-Q3", "57.0", "red", "yellow", False),  # reported 否; 6.8% against about 8%
        ("2023-H1", "2.0", "green", "green", False),  # 54% of the budget against 50%
        ("2023-H1", "90.0", "red", "red", True),  # reported 是, 35.1% against 50%
        ("2023-H1", "113.0", "cancelled", "grey", False),  # reported —
        ("2023-H1", "1.0", "grey", "grey", False),  # nothing measurable
    ],
)
def test_signals_of_the_issues_cases(period, key, signal, measured, contradiction):
    pace = measure(period, key)
    assert (pace.signal, pace.measured_signal, pace.contradiction) == (signal, measured, contradiction)


def test_the_stated_share_decides_for_a_growth_goal_and_says_why():
    pace = measure("2023-H1", "2.0")
    assert pace.kind == "stated_share" and pace.achieved.text == "4.7%" and pace.stated_share.text.endswith("54%")
    assert "自述的年度完成比例" in pace.note


def test_a_narrower_margin_turns_yellow_red():
    first, record, p = REPORTS[("2023-H1", "86.0")]
    deadline = parse_deadline(first.deadline, p.year)
    narrow = assess(first.content, record.progress, "on_track", deadline, p.year, p.as_of, Thresholds(margin=2.0))
    assert (narrow.gap, narrow.signal, narrow.contradiction) == (2.5, "red", True)


def test_reported_behind_while_the_figures_say_done_is_a_contradiction():
    pace = assess("新建基站 100 个", "新建基站 120 个", "behind", parse_deadline("年底", 2023), 2023, date(2023, 6, 30))
    assert (pace.completion, pace.signal, pace.contradiction) == (1.2, "red", True)


def test_each_value_keeps_the_span_it_came_from():
    first, record, _ = REPORTS[("2023-H1", "86.0")]
    pace = measure("2023-H1", "86.0")
    assert first.content[pace.goal.figure.start : pace.goal.figure.end] == "1700 个以上"
    assert record.progress[pace.achieved.start : pace.achieved.end] == "807 个"


@pytest.mark.parametrize(
    ("cell", "percent"), [("84%", 84), ("84 ％", 84), ("0.84", 84), ("84", 84), ("110%", 110), ("约八成", None)]
)
def test_a_share_column_cell_reads_as_a_percentage_of_the_years_task(cell, percent):
    found = share_cell(cell)
    assert (found and float(found.value)) == percent and (found is None or found.start is None)
