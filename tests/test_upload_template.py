"""`/dashboard/imports/template.xlsx`: the blank table, filled in with openpyxl and uploaded,
imports cleanly."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from targets.models import ProgressReport
from tests.conftest import PROGRESS_2023_H1, import_report
from uploads.models import Upload
from uploads.views import current_quarter

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/template.xlsx"


def test_the_filled_in_template_imports_cleanly(importer_client):
    import_report(PROGRESS_2023_H1)
    response = importer_client.get(URL, {"period": "2024-Q3"})
    assert response["Content-Disposition"] == 'attachment; filename="progress-template-2024-Q3.xlsx"'
    workbook = openpyxl.load_workbook(BytesIO(response.content))
    sheet = workbook["一览表"]
    assert sheet["A1"].value == "菏泽市2024年第三季度责任目标工作推进情况一览表"
    assert "聂元科" in [row[0] for row in workbook["市政府领导"].iter_rows(values_only=True)]
    assert sheet.data_validations.dataValidation[0].formula1 == '"是,否,已完成,—"'
    sheet.append([1, "聂元科", "新建 5G 基站 1000 个", "年底", "已建成 800 个", "是", "市工业和信息化局", "市财政局"])
    sheet.append([None, "王昌华", None, None, "完成选址", "否", "市发展改革委", None])
    filled = BytesIO()
    workbook.save(filled)
    file = SimpleUploadedFile("filled.xlsx", filled.getvalue())
    importer_client.post("/dashboard/imports/", {"file": file, "kind": "progress"})
    upload = Upload.objects.get()
    assert (upload.period_code, upload.preview["new"], upload.preview["warnings"]) == ("2024-Q3", 2, [])
    assert upload.preview["new_units"] == {} and upload.preview["new_leaders"] == []
    importer_client.post(f"/dashboard/imports/{upload.pk}/confirm/")
    reports = ProgressReport.objects.filter(period__code="2024-Q3").order_by("position")
    assert [(report.leader.name, report.status) for report in reports] == [("聂元科", "on_track"), ("王昌华", "behind")]


def test_an_unknown_period_is_refused_in_one_line(importer_client):
    response = importer_client.get(URL, {"period": "2024-X1"})
    assert response.status_code == 400 and "unknown period" in response.content.decode()


@pytest.mark.parametrize(
    ("today", "code"),
    [(date(2024, 2, 1), "2024-Q1"), (date(2024, 3, 31), "2024-Q1"), (date(2024, 4, 1), "2024-H1"),
     (date(2024, 9, 30), "2024-Q3"), (date(2024, 12, 31), "2024-FY")],
)  # fmt: skip
def test_without_a_period_the_template_is_for_the_quarter_under_way(today, code):
    assert current_quarter(today).code == code
