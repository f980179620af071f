"""A target's deadline kinds worked out in Python (`deadline_kinds_of`, which the facets count
with) are those its filter finds in the database (`DEADLINE_CONDITIONS`), on both databases."""

from datetime import date

import pytest

from dashboard.filters import DEADLINE_CONDITIONS, deadline_kinds_of
from targets.models import Organisation, ProgressReport, Target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]
DEADLINES = [
    (date(2023, 12, 31), False),
    (date(2023, 6, 30), False),
    (None, True),
    (None, False),
    (date(2024, 12, 31), True),
]


def test_each_deadline_has_the_kinds_its_filters_find(imported_fixtures):
    organisation, period = Organisation.objects.default(), ProgressReport.objects.first().period
    for seq, (due_date, ongoing) in enumerate(DEADLINES, start=900):
        target = Target.objects.create(
            organisation=organisation, year=2023, seq=seq, content="…", due_date=due_date, ongoing=ongoing
        )
        ProgressReport.objects.create(target=target, period=period, batch=ProgressReport.objects.first().batch)
    found = {
        kind: set(ProgressReport.objects.filter(condition).values_list("pk", flat=True))
        for kind, condition in DEADLINE_CONDITIONS.items()
    }
    reports = ProgressReport.objects.select_related("target")
    assert len({(r.target.due_date is None, r.target.ongoing) for r in reports}) == 4  # every case
    for report in reports:
        kinds = deadline_kinds_of(report.target.due_date, report.target.ongoing)
        assert kinds == [kind for kind in DEADLINE_CONDITIONS if report.pk in found[kind]], report.target
