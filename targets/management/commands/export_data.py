from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from targets.export import write_csv, write_json, write_xlsx
from targets.management.organisation_option import add_organisation_option, organisation_named
from targets.models import ReportingPeriod


class Command(BaseCommand):
    help = "Export periods, targets and progress reports as JSON, CSV (one row per report) or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
        parser.add_argument("--period", help="only this period, e.g. 2023-H1")
        parser.add_argument("-o", "--output", type=Path, help="file to write; standard output by default")
        add_organisation_option(parser)

    def handle(self, *args, format: str, period: str | None, output: Path | None, org: str | None, **options):
        organisation = organisation_named(org)
        periods = ReportingPeriod.objects.of(organisation)
        if period and not periods.filter(code=period).exists():
            known = ", ".join(periods.values_list("code", flat=True)) or "none imported yet"
            raise CommandError(f"unknown period {period!r} (known: {known})")
        if format == "xlsx":
            if output is None:
                raise CommandError("--format xlsx needs -o FILE")
            write_xlsx(output, organisation, period)
        elif output is None:
            self.stdout.ending = ""  # the writers end their own lines
            (write_json if format == "json" else write_csv)(self.stdout, organisation, period)
        else:
            encoding = "utf-8-sig" if format == "csv" else "utf-8"
            with output.open("w", encoding=encoding, newline="") as out:
                (write_json if format == "json" else write_csv)(out, organisation, period)
        if output is not None:
            self.stderr.write(f"wrote {output}")
