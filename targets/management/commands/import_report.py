import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.errors import SourceError
from importers.save import import_progress_file


class Command(BaseCommand):
    help = "Import a progress table (工作推进情况一览表) from .txt (tab-separated), .csv or .xlsx."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--period", help="reporting period such as 2023-H1; read from the title by default")
        parser.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
        parser.add_argument("--publish", action="store_true", help="show the period on the public site")
        parser.add_argument("--user", default=getpass.getuser(), help="who imports (kept with the batch)")

    def handle(self, *args, file: Path, period: str | None, dry_run: bool, publish: bool, user: str, **options):
        try:
            summary = import_progress_file(file, period_code=period, imported_by=user, publish=publish, dry_run=dry_run)
        except SourceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(summary.line())
        for warning in summary.warnings:
            self.stdout.write(f"  warning: {warning}")
