from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.errors import SourceError
from importers.save_documents import import_task_notice_file


class Command(BaseCommand):
    help = "Import a key-task notice (重点工作任务) and link its tasks to the targets of its year."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            summary = import_task_notice_file(file)
        except SourceError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(summary.line())
        for warning in summary.warnings:
            self.stdout.write(f"  warning: {warning}")
