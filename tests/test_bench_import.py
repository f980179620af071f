"""benchmarks/bench_import.py runs end to end and prints its figures (speed goals live in the README)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_import.py"

# The benchmark makes SQLite databases of its own, whatever the suite runs on.
# Its script uses SQLite whatever DATABASE_URL says: it runs in the PostgreSQL pass, which has time to spare.
pytestmark = [pytest.mark.database_independent, pytest.mark.in_postgresql_pass]


def test_the_benchmark_prints_rate_ratio_memory_and_the_office_formats():
    output = subprocess.run(
        [sys.executable, str(SCRIPT), "--rows", "300"], check=True, capture_output=True, text=True, timeout=300
    ).stdout
    assert re.search(r"^rows: 300 report rows", output, re.M)
    assert re.search(r"^import: [\d.]+ s = [\d,]+ rows/s", output, re.M)
    assert re.search(r"^ratio import/floor: [\d.]+", output, re.M)
    assert re.search(r"^memory grown during import: \d+ MiB for 300 rows, \d+ MiB for 30 rows", output, re.M)
    for table_format in ("xlsx", "docx"):
        assert re.search(rf"^import of the same table as \.{table_format}: [\d.]+ s = [\d,]+ rows/s", output, re.M)
    assert re.search(
        r"^reading the \.xlsx with its merged ranges: python-calamine [\d.]+ s .* openpyxl [\d.]+ s", output, re.M
    )
