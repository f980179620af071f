"""django-tables2 reads the signature of a column's render function for every cell it renders
(`django_tables2.utils.call_with_appropriate`): a tenth of a cold page of 50 rows. A function's
signature does not change, so it is read once per function here."""

import functools
from types import FunctionType, MethodType

from django_tables2 import utils

_read_signature = utils.signature


@functools.lru_cache(maxsize=1024)
def _signature_of(function: FunctionType, bound: bool) -> tuple[tuple[str, ...], str | None]:
    arguments, keywords = _read_signature(function)
    # The library leaves out a bound method's first argument (its object).
    return (arguments[1:] if bound else arguments), keywords


def signature(fn) -> tuple[tuple[str, ...], str | None]:
    if isinstance(fn, MethodType) and isinstance(fn.__func__, FunctionType):
        return _signature_of(fn.__func__, True)
    if isinstance(fn, FunctionType):
        return _signature_of(fn, False)
    return _read_signature(fn)


def read_signatures_once() -> None:
    utils.signature = signature
