"""The open-data page (/data/): the organisation's whole published data set as JSON, a CSV per
table and a SQLite file, built when the data changes, each listed with its size and checksum,
described by a Frictionless data package; drafts and what the public never sees left out."""

import hashlib
import json
import sqlite3

import frictionless
import pytest
from django.contrib.auth.models import User
from django.test import Client, TestCase
from django.utils.timezone import localtime

from targets.models import OpenDataChunk, OpenDataRelease, Organisation, ProgressReport, Unit
from tests.conftest import (
    PROGRESS_FIXTURES,
    TABLES,
    csv_rows,
    download,
    every_file,
    import_report,
    links,
    listed_files,
    make_importer,
    page_text,
    sqlite_rows,
    write_table,
)

pytestmark = pytest.mark.django_db
FILES = {"heze.json", "heze.sqlite3", *(f"heze-{table}.csv" for table in TABLES)}
PUBLISH = "/dashboard/imports/periods/{}/publish/"


@pytest.fixture(scope="module")
def one_draft(module_transaction):
    """The three progress fixtures imported and published, then 2022 Q3 taken back by an
    importer (a draft); a unit under review and a user exist; the files built after each. Made
    once for the module (module_transaction's rules: each test's writes are undone after it).
    Returns the importer's client."""
    importer_client = Client()
    importer_client.force_login(make_importer("importer", Organisation.objects.default()))
    with TestCase.captureOnCommitCallbacks(execute=True):
        import_report("--publish", *PROGRESS_FIXTURES)
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert importer_client.post(PUBLISH.format("2022-Q3"), {"published": "0"}).status_code == 302
    Unit.objects.filter(name="市财政局").update(needs_review=True)
    User.objects.create_user("wang-importer", password="a-long-password-1", first_name="王", last_name="导入")
    return importer_client


def test_the_page_lists_every_file_with_the_size_and_checksum_of_its_download(one_draft):
    page = Client().get("/data/")
    listed = listed_files(page)
    assert set(listed) == FILES
    for name, (size, sha256) in listed.items():
        content = download(f"/data/{name}")
        assert (len(content), hashlib.sha256(content).hexdigest()) == (size, sha256), name
    text = page_text(page)
    assert "2020-H1 – 2023-H1" in text  # the periods covered: the draft is not the last any more
    built = OpenDataRelease.objects.newest_first().first()
    assert localtime(built.built_at).strftime("%Y-%m-%d %H:%M") in text  # when it was built
    assert ("datapackage.json", "/data/datapackage.json") in links(page)


def test_each_download_is_an_attachment_of_its_size_with_its_checksum_as_etag(one_draft):
    listed = listed_files(Client().get("/data/"))
    response = Client().get("/data/heze-reports.csv")
    assert response["Content-Disposition"] == 'attachment; filename="heze-reports.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert int(response["Content-Length"]) == listed["heze-reports.csv"][0]
    assert response["ETag"] == f'"{listed["heze-reports.csv"][1]}"'
    revalidated = Client().get("/data/heze-reports.csv", HTTP_IF_NONE_MATCH=response["ETag"])
    assert revalidated.status_code == 304
    head = Client().head("/data/heze.sqlite3")
    assert head.status_code == 200 and int(head["Content-Length"]) == listed["heze.sqlite3"][0]


def test_the_csv_the_sqlite_file_and_the_json_open_with_the_published_reports(one_draft, tmp_path):
    files = every_file()
    published = ProgressReport.objects.published()
    reports = csv_rows(files["heze-reports.csv"])
    assert len(reports) == published.count() == 213 + 56
    row = next(row for row in reports if (row["period"], row["seq"]) == ("2023-H1", "164"))
    assert row["units"] == "市住房城乡建设局、牡丹区人民政府、菏泽鲁西新区管委会" and row["leader"] == "肖友华"
    assert row["status"] == "on_track"
    by_period = sqlite_rows(files["heze.sqlite3"], "SELECT period, count(*) FROM reports GROUP BY period", tmp_path)
    assert by_period == [("2020-H1", 56), ("2023-H1", 213)]
    joined = "SELECT count(*) FROM report_units JOIN units ON units.name = report_units.unit"
    assert sqlite_rows(files["heze.sqlite3"], joined, tmp_path) == [(len(csv_rows(files["heze-report_units.csv"])),)]
    data = json.loads(files["heze.json"])
    assert [period["code"] for period in data["periods"]] == ["2020-H1", "2023-H1"]
    assert sum(len(target["reports"]) for target in data["targets"]) == 213 + 56


