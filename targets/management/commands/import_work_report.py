from targets.imports import import_work_report_file
from targets.management.document_command import DocumentImportCommand


class Command(DocumentImportCommand):
    help = "Import a government work report (政府工作报告) and link the targets of its year to its sentences."
    import_file = staticmethod(import_work_report_file)
