"""benchmarks/pages.py runs end to end and prints each page's time, ratio and queries (goals in the README)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "pages.py"
# The benchmark makes a SQLite database of its own, whatever the suite runs on.
pytestmark = pytest.mark.database_independent


def test_the_benchmark_prints_every_page_with_its_time_ratio_and_queries():
    output = subprocess.run(
        [sys.executable, str(SCRIPT), "--years", "2", "--targets", "30", "--requests", "3"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    assert re.search(r"^sqlite: 240 reports built in \d+ s; 3 requests a page$", output, re.M)
    rows = re.findall(r"^([a-z +]+?)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+(\d+)$", output, re.M)
    pages = {name: int(queries) for name, queries in rows}
    assert {"overview", "period", "target", "notice", "work report review", "work report promises"} <= set(pages)
    assert all(0 < queries <= 30 for queries in pages.values()), pages
