"""A report table reads a page of its list in a fixed number of queries, the rows in the list's
order, ties broken the same way on every page: a page that holds the whole list in one query, a
page of a longer list by its keys first (dashboard.tables.RowsByKey)."""

import math

import pytest

from dashboard.tables import ReportTable
from targets.models import Organisation, ProgressReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]
PER_PAGE = 7


def page_of(reports, page: int, per_page: int, django_assert_num_queries, queries: int) -> list[int]:
    table = ReportTable(reports, organisation=Organisation.objects.default(), site="public")
    with django_assert_num_queries(queries):
        table.paginate(page=page, per_page=per_page)
        return [row.record.pk for row in table.paginated_rows]


@pytest.mark.parametrize("order", ["-period__as_of", "-pace__completion", "leader__name", "-status"])
def test_a_page_holding_the_whole_list_has_its_rows_in_the_order_of_its_pages(
    imported_fixtures, django_assert_num_queries, order
):
    reports = ProgressReport.objects.filter(leader__name="王昌华").for_table().order_by(order)
    count = reports.count()
    assert count > 3 * PER_PAGE
    # the count, the rows, their units
    whole = page_of(reports, 1, count, django_assert_num_queries, 3)
    assert page_of(reports, 1, count + 10, django_assert_num_queries, 3) == whole
    # the count, the page's keys, their rows, their units
    pages = [page_of(reports, n, PER_PAGE, django_assert_num_queries, 4) for n in range(1, math.ceil(count / 7) + 1)]
    assert [pk for page in pages for pk in page] == whole
    assert sorted(whole) == sorted(reports.values_list("pk", flat=True))
