from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.errors import SourceError
from targets.management.organisation_option import add_organisation_option, organisation_named


class DocumentImportCommand(BaseCommand):
    """`manage.py import_… FILE [--force]` for one document kind: set `import_file`."""

    @staticmethod
    def import_file(path: Path, force: bool, organisation):
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--force", action="store_true", help="import again even if the file is unchanged")
        add_organisation_option(parser)

    def handle(self, *args, file: Path, force: bool, org: str | None, **options):
        organisation = organisation_named(org)
        try:
            summary = self.import_file(file, force=force, organisation=organisation)
        except SourceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(summary.line())
        for warning in summary.warnings:
            self.stdout.write(f"  warning: {warning}")
