"""django-tables2 reads each cell's render function's signature through
`dashboard.table_cells.signature` (installed when the dashboard app is ready): once per function,
and the same as the library's own reading."""

import pytest
from django_tables2 import utils

from dashboard.table_cells import _read_signature, _signature_of


class Renderer:
    def render_value(self, value, record):
        return value

    def render_anything(self, **kwargs):
        return kwargs

    @classmethod
    def render_for_table(cls, table):
        return table

    @staticmethod
    def render_plain(value):
        return value


def render_with_defaults(value, *args, table=None):
    return value


CALLABLES = [
    Renderer().render_value,
    Renderer().render_anything,
    Renderer.render_for_table,
    Renderer().render_plain,
    render_with_defaults,
    lambda record: record,
    print,
]


@pytest.mark.parametrize("function", CALLABLES, ids=lambda function: getattr(function, "__name__", "?"))
def test_the_signature_read_once_is_the_librarys(function):
    assert utils.signature is not _read_signature  # the app installed it
    assert utils.signature(function) == _read_signature(function)


def test_a_methods_signature_is_read_once_for_every_object():
    _signature_of.cache_clear()
    for _ in range(3):
        utils.call_with_appropriate(Renderer().render_value, {"value": 1, "record": None, "table": None})
    assert _signature_of.cache_info().misses == 1
    assert _signature_of.cache_info().hits == 2
