"""`manage.py migrate` alone prepares a fresh database, the database cache's table included
(`make setup` no longer runs `createcachetable`)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROGRESS_2023_H1

# Its database is a SQLite file of its own, whichever database the pass runs on.
pytestmark = pytest.mark.database_independent
ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_an_import_right_after_migrate_on_a_fresh_database_succeeds(tmp_path):
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env |= {"DJANGO_DEBUG": "1", "SQLITE_PATH": str(tmp_path / "fresh.sqlite3")}
    migrated = manage("migrate", "--noinput", "-v", "0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    imported = manage("import_report", str(PROGRESS_2023_H1), env=env)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "django_cache" not in imported.stderr
    assert "213 new" in imported.stdout
