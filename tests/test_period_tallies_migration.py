"""Migrating a database filled before the per-period tallies existed fills the tallies of each of
its periods, equal to a fresh roll-up of its reports. In a file of its own: it runs in a
transaction of its own, which test_period_tallies's module-wide import cannot hold."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from targets.models import Organisation
from tests.conftest import PROGRESS_FIXTURES, assert_tallies_match_a_fresh_aggregate, import_report


@pytest.mark.django_db(transaction=True)
def test_migrating_an_existing_database_fills_the_tallies_of_its_periods():
    # A transactional test before this one may have emptied the tables, the default organisation's too.
    Organisation.objects.get_or_create(
        code=settings.DEFAULT_ORGANISATION_CODE, defaults={"name": "菏泽市", "level": "city"}
    )
    import_report("--publish", *PROGRESS_FIXTURES)
    executor = MigrationExecutor(connection)
    executor.migrate([("targets", "0013_organisation_required")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert_tallies_match_a_fresh_aggregate()
