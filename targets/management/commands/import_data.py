import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.errors import SourceError
from targets.export_loader import load_export
from targets.management.organisation_option import add_organisation_option, organisation_named


class Command(BaseCommand):
    help = "Load a JSON export (export_data --format json) into an organisation that holds no data yet."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the JSON file export_data wrote")
        add_organisation_option(parser)

    def handle(self, *args, file: Path, org: str | None, **options):
        organisation = organisation_named(org)
        try:
            raw = file.read_bytes()
            data = json.loads(raw)
        except OSError as error:
            raise CommandError(f"{file}: cannot read it: {error.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(f"{file}: not JSON: {error}") from None
        if not isinstance(data, dict):
            raise CommandError(f"{file}: not an export of this project: the top level is no object")
        try:
            summary = load_export(data, organisation, file.name, raw)
        except SourceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"{file.name} → {organisation.code}: {summary.periods} periods, {summary.targets} targets, "
            f"{summary.reports} reports, {summary.work_reports} work reports, {summary.task_notices} notices"
        )
