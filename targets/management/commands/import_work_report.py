from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.errors import SourceError
from importers.save_documents import import_work_report_file


class Command(BaseCommand):
    help = "Import a government work report (政府工作报告) and link the targets of its year to its sentences."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            summary = import_work_report_file(file)
        except SourceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(summary.line())
        for warning in summary.warnings:
            self.stdout.write(f"  warning: {warning}")
