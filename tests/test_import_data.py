"""`manage.py import_data`: a JSON export read back into an empty organisation gives the same export."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from targets.models import ProgressReport, ReportingPeriod
from tests.conftest import FIXTURES, PROGRESS_FIXTURES, import_report

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = StringIO()
    call_command("export_data", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def copy_organisation(db):
    call_command("add_organisation", "copy", "副本", "--level", "city", stdout=StringIO())
    return "copy"


def import_documents() -> None:
    call_command("import_work_report", str(FIXTURES / "work-report-2022-12-27-abstract.txt"), stdout=StringIO())
    call_command(
        "import_task_notice", str(FIXTURES / "key-tasks-notice-2023-13-green-low-carbon.txt"), stdout=StringIO()
    )


def test_the_export_of_every_seed_loaded_into_another_organisation_exports_byte_for_byte(copy_organisation, tmp_path):
    import_report("--publish", *PROGRESS_FIXTURES)
    import_documents()
    original = tmp_path / "export.json"
    original.write_text(export(), encoding="utf-8")
    out = StringIO()
    call_command("import_data", str(original), "--org", copy_organisation, stdout=out)
    assert out.getvalue().strip() == (
        "export.json → copy: 3 periods, 304 targets, 319 reports, 1 work reports, 1 notices"
    )
    assert export("--org", copy_organisation) == original.read_text(encoding="utf-8")
    # Measured again from the texts, the copy's signals are the original's.
    copied = ProgressReport.objects.filter(period__organisation__code=copy_organisation)
    assert (
        copied.filter(pace__signal="green").count()
        == ProgressReport.objects.filter(period__organisation__code="heze", pace__signal="green").count()
    )


def test_an_organisation_that_holds_data_is_refused_and_keeps_it(tmp_path):
    import_report(*PROGRESS_FIXTURES)
    original = tmp_path / "export.json"
    original.write_text(export(), encoding="utf-8")
    with pytest.raises(CommandError, match=r"^export.json: heze already holds data: load an export into an empty one$"):
        call_command("import_data", str(original), stdout=StringIO())
    assert ReportingPeriod.objects.count() == 3


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", r"not JSON: Expecting property name"),
        ("[1, 2]", r"not an export of this project: the top level is no object"),
        ('{"periods": []}', r"not an export of this project: KeyError 'targets'"),
    ],
)
def test_a_file_that_is_no_export_gets_one_line_and_writes_nothing(copy_organisation, tmp_path, content, problem):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=problem) as error:
        call_command("import_data", str(bad), "--org", copy_organisation, stdout=StringIO())
    assert "\n" not in str(error.value) and "bad.json" in str(error.value)
    assert not ReportingPeriod.objects.exists()


def test_a_report_naming_a_period_the_export_lacks_writes_nothing(copy_organisation, tmp_path):
    import_report(*PROGRESS_FIXTURES)
    data = json.loads(export())
    data["periods"] = data["periods"][:1]  # the reports of the two others name periods now missing
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CommandError, match=r"^broken.json: not an export of this project: KeyError '2022-Q3'$"):
        call_command("import_data", str(broken), "--org", copy_organisation, stdout=StringIO())
    assert not ReportingPeriod.objects.filter(organisation__code=copy_organisation).exists()
