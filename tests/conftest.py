from pathlib import Path

import pytest
from django.core.management import call_command

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PROGRESS_2023_H1 = FIXTURES / "progress-report-2023-H1.txt"
PROGRESS_2022_Q3 = FIXTURES / "progress-report-2022-Q3-extract-targets-39-86.txt"
PROGRESS_2020_H1 = FIXTURES / "progress-report-2020-H1-extract-targets-1-57.txt"
PROGRESS_FIXTURES = [PROGRESS_2023_H1, PROGRESS_2022_Q3, PROGRESS_2020_H1]

HEADER = "序号\t市政府领导\t责任目标内容\t完成时限\t推进情况\t是否按计划完成进度\t责任单位"


def write_table(
    path: Path, rows: list[str], title: str = "菏泽市人民政府2024年经济社会发展责任目标上半年工作推进情况一览表"
):
    """A small progress table in the seeds' format: a title line, a header, tab-separated rows."""
    path.write_text("\n".join([title, "", HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def import_report(*args: object) -> None:
    call_command("import_report", *[str(arg) for arg in args])


@pytest.fixture
def imported_fixtures(db):
    import_report("--publish", *PROGRESS_FIXTURES)
