"""benchmarks/scale.py builds a small province on PostgreSQL end to end and prints its figures
(the full size's are in README's "Speed"). It runs in a database of its own, made afresh and
dropped: TEST_DATABASE_URL's name with `_scale_test` added."""

import re
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import postgresql_url

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "scale.py"
HOW_TO = (
    "PostgreSQL is not configured: install it (apt-get install postgresql), create a role that may create "
    "databases, then run `TEST_DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/DB make test` (see README)"
)
COUNTY_PAGES = [
    "county overview",
    "county period",
    "county period filtered+sorted",
    "county leader",
    "county unit",
    "county target",
]
PAGES = [*COUNTY_PAGES, "province comparison", "city comparison"]
NUMBER = r"[\d,]+(?:\.\d+)?"
# Its database is its own, whichever the suite runs on: it runs once (two passes at once would
# make and drop the same database), in the PostgreSQL pass, which has time to spare beside the
# SQLite pass's browsers.
pytestmark = pytest.mark.postgresql_own_database


@pytest.fixture
def scale_database():
    url = postgresql_url(HOW_TO, "the scale benchmark would not run")
    base, _, name = url.rpartition("/")
    yield f"{base}/{name}_scale_test"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}_scale_test"')


def run_scale(*args: str) -> subprocess.CompletedProcess:
    # The timeout only stops a hung run: alone it takes ~25 s, but beside both passes' workers on two
    # cores it has taken over 120 s.
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600)


def lines(pattern: str, output: str) -> list[re.Match]:
    return list(re.finditer(pattern, output, re.M))


def test_a_small_province_prints_its_build_size_pages_plans_and_goals(scale_database):
    done = run_scale("--database-url", scale_database, "--reset", "--reports", "3000", "--requests", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    output = done.stdout
    assert re.search(
        r"^scale: PostgreSQL \d+, 153 organisations .*; 3,000 reports asked, first stage 300;", output, re.M
    )
    stages = lines(rf"^stage [12]: ({NUMBER}) reports in the database \(caoxian 曹县: ({NUMBER}) of them\)$", output)
    assert len(stages) == 2
    # The measured county is whole in the first stage: its pages show the same data at both sizes.
    assert stages[0][2] == stages[1][2] != "0"
    assert int(stages[1][1].replace(",", "")) >= 2000
    assert len(lines(rf"^  build: {NUMBER} rows by COPY in {NUMBER} s, {NUMBER} rows/s", output)) == 2
    imports = rf"^  import: \S+ \S+ 2025, 4 tables of {NUMBER} rows in all, through the import service beside {NUMBER} reports: {NUMBER} s"
    assert len(lines(imports, output)) == 2
    assert len(lines(rf"^  size: database {NUMBER} MiB, {NUMBER} MiB per million reports", output)) == 2
    for page in PAGES:
        timed = rf"^  {re.escape(page)} +{NUMBER} +{NUMBER} +{NUMBER} +{NUMBER} +\d+ \(\d+ on reports\)$"
        assert len(lines(timed, output)) == 2, page
        ratio = (
            rf"^  {re.escape(page)} +uncached +{NUMBER} → +{NUMBER} ×{NUMBER};  cached +{NUMBER} → +{NUMBER} ×{NUMBER}$"
        )
        assert len(lines(ratio, output)) == 1, page
    plans = re.search(r"^plans at full size: (\d+) queries read targets_progressreport", output, re.M)
    assert plans and int(plans[1]) > 0
    assert len(lines(r"^plan: .+ #\d+, [\d.]+ ms", output)) == int(plans[1])
    goals = lines(r"^goal: .+: (met|NOT met)", output)
    assert len(goals) == 2 * len(COUNTY_PAGES) + 2 + 1


def test_sqlite_is_refused_in_one_line():
    done = run_scale("--database-url", "sqlite:///tmp/scale.sqlite3", "--reports", "10")
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [done.stderr.strip()]
    assert "PostgreSQL only, SQLite is not supported" in done.stderr


def test_a_database_not_named_for_benchmarks_is_refused_before_anything_is_written():
    done = run_scale("--database-url", "postgres://nobody:nothing@127.0.0.1:1/heze_targets", "--reports", "10")
    assert done.returncode != 0
    assert (
        done.stderr.strip()
        == "scale.py: builds only in a database whose name holds 'scale' or 'bench' (not 'heze_targets')"
    )
