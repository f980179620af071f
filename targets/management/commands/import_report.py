import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.errors import SourceError
from targets.imports import import_progress_file
from targets.management.organisation_option import add_organisation_option, organisation_named


class Command(BaseCommand):
    help = "Import progress tables (工作推进情况一览表) from .txt (tab-separated), .csv or .xlsx; one period per file."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--period", help="reporting period such as 2023-H1; read from the title by default")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--publish", action="store_true", help="show the period on the public site")
        parser.add_argument("--user", default=getpass.getuser(), help="who imports (kept with the batch)")
        add_organisation_option(parser)

    def handle(self, *args, files: list[Path], period: str | None, org: str | None, **options):
        if period and len(files) > 1:
            raise CommandError("--period applies to one file; import the files one at a time")
        organisation = organisation_named(org)
        publish, dry_run, user = options["publish"], options["dry_run"], options["user"]
        failures = []
        for file in files:
            # Each file is its own transaction: a bad file writes nothing, the good ones land.
            try:
                summary = import_progress_file(
                    file,
                    organisation=organisation,
                    period_code=period,
                    imported_by=user,
                    publish=publish,
                    dry_run=dry_run,
                )
            except SourceError as error:
                if len(files) == 1:
                    raise CommandError(str(error)) from None
                failures.append(str(error))
                self.stderr.write(f"error: {error}")
                continue
            self.stdout.write(summary.line())
            for warning in summary.warnings:
                self.stdout.write(f"  warning: {warning}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(files)} files failed to import")
