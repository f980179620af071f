"""The suite runs on PostgreSQL too (make test runs it a second time with TEST_DATABASE_URL)."""

import os

import psycopg
import pytest
from django.db import connection

from targets.imports import import_progress_file
from targets.models import Target
from tests.conftest import postgresql_url, write_table

HOW_TO = (
    "PostgreSQL is not configured: install it (apt-get install postgresql), create a role and database, "
    "then run `TEST_DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/DB make test` (see README)"
)


def test_postgresql_is_reachable_for_the_second_run():
    url = postgresql_url(HOW_TO, "the PostgreSQL run would be missing")
    with psycopg.connect(url, connect_timeout=10) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0]
    assert int(version.split(".")[0]) >= 13


@pytest.mark.django_db
def test_the_database_in_use_is_the_one_asked_for():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
def test_a_large_import_refreshes_the_planners_statistics_inside_its_transaction(tmp_path):
    rows = [
        f"{seq}\t张三\t新建农村公路 {seq} 公里\t年底\t已新建 {seq // 2} 公里\t是\t市交通运输局"
        for seq in range(1, 5001)
    ]
    import_progress_file(write_table(tmp_path / "large.txt", rows))  # not conftest's helper, which analyses after
    assert Target.objects.count() == 5000
    if connection.vendor == "postgresql":  # the test's transaction is still open: only the import's ANALYZE counted
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'targets_target'")
            assert cursor.fetchone()[0] >= 5000
