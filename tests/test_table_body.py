"""The tables' rows written by the `table_body` tag (templates/includes/table.html) read as
django-tables2's own template writes them: the same cells, escaped and localised the same way,
with the same attributes, computed ones included."""

import re
from datetime import date

import django_tables2 as tables
import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from tests.conftest import page_text

LIBRARY_TEMPLATE = "django_tables2/table.html"


class ExampleTable(tables.Table):
    name = tables.Column(linkify=lambda record: f"/things/{record['n']}/")
    note = tables.Column(attrs={"td": {"class": "note"}})
    n = tables.Column(attrs={"td": {"data-parity": lambda record: "odd" if record["n"] % 2 else "even"}})
    share = tables.Column()
    day = tables.Column()


RECORDS = [
    {"name": "甲 & 乙", "note": "<b>not bold</b>", "n": 1, "share": 0.25, "day": date(2023, 6, 30)},
    {"name": "丙", "note": "", "n": 2, "share": 1234.5, "day": date(2024, 1, 1)},
    {"name": "丁", "note": "plain", "n": 3, "share": None, "day": None},
]


def rendered(table: tables.Table) -> str:
    request = RequestFactory().get("/things/?page=1")
    table.paginate(per_page=2)
    return Template("{% load django_tables2 %}{% render_table table %}").render(
        Context({"table": table, "request": request})
    )


def body(html: str) -> str:
    inside = re.search(r"<tbody[^>]*>(.*)</tbody>", html, re.S)[1]
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", inside)).strip()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_its_rows_are_those_of_the_librarys_template(language):
    with translation.override(language):
        ours = rendered(ExampleTable(RECORDS))
        theirs = rendered(ExampleTable(RECORDS, template_name=LIBRARY_TEMPLATE))
    assert body(ours) == body(theirs)
    assert 'data-parity="odd"' in body(ours) and 'data-parity="even"' in body(ours)


def test_text_stays_text_and_the_page_links_follow_the_rows():
    html = rendered(ExampleTable(RECORDS))
    text = page_text(html)
    assert "<b>not bold</b>" in text and "甲 & 乙" in text
    assert "<b>" not in body(html)
    assert '<a href="/things/1/">' in html
    assert "丁" not in text  # the third record is on the second page
    assert "?page=2" in html


def test_an_empty_table_says_so_in_one_row_across_its_columns():
    html = rendered(ExampleTable([], empty_text="没有记录。"))
    assert body(html) == '<tr><td colspan="5">没有记录。</td></tr>'
