"""The facets of a public list written by the `facet_lists` tag: each value with its count and a
link narrowing the list, the chosen one with a link taking it off, every text escaped; and the
addresses of those links, as Django's QueryDict writes them."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from public.facets import Facet, FacetValue
from public.templatetags.public_links import address_with
from tests.conftest import links, page_text

FACETS = "{% load facet_lists %}{% facet_lists facets %}"


class Page:  # the shape page_text and links read: a page's HTML
    def __init__(self, html: str):
        self.content = html.encode()


def drawn(facets: list[Facet], query: str) -> Page:
    request = RequestFactory().get(f"/periods/2023-H1/?{query}")
    return Page(Template(FACETS).render(Context({"request": request, "facets": facets})))


LEADERS = Facet(
    "leader",
    "市政府领导",
    [FacetValue("王昌华", "王昌华", 12, chosen=True), FacetValue("肖友华", "肖友华", 7, chosen=False)],
)
STATUSES = Facet("status", "报告状态", [FacetValue("behind", "滞后", 3, chosen=False)])


def test_each_value_links_to_the_list_narrowed_to_it_and_the_chosen_one_to_the_list_without_it():
    page = drawn([LEADERS, STATUSES], "leader=王昌华&page=3&q=基站")
    assert links(page) == [
        ("×", "?q=%E5%9F%BA%E7%AB%99"),
        ("肖友华", "?leader=%E8%82%96%E5%8F%8B%E5%8D%8E&q=%E5%9F%BA%E7%AB%99"),
        ("滞后", "?leader=%E7%8E%8B%E6%98%8C%E5%8D%8E&q=%E5%9F%BA%E7%AB%99&status=behind"),
    ]
    assert page_text(page) == "市政府领导 王昌华 12 × 肖友华 7 报告状态 滞后 3"
    assert 'aria-label="取消“王昌华”"' in page.content.decode()


def test_a_facet_without_values_says_so():
    assert page_text(drawn([Facet("unit", "责任单位", [])], "")) == "责任单位 —"


def test_every_text_is_escaped():
    hostile = Facet("unit", "<b>单位</b>", [FacetValue("<i>局</i>", "<i>局</i>", 1, chosen=True)])
    page = drawn([hostile], "unit=<i>局</i>")
    assert page_text(page) == "<b>单位</b> <i>局</i> 1 ×" and "<i>" not in page.content.decode()


@pytest.mark.parametrize(
    "query, name, value",
    [
        ("", "leader", "王昌华"),
        ("leader=王昌华&page=2", "leader", ""),
        ("q=基站&status=behind&page=4", "page", 5),
        ("unit=a&unit=b&q=x y&sort=-completion", "unit", "市发展改革委"),
        ("q=%26%3D%2B&leader=李", "signal", "red"),
        ("page=2", "leader", None),
    ],
)
def test_an_address_with_one_parameter_changed_is_written_as_querydict_writes_it(query, name, value):
    expected = QueryDict(query, mutable=True)
    expected.pop("page", None)
    if value in (None, ""):
        expected.pop(name, None)
    else:
        expected[name] = value
    assert address_with(QueryDict(query), name, value) == f"?{expected.urlencode()}"
