from django.core.management.base import BaseCommand, CommandError

from targets.management.organisation_option import add_organisation_option, organisation_named
from targets.measuring import recompute_pace
from targets.models import ProgressReport, ReportingPeriod


class Command(BaseCommand):
    help = "Measure every progress report again: goals, achieved figures, completion, pace and signals."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="only this period, e.g. 2023-H1")
        add_organisation_option(parser)

    def handle(self, *args, period: str | None, org: str | None, **options):
        organisation = organisation_named(org)
        reports = ProgressReport.objects.of(organisation)
        if period:
            if not ReportingPeriod.objects.of(organisation).filter(code=period).exists():
                raise CommandError(f"unknown period {period!r} of {organisation.code}")
            reports = reports.filter(period__code=period)
        self.stdout.write(f"measured {recompute_pace(reports, organisation)} reports")
