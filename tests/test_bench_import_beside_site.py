"""benchmarks/bench_import_beside_site.py runs end to end and prints its figures (goals in the README)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_import_beside_site.py"

# The benchmark makes SQLite databases of its own, whatever the suite runs on.
pytestmark = pytest.mark.database_independent


def test_the_benchmark_prints_the_lock_time_the_logins_and_the_import_into_history():
    output = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "300", "--years", "1"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    assert re.search(r"^history \(SQLite\): 213-row import into 4,000 reports over 1 years: [\d.]+ s", output, re.M)
    assert re.search(r"ratio [\d.]+$", output, re.M)
    assert re.search(r"^lock: import of 300 rows \(analysed and linked\) in [\d.]+ s, SQLite", output, re.M)
    assert re.search(r"^  write lock held [\d.]+ s", output, re.M)
    assert re.search(r"^  \d+ logins meanwhile, 0 failed: median [\d.]+ s, slowest [\d.]+ s", output, re.M)
