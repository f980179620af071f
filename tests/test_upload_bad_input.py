"""Bad and awkward files uploaded at `/dashboard/imports/`: anything that cannot be read is refused
on the page (status 400) in one line naming the file and the problem, with nothing written; files
that can be read but need care (formulas, a period other than the title's, a file already
imported, a correction of a published period) are previewed as they are and imported safely; no
form of the upload pages is taken without its CSRF token."""

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.test.client import FakePayload

from benchmarks.bench_limits import MIB, SHEET, package_parts, write_bomb, write_package
from importers.cells import read_rows
from targets.models import ImportBatch, ProgressReport, ReportingPeriod
from tests.conftest import PROGRESS_2023_H1, database_snapshot, import_report, page_text
from uploads.models import Upload, UploadState

pytestmark = pytest.mark.django_db
URL = "/dashboard/imports/"
TESTS = Path(__file__).resolve().parent
OFFICE = TESTS / "data" / "office"
SCREENSHOT = TESTS.parent / "docs" / "screenshots" / "target-phone.png"
WORD_TABLE = OFFICE / "progress-2024-M08-word-table.docx"
# A "billion laughs": ten entities, each ten of the one before; &lol9; is a billion "lol"s.
LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol0 "lol">{}]>'.format(
    "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
)
# The progress of target 2 in the 2023 H1 table, and the same corrected.
REVENUE = "全市一般公共预算收入完成 171.2 亿元"
CORRECTED_REVENUE = "全市一般公共预算收入完成 171.3 亿元"
# Progress cells that a spreadsheet program would run, written into targets 1 and 2.
SUM, LINK = "=1+1", '=HYPERLINK("http://x","y")'
# A unit misspelt, which the preview offers to accept as a name of the right one.
MISSPELT, RIGHT = "市发展改草委", "市发展改革委"


def post(client, name: str, content: bytes, kind: str = "progress", period: str = ""):
    return client.post(URL, {"file": SimpleUploadedFile(name, content), "kind": kind, "period": period})


def upload_file(client, path: Path, period: str = ""):
    return post(client, path.name, path.read_bytes(), period=period)


def assert_refused(response, message: str, before: dict) -> None:
    """Status 400, the message on the page, and not a row written: no upload, no data."""
    assert response.status_code == 400, page_text(response)
    assert message in page_text(response)
    assert not Upload.objects.exists() and database_snapshot() == before


def preview_of(client, response) -> str:
    assert response.status_code == 302, page_text(response)
    return page_text(client.get(response["Location"]))


def confirmed(client, upload: Upload) -> Upload:
    client.post(f"{URL}{upload.pk}/confirm/")
    upload.refresh_from_db()
    assert upload.state == UploadState.DONE, upload.reason
    return upload


def seed_rows() -> list[list[str]]:
    """The 2023 H1 table cell for cell: a blank line, the title, a blank line, the header, the rows."""
    return [list(row.cells) for row in read_rows(PROGRESS_2023_H1)]


def report_of(seq: int) -> ProgressReport:
    return ProgressReport.objects.get(period__code="2023-H1", target__year=2023, target__seq=seq)


def test_a_pdf_named_xlsx_is_refused_as_no_workbook(importer_client):
    before = database_snapshot()
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    response = post(importer_client, "progress-2023-H1.xlsx", pdf)
    assert_refused(response, "progress-2023-H1.xlsx: not a readable .xlsx workbook", before)


def test_a_png_image_named_docx_is_refused_as_no_word_document(importer_client):
    before = database_snapshot()
    response = post(importer_client, "progress-2024-M08.docx", SCREENSHOT.read_bytes())
    assert_refused(response, "progress-2024-M08.docx: not a readable .docx document", before)


def test_an_empty_file_is_refused_as_empty(importer_client):
    before = database_snapshot()
    response = post(importer_client, "progress-2023-H1.xlsx", b"")
    assert_refused(response, "所提交的是空文件。", before)  # Django's FileField refuses it, unread


@pytest.fixture
def body_read(monkeypatch) -> list[int]:
    """The sizes of the pieces of the test client's request bodies the server reads."""
    pieces = []
    read = FakePayload.read

    def counted(payload, *size):
        piece = read(payload, *size)
        pieces.append(len(piece))
        return piece

    monkeypatch.setattr(FakePayload, "read", counted)
    return pieces


def test_a_file_over_the_limit_is_refused_before_its_body_is_read(importer_client, settings, body_read):
    settings.UPLOAD_MAX_BYTES = 10_000
    before = database_snapshot()
    response = post(importer_client, "big.xlsx", b"x" * 200_000)
    assert sum(body_read) < 200_000  # refused on the length the request declares
    assert_refused(response, "没有读取", before)
    limit = " ".join(filesizeformat(settings.UPLOAD_MAX_BYTES).split())  # 9.8 KB
    assert limit in page_text(response) and "20 MB" not in page_text(response)  # the limit in force


def test_a_zip_bomb_is_refused_by_the_size_it_declares(importer_client, settings, tmp_path):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = MIB
    bomb = write_bomb(tmp_path / "bomb.xlsx", 3 * MIB)
    before = database_snapshot()
    response = upload_file(importer_client, bomb)
    assert_refused(response, f"bomb.xlsx: {SHEET} inflates to 3 MiB, over the 1 MiB limit", before)


def test_a_workbook_that_declares_xml_entities_is_refused(importer_client, tmp_path):
    strings = f'<?xml version="1.0"?>{LAUGHS}<sst xmlns="x"><si><t>&lol9;</t></si></sst>'
    laughs = write_package(tmp_path / "laughs.xlsx", package_parts() | {"xl/sharedStrings.xml": strings})
    before = database_snapshot()
    response = upload_file(importer_client, laughs)
    message = "laughs.xlsx: the workbook's XML declares entities or a DTD, refused (xl/sharedStrings.xml)"
    assert_refused(response, message, before)


