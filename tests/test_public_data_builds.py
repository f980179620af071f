"""The open-data files (/data/) of data other than the fixtures with a draft (tests/test_public_data.py):
a table whose cells would start formulas, the page before any build, each organisation's own files."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import (
    TABLES,
    csv_rows,
    download,
    every_file,
    import_report,
    links,
    listed_files,
    page_text,
    sqlite_rows,
    write_table,
)

pytestmark = pytest.mark.django_db


def test_every_csv_cell_that_would_start_a_formula_is_neutralised(db, committed, tmp_path):
    rows = ['1\t张三\t=HYPERLINK("http://example.com")\t年底\t-已完成 10 公里\t是\t市交通运输局']
    with committed():
        import_report("--publish", write_table(tmp_path / "2024-H1.txt", rows))
    files = every_file()
    (report,) = csv_rows(files["heze-reports.csv"])
    assert report["progress"] == "'-已完成 10 公里"
    (target,) = csv_rows(files["heze-targets.csv"])
    assert target["content"] == '\'=HYPERLINK("http://example.com")'
    database = sqlite_rows(files["heze.sqlite3"], "SELECT progress FROM reports", tmp_path)
    assert database == [("-已完成 10 公里",)]  # a database cell is data, never a formula


def test_before_the_first_build_the_page_says_the_files_are_being_prepared(client, imported_fixtures):
    page = client.get("/data/")
    assert page.status_code == 200 and "数据文件正在生成" in page_text(page)
    assert not any("/data/heze" in href for _text, href in links(page))
    assert client.get("/data/datapackage.json").status_code == 404


def test_each_organisation_has_its_own_files_and_english_readers_get_the_same(city_and_counties):
    call_command("build_open_data", stdout=io.StringIO())
    county = Client().get("/o/dingtao/data/")
    assert set(listed_files(county)) == {"dingtao.json", "dingtao.sqlite3", *(f"dingtao-{t}.csv" for t in TABLES)}
    reports = csv_rows(download("/o/dingtao/data/dingtao-reports.csv"))
    assert {row["progress"] for row in reports} >= {"已新建农村公路 10 公里"}
    assert Client().get("/o/dingtao/data/heze.json").status_code == 404
    english = Client().get("/en/data/")
    assert english.status_code == 200 and listed_files(english).keys() == listed_files(Client().get("/data/")).keys()
