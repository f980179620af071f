"""A report table's leader and unit links lead to the pages of the table's organisation, on the
site the table is drawn for; each address is worked out once per table, however often it recurs."""

import pytest
from django.test import RequestFactory

from dashboard.tables import ReportTable
from heze_targets.organisation_urls import organisation_reverse
from targets.models import ProgressReport
from tests.conftest import links

pytestmark = pytest.mark.django_db


def drawn(organisation, site: str) -> tuple[ReportTable, list[tuple[str, str]]]:
    reports = ProgressReport.objects.filter(period__organisation=organisation).for_table()
    table = ReportTable(reports, organisation=organisation, site=site)
    table.paginate(per_page=50)

    class Page:  # the shape `links` reads: a page's HTML
        content = table.as_html(RequestFactory().get("/")).encode()

    return table, links(Page)


@pytest.mark.parametrize("code, site", [("heze", "public"), ("heze", "dashboard"), ("juye", "public")])
def test_leader_and_unit_links_are_the_organisations_pages_each_worked_out_once(city_and_counties, code, site):
    organisation = city_and_counties[code]
    table, found = drawn(organisation, site)
    expected = {}
    for report in table.paginated_rows.data:
        if report.leader:
            expected[report.leader.name] = organisation_reverse(
                f"{site}:leader-detail", organisation, report.leader.name
            )
        for report_unit in report.report_units.all():
            unit = report_unit.unit.name
            expected[unit] = organisation_reverse(f"{site}:unit-detail", organisation, unit)
    assert expected and {href for _text, href in found} >= set(expected.values())
    assert len(table._page_urls) == len(set(expected.values()))  # one reversal per address
