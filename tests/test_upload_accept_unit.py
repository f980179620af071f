"""`/dashboard/imports/<id>/units/`: a new unit spelling of the preview accepted as another name of
an existing unit; a unit of that name an earlier import made for review is merged into it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from targets.models import ProgressReport, Unit, UnitAlias
from tests.conftest import PROGRESS_2023_H1, import_report
from uploads.models import Upload

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"
MISSPELT, RIGHT = "市发展改草委", "市发展改革委"


@pytest.fixture
def misspelt(tmp_path):
    path = tmp_path / "2023-H1-misspelt.txt"
    path.write_text(PROGRESS_2023_H1.read_text(encoding="utf-8").replace(RIGHT, MISSPELT), encoding="utf-8")
    return path


def uploaded(client, path) -> Upload:
    client.post(URL, {"file": SimpleUploadedFile(path.name, path.read_bytes()), "kind": "progress"})
    return Upload.objects.latest("pk")


def reports_of(name: str) -> int:
    return ProgressReport.objects.filter(report_units__unit__name=name).count()


def test_an_accepted_spelling_imports_under_the_existing_unit(importer_client, misspelt):
    import_report("--period", "2022-H1", PROGRESS_2023_H1)  # the right spelling, known from another period
    before = reports_of(RIGHT)
    upload = uploaded(importer_client, misspelt)
    assert upload.preview["new_units"][MISSPELT][0] == RIGHT
    response = importer_client.post(f"{URL}{upload.pk}/units/", {"spelling": MISSPELT, "unit": RIGHT})
    upload.refresh_from_db()
    assert response.status_code == 302 and MISSPELT not in upload.preview["new_units"]
    assert UnitAlias.objects.get(spelling=MISSPELT).unit.name == RIGHT
    importer_client.post(f"{URL}{upload.pk}/confirm/")
    upload.refresh_from_db()
    assert (upload.state, upload.reason) == ("done", "")
    assert not Unit.objects.filter(name=MISSPELT).exists() and reports_of(RIGHT) == 2 * before


def test_accepting_a_spelling_merges_the_unit_an_earlier_import_made_for_review(importer_client, misspelt, tmp_path):
    import_report(misspelt)  # 市发展改草委 made for review, with its reports
    moved = reports_of(MISSPELT)
    Unit.objects.get_or_create(organisation=Unit.objects.get(name=MISSPELT).organisation, name=RIGHT)
    assert moved and reports_of(RIGHT) == 0  # the right spelling is known (an alias of the migrations)
    upload = uploaded(importer_client, misspelt)
    assert RIGHT in upload.preview["new_units"][MISSPELT]
    importer_client.post(f"{URL}{upload.pk}/units/", {"spelling": MISSPELT, "unit": RIGHT})
    assert not Unit.objects.filter(name=MISSPELT).exists() and reports_of(RIGHT) == moved
    assert Upload.objects.get(pk=upload.pk).preview["new_units"] == {}


def test_a_spelling_not_in_the_preview_or_an_unknown_unit_is_refused(importer_client, misspelt):
    import_report(PROGRESS_2023_H1)
    upload = uploaded(importer_client, misspelt)
    assert importer_client.post(f"{URL}{upload.pk}/units/", {"spelling": "市财政局", "unit": RIGHT}).status_code == 400
    assert (
        importer_client.post(f"{URL}{upload.pk}/units/", {"spelling": MISSPELT, "unit": "无此单位"}).status_code == 404
    )
    assert not UnitAlias.objects.filter(spelling=MISSPELT).exists()
