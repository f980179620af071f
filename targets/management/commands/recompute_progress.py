from django.core.management.base import BaseCommand, CommandError

from targets.measuring import recompute_pace
from targets.models import ProgressReport, ReportingPeriod


class Command(BaseCommand):
    help = "Measure every progress report again: goals, achieved figures, completion, pace and signals."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="only this period, e.g. 2023-H1")

    def handle(self, *args, period: str | None, **options):
        reports = ProgressReport.objects.all()
        if period:
            if not ReportingPeriod.objects.filter(code=period).exists():
                raise CommandError(f"unknown period {period!r}")
            reports = reports.filter(period__code=period)
        self.stdout.write(f"measured {recompute_pace(reports)} reports")
