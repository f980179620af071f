"""An import beside the site: readers see the data as it was until the import commits, a login
during an import succeeds, and a second import waits its turn or says in one line why not."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection, connections
from django.test import Client

from targets.imports import import_progress_file
from targets.models import ProgressReport, Target
from tests.conftest import PROGRESS_2022_Q3, PROGRESS_2023_H1, import_report, in_own_thread

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parent.parent
WAIT = 60


class PausedImport(threading.Thread):
    """An import in its own thread (so on its own database connection) that stops once it has
    written every row, inside its transaction, until `resume` is called."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.path, self.written, self.go_on = path, threading.Event(), threading.Event()
        self.summary, self.error = None, None

    def on_phase(self, phase: str) -> None:
        if phase == "written":
            self.written.set()
            self.go_on.wait(WAIT)

    def run(self) -> None:
        try:
            self.summary = import_progress_file(self.path, on_phase=self.on_phase)
        except Exception as error:  # reported to the test, which fails on it
            self.error = error
        finally:
            connection.close()

    def resume(self) -> None:
        self.go_on.set()
        self.join(WAIT)
        assert self.error is None and not self.is_alive()


def corrected_2023_table(tmp_path: Path) -> Path:
    text = PROGRESS_2023_H1.read_text(encoding="utf-8").replace(
        "新建并开通 5G 基站 1700 个以上", "新建并开通 5G 基站 1800 个以上"
    )
    path = tmp_path / PROGRESS_2023_H1.name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reader_sees_the_data_as_it_was_until_the_import_commits(tmp_path):
    import_report(PROGRESS_2023_H1)
    running = PausedImport(corrected_2023_table(tmp_path))
    running.start()
    assert running.written.wait(WAIT)
    assert "1700 个以上" in Target.objects.get(year=2023, seq=86).content
    running.resume()
    assert "1800 个以上" in Target.objects.get(year=2023, seq=86).content
    assert running.summary.updated >= 1


def test_a_login_during_an_import_succeeds(tmp_path):
    user = User.objects.create_user("official", password="a-long-password-123")
    user.groups.add(Group.objects.get_or_create(name=settings.OFFICIALS_GROUP)[0])  # a flush may have removed it
    running = PausedImport(PROGRESS_2023_H1)
    running.start()
    assert running.written.wait(WAIT)
    answers = []
    login = in_own_thread(
        lambda: answers.append(
            Client().post("/accounts/login/", {"username": "official", "password": "a-long-password-123"}).status_code
        )
    )
    login.join(2)
    if connection.vendor == "postgresql":
        assert answers == [302]  # nothing waits for an import on PostgreSQL
    running.resume()
    login.join(WAIT)
    assert answers == [302]


def test_a_second_import_waits_for_the_first_and_then_lands(tmp_path):
    first = PausedImport(PROGRESS_2023_H1)
    first.start()
    assert first.written.wait(WAIT)
    second = []
    waiting = in_own_thread(lambda: second.append(import_progress_file(PROGRESS_2022_Q3)))
    waiting.join(1)
    assert second == []  # still waiting for the first import's lock
    first.resume()
    waiting.join(WAIT)
    assert second[0].new == 50 and first.summary.new == 213
    assert ProgressReport.objects.filter(period__code="2022-Q3").count() == 50


def manage_py(*args: str, **env: str) -> subprocess.CompletedProcess:
    database = connections["default"].settings_dict
    if connection.vendor == "sqlite":
        env |= {"SQLITE_PATH": database["NAME"], "DATABASE_URL": ""}
    else:
        host = f"{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT'] or 5432}"
        env |= {"DATABASE_URL": f"postgres://{host}/{database['NAME']}"}
    env = {**os.environ, "DJANGO_DEBUG": "1", **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=WAIT
    )


def test_an_import_that_waits_too_long_says_so_in_one_line_and_writes_nothing():
    first = PausedImport(PROGRESS_2023_H1)
    first.start()
    assert first.written.wait(WAIT)
    try:
        result = manage_py("import_report", str(PROGRESS_2022_Q3), DJANGO_WRITE_WAIT_SECONDS="1")
    finally:
        first.resume()
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        "CommandError: progress-report-2022-Q3-extract-targets-39-86.txt: another import held the database "
        "for over 1 s; nothing was written, try again"
    ]
    assert not Target.objects.filter(year=2022).exists()
