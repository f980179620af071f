from targets.imports import import_task_notice_file
from targets.management.document_command import DocumentImportCommand


class Command(DocumentImportCommand):
    help = "Import a key-task notice (重点工作任务) and link its tasks to the targets of its year."
    import_file = staticmethod(import_task_notice_file)
