"""The suite runs on PostgreSQL too (make test runs it a second time with TEST_DATABASE_URL)."""

import os

import psycopg
import pytest
from django.db import connection

from tests.conftest import postgresql_url

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
