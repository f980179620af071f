"""`manage.py build_open_data [--org CODE]`: the open-data files of every organisation (or one)
built from their published data, for `make setup` and deployments; files already current are left."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client

from targets import open_data
from targets.management.commands.build_open_data import Command
from targets.models import OpenDataRelease
from tests.conftest import PROGRESS_2023_H1, import_report

pytestmark = pytest.mark.django_db


def build(*args: str) -> list[str]:
    out = StringIO()
    call_command("build_open_data", *args, stdout=out)
    return out.getvalue().splitlines()


def test_every_organisation_gets_its_files_and_a_line_saying_what_was_built(city_and_counties):
    lines = build()
    assert len(lines) == 3 and lines[0].startswith("dingtao: built 9 files from data version ")
    assert lines[1].endswith("(2023-H1 to 2023-H1)") and lines[2].startswith("juye: built 9 files")
    assert Client().get("/o/juye/data/juye-reports.csv").status_code == 200


def test_a_second_run_finds_every_organisation_up_to_date_and_writes_nothing(city_and_counties):
    build()
    builds = list(OpenDataRelease.objects.values_list("pk", "built_at"))
    assert build() == ["dingtao: up to date", "heze: up to date", "juye: up to date"]
    assert list(OpenDataRelease.objects.values_list("pk", "built_at")) == builds


def test_org_builds_that_organisation_alone(city_and_counties):
    assert build("--org", "juye")[0].startswith("juye: built 9 files")
    assert list(OpenDataRelease.objects.values_list("organisation__code", flat=True)) == ["juye"]


def test_an_organisation_without_a_published_period_gets_empty_tables(db):
    import_report(PROGRESS_2023_H1)  # not published
    (line,) = build()
    assert line.startswith("heze: built 9 files") and line.endswith("(no published period)")
    reports = b"".join(Client().get("/data/heze-reports.csv").streaming_content).decode("utf-8-sig")
    assert reports.splitlines()[0].startswith("period,year,seq,position,") and len(reports.splitlines()) == 1


def test_new_code_builds_the_files_again(city_and_counties, monkeypatch):
    build("--org", "heze")
    monkeypatch.setattr(open_data, "release", lambda: "a-new-release")
    assert build("--org", "heze")[0].startswith("heze: built 9 files")


def test_an_unknown_organisation_is_one_line_and_a_failing_exit(db, capsys, monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # as manage.py ends; the test goes on
    with pytest.raises(SystemExit) as stopped:
        Command().run_from_argv(["manage.py", "build_open_data", "--org", "nosuch"])
    assert stopped.value.code == 1
    assert capsys.readouterr().err.splitlines() == ["CommandError: unknown organisation 'nosuch' (known: heze)"]
    assert not OpenDataRelease.objects.exists()
