"""`/units/<name>/`: a unit's targets over the published periods."""

import pytest

from tests.conftest import assert_queries_do_not_grow, page_text, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def test_it_shows_the_units_published_reports(client, imported_fixtures):
    response = client.get("/units/市工业和信息化局/")
    assert "市工业和信息化局负责的责任目标" in page_text(response)
    assert "86" in [row[0] for row in table_rows(response, "序号")]


def test_an_unknown_unit_is_not_found(client, imported_fixtures):
    assert client.get("/units/无此单位/").status_code == 404


def test_its_queries_do_not_grow_with_the_data(client, imported_fixtures, django_assert_max_num_queries):
    assert_queries_do_not_grow(client, "/units/市工业和信息化局/", django_assert_max_num_queries)