def test_no_file_and_not_the_package_holds_the_draft_or_what_the_public_never_sees(one_draft, tmp_path):
    draft = ProgressReport.objects.filter(period__code="2022-Q3").select_related("target")
    draft_texts = {report.progress[:20] for report in draft if len(report.progress) > 20}
    draft_targets = {report.target.content[:20] for report in draft if len(report.target.content) > 20}
    assert len(draft_texts) > 20 and len(draft_targets) > 20
    for name, content in every_file().items():
        if name.endswith(".sqlite3"):
            path = tmp_path / name
            path.write_bytes(content)
            with sqlite3.connect(path) as database:
                text = "\n".join(database.iterdump())
        else:
            text = content.decode("utf-8-sig")
        assert "2022-Q3" not in text and "2022年第三季度" not in text, name
        assert not any(snippet in text for snippet in draft_texts | draft_targets), name
        assert "progress-report" not in text and ".txt" not in text, name  # source files
        assert "needs_review" not in text and "wang-importer" not in text and "importer" not in text, name
    links_across_years = [
        link for target in json.loads(every_file()["heze.json"])["targets"] for link in target["links"]
    ]
    assert links_across_years and all(link["year"] != 2022 for link in links_across_years)


def test_taking_a_period_back_publishing_it_and_importing_each_rebuild_the_files(one_draft, committed, tmp_path):
    count = "SELECT count(*) FROM reports"
    assert sqlite_rows(every_file()["heze.sqlite3"], count, tmp_path) == [(213 + 56,)]
    with committed():
        one_draft.post(PUBLISH.format("2022-Q3"), {"published": "1"})
    assert sqlite_rows(every_file()["heze.sqlite3"], count, tmp_path) == [(213 + 50 + 56,)]
    rows = ["1\t张三\t新建农村公路 100 公里\t年底\t已新建农村公路 60 公里\t是\t市交通运输局"]
    with committed():
        import_report("--publish", write_table(tmp_path / "2024-H1.txt", rows))
    assert sqlite_rows(every_file()["heze.sqlite3"], count, tmp_path) == [(213 + 50 + 56 + 1,)]
    assert "2020-H1 – 2024-H1" in page_text(Client().get("/data/"))


def test_the_last_build_is_served_until_the_one_after_a_change_lands(
    one_draft, django_capture_on_commit_callbacks, tmp_path
):
    served = listed_files(Client().get("/data/"))
    with django_capture_on_commit_callbacks() as waiting:  # committed, its build not run yet
        one_draft.post(PUBLISH.format("2022-Q3"), {"published": "1"})
    page = Client().get("/data/")
    assert listed_files(page) == served and "新的文件正在生成" in page_text(page)
    for build in waiting:
        build()
    page = Client().get("/data/")
    assert listed_files(page) != served and "新的文件正在生成" not in page_text(page)
    periods = sqlite_rows(every_file()["heze.sqlite3"], "SELECT DISTINCT period FROM reports", tmp_path)
    assert periods == [("2020-H1",), ("2022-Q3",), ("2023-H1",)]


def test_the_data_package_validates_and_documents_every_field(one_draft, tmp_path):
    for name, content in every_file().items():
        (tmp_path / name).write_bytes(content)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["licenses"][0]["path"].startswith("https://")
    assert package["temporalCoverage"] == {
        "start": "2020-06-30",
        "end": "2023-06-30",
        "firstPeriod": "2020-H1",
        "lastPeriod": "2023-H1",
    }
    resources = {resource["path"]: resource for resource in package["resources"]}
    assert set(resources) == FILES
    for path, resource in resources.items():
        assert resource["hash"] == "sha256:" + hashlib.sha256((tmp_path / path).read_bytes()).hexdigest()
    fields = {field["name"]: field for field in resources["heze-reports.csv"]["schema"]["fields"]}
    assert (fields["completion"]["type"], fields["progress_shared"]["type"]) == ("number", "boolean")
    assert fields["status"]["constraints"]["enum"][0] == "on_track"
    tables = [resource["schema"] for resource in package["resources"] if "schema" in resource]
    assert len(tables) == len(TABLES) and all(field["description"] for schema in tables for field in schema["fields"])


def test_an_unknown_file_is_not_found(one_draft):
    for url in ["/data/nothing.csv", "/data/heze.xlsx", "/o/nosuch/data/heze.json", "/data/HEZE.JSON"]:
        assert Client().get(url).status_code == 404, url


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_changed_through_the_page_or_a_file(one_draft, method):
    for url in ["/data/", "/data/heze.json", "/data/datapackage.json"]:
        assert getattr(Client(), method)(url).status_code == 405, (method, url)


def test_the_page_reads_a_few_rows_whatever_the_size_of_the_data(one_draft, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert Client().get("/data/").status_code == 200


def test_the_files_of_an_organisation_are_kept_with_the_build_before_only(one_draft, committed):
    for published in ("1", "0", "1"):
        with committed():
            one_draft.post(PUBLISH.format("2022-Q3"), {"published": published})
    kept = OpenDataRelease.objects.filter(organisation=Organisation.objects.default())
    assert kept.count() == 2
    assert set(OpenDataChunk.objects.values_list("file__release", flat=True)) == set(kept.values_list("pk", flat=True))