def test_a_word_document_that_declares_an_external_entity_is_refused_unread(importer_client, tmp_path):
    path = tmp_path / "progress-2024-M08.docx"
    with zipfile.ZipFile(WORD_TABLE) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "word/document.xml":
                declaration = b'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
                data = data.replace(b"?>", b"?>" + declaration, 1).replace(b"<w:t>", b"<w:t>&secret;", 1)
            copy.writestr(member, data)
    before = database_snapshot()
    response = upload_file(importer_client, path)
    message = "progress-2024-M08.docx: the document's XML declares entities or a DTD, refused (word/document.xml)"
    assert_refused(response, message, before)
    assert "root:" not in page_text(response)


def test_formulas_are_kept_as_their_text_and_the_csv_export_neutralises_them(importer_client, tmp_path):
    workbook = openpyxl.Workbook()
    for cells in seed_rows():
        if cells[:1] == ["1"]:
            cells[4] = SUM
        elif cells[:1] == ["2"]:
            cells[4] = LINK
        workbook.active.append(cells)
    path = tmp_path / "progress-2023-H1.xlsx"
    workbook.save(path)
    page = preview_of(importer_client, upload_file(importer_client, path))
    assert "报告期：2023-H1" in page and "新增 213 条" in page
    assert "cell E6: a formula (=1+1): kept as written, not calculated" in page
    confirmed(importer_client, Upload.objects.get())
    assert (report_of(1).progress, report_of(2).progress) == (SUM, LINK)  # as written, never run
    exported = importer_client.get("/dashboard/periods/2023-H1/reports.csv").content.decode("utf-8")
    rows = {row["序号"]: row for row in csv.DictReader(io.StringIO(exported.lstrip("\ufeff")))}
    assert (rows["1"]["推进情况"], rows["2"]["推进情况"]) == ("'" + SUM, "'" + LINK)


def test_a_table_without_the_target_column_asks_which_column_is_which(importer_client, tmp_path):
    path = tmp_path / "progress-2023-H1.txt"
    path.write_text("\n".join("\t".join(cells[:2] + cells[3:]) for cells in seed_rows()) + "\n", encoding="utf-8")
    before = database_snapshot()
    page = preview_of(importer_client, upload_file(importer_client, path))
    assert "progress-2023-H1.txt, line 5: the table has no 责任目标内容" in page and "对应字段" in page
    assert Upload.objects.get().state == UploadState.MAPPING and database_snapshot() == before


def test_a_period_of_another_year_than_the_titles_is_pointed_out(importer_client):
    page = preview_of(importer_client, upload_file(importer_client, PROGRESS_2023_H1, period="2022-Q3"))
    assert "报告期：2022-Q3" in page and "文件标题中的报告期是 2023-H1，与所选的 2022-Q3 不同" in page
    assert not ProgressReport.objects.exists()


def test_a_file_already_imported_has_nothing_to_do_and_confirming_it_writes_nothing(importer_client):
    import_report(PROGRESS_2023_H1)
    before = database_snapshot()
    page = preview_of(importer_client, upload_file(importer_client, PROGRESS_2023_H1))
    assert "没有需要导入的变化" in page and "新增 0 条" in page and "更新 0 条" in page
    confirmed(importer_client, Upload.objects.get())
    assert database_snapshot() == before and ImportBatch.objects.count() == 1


def test_a_corrected_file_for_a_published_period_updates_the_report_in_place(importer_client, tmp_path):
    import_report("--publish", PROGRESS_2023_H1)
    report = report_of(2)
    text = PROGRESS_2023_H1.read_text(encoding="utf-8")
    assert text.count(REVENUE) == 1 and REVENUE in report.progress
    corrected = tmp_path / PROGRESS_2023_H1.name
    corrected.write_text(text.replace(REVENUE, CORRECTED_REVENUE), encoding="utf-8")
    page = preview_of(importer_client, upload_file(importer_client, corrected))
    assert "更新 1 条" in page and "不变 212 条" in page and "新增 0 条" in page
    confirmed(importer_client, Upload.objects.get())
    assert CORRECTED_REVENUE in report_of(2).progress and report_of(2).pk == report.pk
    assert ProgressReport.objects.count() == 213 and ReportingPeriod.objects.get(code="2023-H1").published


def test_every_upload_form_is_refused_without_its_csrf_token(importer_client, tmp_path):
    import_report(PROGRESS_2023_H1)
    misspelt = tmp_path / "2023-H1-misspelt.txt"
    misspelt.write_text(PROGRESS_2023_H1.read_text(encoding="utf-8").replace(RIGHT, MISSPELT), encoding="utf-8")
    assert upload_file(importer_client, misspelt).status_code == 302
    upload, before = Upload.objects.get(), database_snapshot()
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="importer"))
    forms = {
        URL: {"file": SimpleUploadedFile(misspelt.name, misspelt.read_bytes()), "kind": "progress"},
        f"{URL}{upload.pk}/confirm/": {},
        f"{URL}{upload.pk}/rollback/": {},
        f"{URL}{upload.pk}/units/": {"spelling": MISSPELT, "unit": RIGHT},
        f"{URL}periods/2023-H1/publish/": {"published": "1"},
    }
    assert {url: client.post(url, data).status_code for url, data in forms.items()} == dict.fromkeys(forms, 403)
    upload.refresh_from_db()
    assert (
        Upload.objects.count() == 1 and upload.state == UploadState.WAITING and MISSPELT in upload.preview["new_units"]
    )
    assert database_snapshot() == before and not ReportingPeriod.objects.get().published
