from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from targets.synthetic import generate

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


@pytest.fixture
def official_client(client, db):
    """A client logged in as a member of the officials group."""
    user = User.objects.create_user("official", password="a-long-password-123")
    user.groups.add(Group.objects.get(name=settings.OFFICIALS_GROUP))
    client.force_login(user)
    return client


def grow_tenfold() -> int:
    """About ten times the reports of the three progress fixtures (319): 4 years × 4 periods ×
    200 targets, led by leaders and units the fixtures have, so their pages grow too."""
    return generate(
        range(2030, 2034),
        200,
        leaders=["王昌华", "聂元科", "肖友华"],
        units=["市工业和信息化局", "市发展改革委", "市交通运输局"],
    )


def assert_queries_do_not_grow(client, url: str, django_assert_max_num_queries) -> None:
    """The page runs as many queries on the fixtures as on ten times the data."""
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow_tenfold()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
