"""targets.snapshots: an organisation's data kept and put back with the very rows it had, and
nothing of another organisation touched."""

from io import StringIO

import pytest
from django.apps import apps
from django.db import transaction

from targets.export import write_json
from targets.models import Organisation
from targets.snapshots import REBUILT_AFTER_RESTORE, SNAPSHOT_TABLES, restore_snapshot, take_snapshot
from tests.conftest import PROGRESS_2022_Q3, import_report

pytestmark = pytest.mark.django_db


def exported(organisation: Organisation) -> str:
    out = StringIO()
    write_json(out, organisation)
    return out.getvalue()


def test_every_table_of_an_organisations_data_is_in_the_snapshot():
    owned = {Organisation}
    models = list(apps.get_app_config("targets").get_models())
    while True:
        found = {
            model
            for model in models
            if any(field.is_relation and field.related_model in owned for field in model._meta.concrete_fields)
        }
        if found <= owned:
            break
        owned |= found
    kept = {model for model, _path in SNAPSHOT_TABLES} | set(REBUILT_AFTER_RESTORE)
    assert owned - kept == {Organisation, apps.get_model("targets", "DataVersion")}


def test_restoring_a_countys_snapshot_leaves_the_city_as_it_is(city_and_counties):
    county, city = city_and_counties["dingtao"], city_and_counties["heze"]
    county_before, snapshot = exported(county), take_snapshot(county)
    import_report("--publish", "--org", "dingtao", PROGRESS_2022_Q3)
    import_report("--period", "2022-FY", PROGRESS_2022_Q3)  # the city's, after the snapshot
    city_now = exported(city)
    with transaction.atomic():
        restore_snapshot(county, snapshot)
    assert exported(county) == county_before and exported(city) == city_now
