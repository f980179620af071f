"""The open data's documentation: every JSON form with an example that works, every field of a
report, the status, signal and period codes, and the limits."""

import json

import pytest

from analysis.signals import SIGNALS
from public.json_forms import REPORT_FIELDS
from targets.models import PeriodKind, Status
from tests.conftest import links, page_text, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixtures_imported_once")]


def test_each_example_address_answers_its_json_form(client, imported_fixtures):
    examples = [href for _text, href in links(client.get("/data/docs/")) if "format=json" in href]
    assert len(examples) == 7
    for href in examples:
        response = client.get(href)
        assert response.status_code == 200 and json.loads(response.content)["version"] == 1, href


def test_every_field_of_a_report_is_explained(client, imported_fixtures):
    report = json.loads(client.get("/periods/2023-H1/?format=json&per_page=1").content)["reports"][0]
    assert set(report) == set(REPORT_FIELDS)
    documented = {row[0] for row in table_rows(client.get("/data/docs/"), "字段")[1:]}
    assert documented == set(REPORT_FIELDS)


def test_the_codes_and_limits_are_listed(client, imported_fixtures):
    text = page_text(client.get("/data/docs/"))
    for code, label in Status.choices:
        assert f"{code} {label}" in text
    assert all(code in text for code in SIGNALS)
    assert all(f"{code} {label}" in text for code, label in PeriodKind.choices)
    assert "per_page 最大 500" in text and "304" in text


def test_it_reads_in_english_under_en(client, imported_fixtures):
    assert "format=json" in page_text(client.get("/en/data/docs/"))
