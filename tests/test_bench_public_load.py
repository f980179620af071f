"""benchmarks/public_load.py runs end to end (gunicorn, Datasette and wrk on a small data set) and
prints its figures (goals in the README)."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "public_load.py"
# Its script uses SQLite whatever DATABASE_URL says: it runs once, in the SQLite pass (the
# PostgreSQL pass, with the scale and import benchmarks, took a minute longer).
pytestmark = pytest.mark.database_independent
# A small data set and two of the pages, a second a run: the figures' lines, not their values.
COMMAND = [sys.executable, str(SCRIPT), "--years", "1", "--targets", "30", "--seconds", "1", "--workers", "2"]


@pytest.fixture
def wrk():
    if shutil.which("wrk") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI=true but wrk is missing: the load benchmark cannot run")
        pytest.skip("wrk is not installed: apt-get install wrk")


def test_the_benchmark_prints_rates_latencies_errors_and_ratios_for_every_page(wrk):
    output = subprocess.run(
        [*COMMAND, "--pages", "home,search JSON"],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout
    assert re.search(r"^[\d,]+ reports built in \d+ s; gunicorn 2 workers", output, re.M)
    assert re.search(r"^minimal Django view +[\d.]+ +[\d.]+ +[\d.]+ +0$", output, re.M)
    for page in ("home", "search JSON"):
        for mode in ("warm", "cold"):
            # Ours: rate, p50, p99, no error, share of the minimal view, times Datasette's rate.
            assert re.search(rf"^{page}, {mode} +[\d.]+ +[\d.]+ +[\d.]+ +0 +[\d.]+ +[\d.]+×$", output, re.M), (
                page,
                mode,
            )
            assert re.search(rf"^  Datasette {page}, {mode} +[\d.]+ +[\d.]+ +[\d.]+ +\d+$", output, re.M), (page, mode)
    # Search by words: 托位 (two characters) is beyond a trigram index; ours finds 2023 #88 and 2022 #78.
    assert re.search(r"^results found: 托位 ours 2, Datasette 0;", output, re.M)
    assert re.search(r"^goals: (all met|not met: .+)$", output, re.M)
    assert re.search(
        r"^search CSV download: [\d,]+ rows in [\d.]+ s; peak memory of a web worker \d+ MiB before", output, re.M
    )
